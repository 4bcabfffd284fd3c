// Jest runs in native ESM mode (see ../shared/STACK.md): swc transpiles with decorator metadata,
// and relative `.js` specifiers are mapped back to their `.ts` sources.
import { readFileSync } from 'node:fs';

const swc = JSON.parse(readFileSync(new URL('./.swcrc.jest.json', import.meta.url), 'utf8'));

const base = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
  // Booting the app against a fresh database takes seconds on a loaded 2-core machine; a hook or
  // test that is slow is not wrong (conditions are awaited with their own deadlines).
  testTimeout: 60_000,
};

export default {
  ...base,
  maxWorkers: 2,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{src,workflows}/**/*.spec.ts'] },
    { ...base, displayName: 'medium', testMatch: ['<rootDir>/test/medium/**/*.test.ts'] },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
  ],
};
