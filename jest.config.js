// Tests are compiled by `tsc` with the rest of the project (one type-check, no second compiler),
// then run as native ES modules from dist/.
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/dist/test'],
  testMatch: ['**/*.test.js'],
  transform: {},
  globalSetup: '<rootDir>/dist/test/support/global-setup.js',
  globalTeardown: '<rootDir>/dist/test/support/global-teardown.js',
  testTimeout: 60000,
  // The files share one database and some of them write: one at a time, so that none sees another's rows appear.
  maxWorkers: 1,
  // Each file loads the platform anew in its own module registry, which a process keeps until it ends: a worker
  // above this after a file is replaced, so that the 120-odd files do not add up past the heap's limit (they did).
  workerIdleMemoryLimit: '1GB',
};
