// Reliability: the authorization matrix (reused from the api's HTTP tests), fuzzing of JSON bodies
// and CSV imports, kill -9 and database restarts against the built api, concurrent edits, audit
// tampering. One worker: the suites share a 2-core machine and a database server.
const preset = require('../../jest.preset.js');

module.exports = {
  ...preset,
  displayName: 'reliability',
  testMatch: ['<rootDir>/apps/reliability/src/**/*.spec.ts', '<rootDir>/apps/api/src/app/authorization-matrix.api.spec.ts'],
  maxWorkers: 1,
  testTimeout: 120_000,
};
