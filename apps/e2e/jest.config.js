// Browser tests: the built api serves the built web and portal; playwright-core drives the
// system Chromium. One worker: the tests share one server and a 2-core machine.
const preset = require('../../jest.preset.js');

module.exports = {
  ...preset,
  displayName: 'e2e',
  testMatch: ['<rootDir>/apps/e2e/src/**/*.e2e.ts'],
  maxWorkers: 1,
  testTimeout: 60_000,
  globalSetup: '<rootDir>/apps/e2e/src/support/global-setup.ts',
  globalTeardown: '<rootDir>/apps/e2e/src/support/global-teardown.ts',
};
