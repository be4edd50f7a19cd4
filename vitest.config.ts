import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const protocolSrc = fileURLToPath(new URL('./protocol/src/index.ts', import.meta.url));
const common = { resolve: { alias: { '@ioc/protocol': protocolSrc } } };
const ignored = ['**/node_modules/**', '**/dist/**'];

export default defineConfig({
  test: {
    projects: [
      {
        ...common,
        test: {
          name: 'unit',
          include: ['protocol/src/**/*.test.ts', 'content-server/src/**/*.test.ts', 'wall-app/**/*.test.ts', 'control-console/src/**/*.test.ts', 'tests/support/**/*.test.ts'],
          exclude: [...ignored, '**/*.integration.test.ts'],
          typecheck: { enabled: true, include: ['protocol/src/**/*.test-d.ts'], tsconfig: 'protocol/tsconfig.typetest.json' },
        },
      },
      {
        ...common,
        test: {
          name: 'integration',
          include: ['**/*.integration.test.ts'],
          // tests/ holds the browser and attack suites; only its support harnesses have integration tests.
          exclude: [...ignored, 'tests/!(support)/**'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        ...common,
        test: {
          // Attacks against the built server run as `npm start` runs it (a child process).
          name: 'attack',
          include: ['tests/attack/**/*.attack.test.ts'],
          exclude: ignored,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/**/*.e2e.test.ts'],
          exclude: ignored,
          fileParallelism: false,
          // real browsers on a 2-core CI machine: give each poll room, not each test luck
          expect: { poll: { timeout: 15_000, interval: 50 } },
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
