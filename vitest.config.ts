import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const protocolSrc = fileURLToPath(new URL('./protocol/src/index.ts', import.meta.url));
const common = { resolve: { alias: { '@ioc/protocol': protocolSrc } } };
const ignored = ['**/node_modules/**', '**/dist/**'];

const pgOff = (file: string) => `content-server/src/${file}.integration.test.ts`;
/** The server's integration tests that do not run again on PostgreSQL, each with why. */
const INTEGRATION_PG_EXCLUDED = [
  // Already run on both engines (describe.each(ENGINES)) or on PostgreSQL alone:
  'audit/audit', // ENGINES
  'auth/api-keys', // ENGINES
  'auth/groups', // ENGINES
  'auth/one-time-codes', // ENGINES
  'auth/sessions', // ENGINES
  'auth/users', // ENGINES
  'cluster/bus', // LocalBus on SQLite and PgBus on PostgreSQL, each tested
  'cluster/leases', // ENGINES
  'cluster/servers-on-postgres', // PostgreSQL only: two servers on one database
  'cluster/devices-on-postgres', // PostgreSQL only: a device driven by one of two servers
  'cluster/pairing-on-postgres', // PostgreSQL only: a display enrolled through the other of two servers
  'cli/ops-postgres', // PostgreSQL only: ops with DATABASE_URL
  'commands/command-log', // ENGINES
  'feeds/catalog-edits-store', // ENGINES
  'feeds/provenance/unit-keys', // ENGINES
  'map-feed/map-feed-repo', // ENGINES
  'reports/outbox', // ENGINES
  'store/observations-repo', // ENGINES
  'store/sql', // ENGINES, and SQLite's own connection
  'store/postgres-sessions', // PostgreSQL only: its session timeouts
  'wall/device-codes', // ENGINES
  'wall/device-tokens', // ENGINES
  'wall/wall-state', // ENGINES
  'warnings/warnings-repo', // ENGINES
  'backup/restore-drill', // PostgreSQL's own backups (pgBackRest) on clusters of its own
  // SQLite only:
  'cli/group-commands', // `ops group` on a SQLite data folder
  'cli/migrate', // migrate-to-postgres: reads a SQLite data folder into a PostgreSQL of its own
  'cli/ops', // `ops` on a SQLite data folder (backups, quick_check, keys beside a running server)
  'cli/user-commands', // `ops user` on a SQLite data folder
  'cli/wall-commands', // `ops wall` on a SQLite data folder
  'cli/wall-device-commands', // `ops wall-device` on a SQLite data folder
  'devices/device-ownership', // device domains without servers, each on its own better-sqlite3 connection to one file (leases: cluster/leases, both engines)
  'store/data-key', // DATA_KEY_FILE encrypts the SQLite file only (a server refuses it with DATABASE_URL)
  // No store at all: device links, transports, emulators and socket edges on their own:
  'auth/socket-access',
  'devices/device-connection',
  'devices/drivers/osc',
  'devices/emulators/emulators',
  'devices/emulators/emulators2',
  'devices/pjlink-auth',
  'devices/transports/transports',
  'http/edges',
].map(pgOff);

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
          // The server's integration tests again, each test server on its own PostgreSQL database
          // (harness.ts: IOC_TEST_STORE=postgres) in ONE cluster for the run (postgres-suite.global.ts).
          name: 'integration-pg',
          include: ['content-server/src/**/*.integration.test.ts'],
          exclude: [...ignored, ...INTEGRATION_PG_EXCLUDED],
          env: { IOC_TEST_STORE: 'postgres' },
          globalSetup: ['content-server/src/testing/postgres-suite.global.ts'],
          setupFiles: ['content-server/src/testing/postgres-suite.setup.ts'],
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
