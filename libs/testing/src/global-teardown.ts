export default async function globalTeardown(): Promise<void> {
  for (const servers of globalThis.__pollyTestServers ?? []) await servers.stop();
  globalThis.__pollyTestServers = [];
}
