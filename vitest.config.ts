import { defineConfig } from 'vitest/config';

// Two projects: `unit` runs pure functions, charts and the validation corpus in-process;
// `integration` runs against real API servers started by test/envtest/global-setup.ts.
// A controller keeps its tests in controllers/<name>/test/ (so deleting the folder deletes them):
// `*.test.ts` are unit tests, `*.int.test.ts` need the control plane.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'controllers/**/test/**/*.test.ts'],
          exclude: ['controllers/**/*.int.test.ts', '**/node_modules/**'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'controllers/**/test/**/*.int.test.ts'],
          globalSetup: ['test/envtest/global-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 1_800_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
