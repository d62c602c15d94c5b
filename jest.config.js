/**
 * Test tiers live next to the code: *.unit.test.ts (pure), *.int.test.ts (real NATS and Postgres),
 * *.e2e.test.ts (services with the exchange simulator, or a real browser: the cockpit's browser
 * tests in web/tests form their own project, without servers).
 * Integration and e2e tiers share one NATS and one Postgres per run (processes, or containers
 * when a Docker engine holds both images: libs/testing/src/server-selection.ts; started in
 * globalSetup); each test isolates itself with a fresh subject namespace and a database cloned
 * from a migrated template.
 */
const transform = {
  '^.+\\.(t|j|mj)s$': [
    '@swc/jest',
    { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
  ],
};

const common = {
  transform,
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  transformIgnorePatterns: ['/node_modules/'],
  roots: ['<rootDir>/libs', '<rootDir>/services', '<rootDir>/web', '<rootDir>/db'],
  modulePathIgnorePatterns: ['<rootDir>/.artifacts/'],
};

const withServers = {
  ...common,
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
};

module.exports = {
  // Integration tests wait for real servers; e2e files raise this further with jest.setTimeout.
  testTimeout: 60_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['**/*.unit.test.ts'] },
    { ...withServers, displayName: 'integration', testMatch: ['**/*.int.test.ts'] },
    { ...withServers, displayName: 'e2e', testMatch: ['**/*.e2e.test.ts'], testPathIgnorePatterns: ['/node_modules/', '<rootDir>/web/tests/'] },
    // The cockpit's browser tests need only a static server and Chromium, not NATS or Postgres.
    { ...common, displayName: 'browser', testMatch: ['<rootDir>/web/tests/**/*.e2e.test.ts'] },
  ],
};
