import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

const serverTests = 'test/server/**/*.test.ts';
const endToEndTests = 'test/e2e/**/*.test.ts';

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      {
        // WXT's fake browser and auto-imports, for code that runs inside the extension.
        plugins: [WxtVitest()],
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx', 'lib/**/*.test.ts', 'lib/**/*.test.tsx'],
          exclude: ['**/node_modules/**', serverTests, endToEndTests],
        },
      },
      {
        extends: true,
        test: { name: 'server', include: [serverTests] },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: [endToEndTests],
          globalSetup: ['test/e2e/support/global-setup.ts'],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
