/**
 * A client for the simulator's admin endpoints (`/admin/...`: faults, traders, clock, firehose),
 * for tests and benchmarks: JSON in, the parsed answer out, and an error naming the route and
 * status when the simulator refuses.
 */
export type SimulatorAdmin = (method: string, route: string, body?: unknown) => Promise<any>;

export function simulatorAdmin(adminUrl: string): SimulatorAdmin {
  return async (method, route, body) => {
    const response = await fetch(`${adminUrl}${route}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`simulator admin ${method} ${route}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
}
