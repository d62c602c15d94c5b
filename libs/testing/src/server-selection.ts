/**
 * Which servers the integration and e2e tiers run against: containers (testcontainers) when a
 * Docker engine answers and already holds both images, otherwise local processes (nats-server and
 * embedded Postgres). Pure: the caller observes the engine, this decides and says why.
 * Images are never pulled (the build machines reach no registry), so an image counts only if the
 * engine already has it.
 */
import { z } from 'zod';
import { loadConfig } from '@polly/runtime';

export const DEFAULT_NATS_IMAGE = 'nats:2.11-alpine';
export const DEFAULT_POSTGRES_IMAGE = 'postgres:16-alpine';

/** Image references as Docker spells them (registry/path:tag or @digest), nothing else. */
const imageReference = z.string().regex(/^[a-z0-9][a-z0-9._\-/:@]*$/, 'expected an image reference such as nats:2.11-alpine');

export const TestServerSettings = z.object({
  POLLY_TEST_SERVERS: z
    .enum(['auto', 'containers', 'processes'])
    .default('auto')
    .describe('auto: containers when a Docker engine has both images, else local processes; containers or processes to insist'),
  POLLY_TEST_NATS_IMAGE: imageReference.default(DEFAULT_NATS_IMAGE).describe('the NATS image the engine already holds'),
  POLLY_TEST_POSTGRES_IMAGE: imageReference.default(DEFAULT_POSTGRES_IMAGE).describe('the Postgres image the engine already holds'),
  POLLY_TEST_CONTAINER_NETWORK: z
    .enum(['auto', 'host', 'bridge'])
    .default('auto')
    .describe('auto: mapped ports on the bridge network when the engine has one, else the host network'),
});
export type TestServerSettings = z.infer<typeof TestServerSettings>;

export function loadTestServerSettings(environment: Record<string, string | undefined> = process.env): TestServerSettings {
  return loadConfig(TestServerSettings, environment);
}

/** What the caller saw of the Docker engine. */
export type EngineObservation =
  | { reachable: false; problem: string }
  | { reachable: true; address: string; missingImages: string[]; networks: string[] };

export type ContainerNetwork = 'host' | 'bridge';

export type TestServersDecision =
  | { use: 'containers'; network: ContainerNetwork; reason: string }
  | { use: 'processes'; reason: string }
  /** POLLY_TEST_SERVERS=containers and they cannot run: the reason says what is missing. */
  | { use: 'refused'; reason: string };

const REMEDY_ENGINE = 'start one (infra/offline/engine.sh ensure) or leave POLLY_TEST_SERVERS unset';
const REMEDY_IMAGES =
  'nothing is pulled: load or build them (infra/offline/build-base-images.sh builds local/nats:bookworm and local/postgres:bookworm) and name them in POLLY_TEST_NATS_IMAGE and POLLY_TEST_POSTGRES_IMAGE';

/**
 * Bridge networking with mapped ports is the portable choice; an engine started without a bridge
 * (`dockerd --bridge=none`, as on the offline build machines) gives a container no network at all,
 * so there the host network is the one that works.
 */
function chooseNetwork(setting: TestServerSettings['POLLY_TEST_CONTAINER_NETWORK'], networks: string[]): { network: ContainerNetwork; why: string } | { problem: string } {
  const hasBridge = networks.includes('bridge');
  if (setting === 'host') return { network: 'host', why: 'host network (POLLY_TEST_CONTAINER_NETWORK=host)' };
  if (setting === 'bridge') return hasBridge ? { network: 'bridge', why: 'mapped ports (POLLY_TEST_CONTAINER_NETWORK=bridge)' } : { problem: 'the engine has no bridge network for POLLY_TEST_CONTAINER_NETWORK=bridge' };
  return hasBridge ? { network: 'bridge', why: 'mapped ports on the bridge network' } : { network: 'host', why: 'host network, the engine has no bridge network' };
}

export function decideTestServers(settings: TestServerSettings, engine: EngineObservation): TestServersDecision {
  const setting = settings.POLLY_TEST_SERVERS;
  if (setting === 'processes') return { use: 'processes', reason: 'POLLY_TEST_SERVERS=processes' };
  const insisted = setting === 'containers';
  if (!engine.reachable) {
    return insisted ? { use: 'refused', reason: `POLLY_TEST_SERVERS=containers but ${engine.problem}: ${REMEDY_ENGINE}` } : { use: 'processes', reason: engine.problem };
  }
  if (engine.missingImages.length > 0) {
    const missing = `${engine.missingImages.length === 1 ? 'image' : 'images'} ${engine.missingImages.join(' and ')} not in the Docker engine at ${engine.address}`;
    return insisted ? { use: 'refused', reason: `POLLY_TEST_SERVERS=containers but ${missing}; ${REMEDY_IMAGES}` } : { use: 'processes', reason: `${missing} (never pulled)` };
  }
  const network = chooseNetwork(settings.POLLY_TEST_CONTAINER_NETWORK, engine.networks);
  if ('problem' in network) {
    return insisted ? { use: 'refused', reason: `POLLY_TEST_SERVERS=containers but ${network.problem}` } : { use: 'processes', reason: network.problem };
  }
  const images = `${settings.POLLY_TEST_NATS_IMAGE} and ${settings.POLLY_TEST_POSTGRES_IMAGE}`;
  return { use: 'containers', network: network.network, reason: `${images} in the Docker engine at ${engine.address}, ${network.why}` };
}

/** The one line global setup prints. */
export function describeDecision(decision: TestServersDecision): string {
  return `test servers: ${decision.use === 'refused' ? 'none' : decision.use} (${decision.reason})`;
}
