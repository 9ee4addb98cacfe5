/** Jest runs TypeScript through ts-jest in CommonJS. PGlite loads its WASM with a
 * dynamic import, which needs `node --experimental-vm-modules` (see `npm test`). */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/seeds', '<rootDir>/test'],
  testRegex: '.*\\.spec\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.(t|j)s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleNameMapper: {
    '^@ledger/event-store(|/.*)$': '<rootDir>/libs/event-store/src$1',
    '^@ledger/testing(|/.*)$': '<rootDir>/libs/testing/src$1',
    '^@ledger/domain-kernel(|/.*)$': '<rootDir>/libs/domain-kernel/src$1',
    '^@ledger/messaging(|/.*)$': '<rootDir>/libs/messaging/src$1',
    '^@ledger/auth(|/.*)$': '<rootDir>/libs/auth/src$1',
    '^@ledger/api(|/.*)$': '<rootDir>/libs/api/src$1',
    '^@ledger/event-sourcing(|/.*)$': '<rootDir>/libs/event-sourcing/src$1',
    '^@ledger/contracts(|/.*)$': '<rootDir>/libs/contracts/src$1',
    '^@ledger/observability(|/.*)$': '<rootDir>/libs/observability/src$1',
    '^@ledger/spreadsheets(|/.*)$': '<rootDir>/libs/spreadsheets/src$1',
  },
  testTimeout: 60_000,
};
