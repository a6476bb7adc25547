// HTTP tests: the real Nest application over a real database (SQLite file by default,
// PostgreSQL when TEST_DB=postgres). One worker: the suites share a database server.
module.exports = {
  ...require('./jest.preset.js'),
  displayName: process.env.TEST_DB === 'postgres' ? 'http:postgres' : 'http:sqlite',
  roots: ['<rootDir>/libs', '<rootDir>/apps/api', '<rootDir>/tools'],
  testMatch: ['**/*.api.spec.ts'],
  maxWorkers: 1,
  testTimeout: 60000,
};
