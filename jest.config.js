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
};
