// Unit tests: pure code beside the sources, no database server.
module.exports = {
  ...require('./jest.preset.js'),
  displayName: 'unit',
  roots: ['<rootDir>/libs', '<rootDir>/apps/api', '<rootDir>/tools'],
  testMatch: ['**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/dist/', '<rootDir>/tmp/', '\\.api\\.spec\\.ts$'],
};
