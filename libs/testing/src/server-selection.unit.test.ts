import { ConfigError } from '@polly/runtime';
import { type EngineObservation, decideTestServers, describeDecision, loadTestServerSettings } from './server-selection';

const settings = (environment: Record<string, string> = {}) => loadTestServerSettings(environment);

const noEngine: EngineObservation = { reachable: false, problem: 'no Docker engine at /var/run/docker.sock' };
const engine = (overrides: Partial<Extract<EngineObservation, { reachable: true }>> = {}): EngineObservation => ({
  reachable: true,
  address: '/var/run/docker.sock',
  missingImages: [],
  networks: ['bridge', 'host', 'none'],
  ...overrides,
});
const bridgeless = engine({ networks: ['host', 'none'] });

describe('the test server settings', () => {
  it('default to auto with the official images and an automatic network', () => {
    expect(settings()).toEqual({
      POLLY_TEST_SERVERS: 'auto',
      POLLY_TEST_NATS_IMAGE: 'nats:2.11-alpine',
      POLLY_TEST_POSTGRES_IMAGE: 'postgres:16-alpine',
      POLLY_TEST_CONTAINER_NETWORK: 'auto',
    });
  });

  it('take an empty value as unset', () => {
    expect(settings({ POLLY_TEST_SERVERS: '' }).POLLY_TEST_SERVERS).toBe('auto');
  });

  it('refuse an unknown choice, naming the variable', () => {
    expect(() => settings({ POLLY_TEST_SERVERS: 'docker' })).toThrow(ConfigError);
    expect(() => settings({ POLLY_TEST_SERVERS: 'docker' })).toThrow(/POLLY_TEST_SERVERS/);
  });

  it('refuse an image reference with spaces or capitals', () => {
    expect(() => settings({ POLLY_TEST_NATS_IMAGE: 'Nats latest' })).toThrow(/POLLY_TEST_NATS_IMAGE/);
  });
});

describe('when POLLY_TEST_SERVERS is auto', () => {
  it('uses processes when there is no engine, saying so', () => {
    const decision = decideTestServers(settings(), noEngine);
    expect(decision).toEqual({ use: 'processes', reason: 'no Docker engine at /var/run/docker.sock' });
    expect(describeDecision(decision)).toBe('test servers: processes (no Docker engine at /var/run/docker.sock)');
  });

  it('uses processes when the engine lacks an image, naming it and that nothing is pulled', () => {
    const decision = decideTestServers(settings(), engine({ missingImages: ['nats:2.11-alpine'] }));
    expect(decision).toEqual({ use: 'processes', reason: 'image nats:2.11-alpine not in the Docker engine at /var/run/docker.sock (never pulled)' });
  });

  it('names both images when both are missing', () => {
    const decision = decideTestServers(settings(), engine({ missingImages: ['nats:2.11-alpine', 'postgres:16-alpine'] }));
    expect(decision.reason).toMatch(/^images nats:2.11-alpine and postgres:16-alpine not in the Docker engine/);
  });

  it('uses containers with mapped ports when the engine has both images and a bridge network', () => {
    const decision = decideTestServers(settings(), engine());
    expect(decision).toEqual({
      use: 'containers',
      network: 'bridge',
      reason: 'nats:2.11-alpine and postgres:16-alpine in the Docker engine at /var/run/docker.sock, mapped ports on the bridge network',
    });
  });

  it('uses containers on the host network when the engine was started without a bridge', () => {
    const decision = decideTestServers(settings({ POLLY_TEST_NATS_IMAGE: 'local/nats:bookworm', POLLY_TEST_POSTGRES_IMAGE: 'local/postgres:bookworm' }), bridgeless);
    expect(decision).toEqual({
      use: 'containers',
      network: 'host',
      reason: 'local/nats:bookworm and local/postgres:bookworm in the Docker engine at /var/run/docker.sock, host network, the engine has no bridge network',
    });
  });

  it('uses the host network when asked, even with a bridge', () => {
    expect(decideTestServers(settings({ POLLY_TEST_CONTAINER_NETWORK: 'host' }), engine())).toMatchObject({ use: 'containers', network: 'host' });
  });

  it('falls back to processes when the bridge is asked for and the engine has none', () => {
    expect(decideTestServers(settings({ POLLY_TEST_CONTAINER_NETWORK: 'bridge' }), bridgeless)).toEqual({
      use: 'processes',
      reason: 'the engine has no bridge network for POLLY_TEST_CONTAINER_NETWORK=bridge',
    });
  });
});

describe('when POLLY_TEST_SERVERS is containers', () => {
  const containers = (environment: Record<string, string> = {}) => settings({ POLLY_TEST_SERVERS: 'containers', ...environment });

  it('refuses without an engine, saying what is missing and how to start one', () => {
    const decision = decideTestServers(containers(), noEngine);
    expect(decision.use).toBe('refused');
    expect(decision.reason).toBe('POLLY_TEST_SERVERS=containers but no Docker engine at /var/run/docker.sock: start one (infra/offline/engine.sh ensure) or leave POLLY_TEST_SERVERS unset');
  });

  it('refuses when an image is missing, naming it and where images come from', () => {
    const decision = decideTestServers(containers(), engine({ missingImages: ['postgres:16-alpine'] }));
    expect(decision.use).toBe('refused');
    expect(decision.reason).toMatch(/^POLLY_TEST_SERVERS=containers but image postgres:16-alpine not in the Docker engine at \/var\/run\/docker.sock; nothing is pulled/);
    expect(decision.reason).toContain('infra/offline/build-base-images.sh');
    expect(describeDecision(decision)).toMatch(/^test servers: none \(POLLY_TEST_SERVERS=containers but/);
  });

  it('refuses the bridge network on an engine without one', () => {
    expect(decideTestServers(containers({ POLLY_TEST_CONTAINER_NETWORK: 'bridge' }), bridgeless)).toEqual({
      use: 'refused',
      reason: 'POLLY_TEST_SERVERS=containers but the engine has no bridge network for POLLY_TEST_CONTAINER_NETWORK=bridge',
    });
  });

  it('uses containers when everything is there', () => {
    expect(decideTestServers(containers(), bridgeless)).toMatchObject({ use: 'containers', network: 'host' });
  });
});

describe('when POLLY_TEST_SERVERS is processes', () => {
  it('uses processes even when containers could run', () => {
    expect(decideTestServers(settings({ POLLY_TEST_SERVERS: 'processes' }), engine())).toEqual({ use: 'processes', reason: 'POLLY_TEST_SERVERS=processes' });
  });
});
