/**
 * The emulator tier (`npm run test:e2e`): gatewatch against a real AWS-compatible server (moto, on
 * a free loopback port, started and stopped by each suite). Run after the unit suite by .ci/run.
 * @type {import('jest').Config}
 */
import unit from './jest.config.js';

export default {
  ...unit,
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.ts'],
  // Each suite runs its own moto server; two at a time fit two cores.
  maxWorkers: 2,
  testTimeout: 120_000,
};
