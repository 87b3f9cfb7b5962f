/**
 * jest in ESM mode (the package is "type": "module", and middy is ESM-only).
 * ts-jest transpiles only (isolatedModules); `npm run typecheck` does the type checking.
 * @type {import('jest').Config}
 */
export default {
  testEnvironment: 'node',
  // Tests live under test/ only; testkit/ (the fixtures tests and the benchmark share) and bench/ hold none.
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  setupFiles: ['<rootDir>/test/support/setup-env.cjs'],
  setupFilesAfterEnv: ['aws-sdk-client-mock-jest'],
};
