import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'actions/*/test/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'apps/*/test/**/*.test.ts',
      'tests/**/*.test.ts',
    ],
    // temp-root first: everything after it, the app build included, writes under the run's folder.
    globalSetup: ['tests/setup/temp-root.ts', 'tests/setup/build-apps.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
