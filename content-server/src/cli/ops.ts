import { existsSync } from 'node:fs';
import { pino } from 'pino';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { BriefingSchema, MacroSchema, formatVnTimestamp } from '@ioc/protocol';
import { Command, InvalidArgumentError } from 'commander';
import { ApiKeys, ROLES, type Role } from '../auth/index.js';
import { auditSettings, type Audit, type LogReport, describeReport, verifyAuditFile, verifyAuditLog } from '../audit/index.js';
import { loadConfig, paths } from '../config.js';
import { CatalogRegistry, loadCatalogWithEdits } from '../feeds/index.js';
import type { Store } from '../store/index.js';
import { PostgresSql } from '../store/postgres-sql.js';
import { checkMacro } from '../commands/catalog.js';
import { readConfigDir } from '../config-dir.js';
import { driverByName } from '../devices/drivers/index.js';
import { readDeviceProfiles } from '../devices/profiles.js';
import { LAST_GOOD_DIR, checkBriefing, checkLayouts, lastGoodNotes, readLayoutFiles } from '../wall/index.js';
import { registerDataKeyCommands } from './data-key-commands.js';
import { registerDeviceCommands } from './device-commands.js';
import { registerMigrateCommand } from './migrate-command.js';
import { centerDatabaseUrl, initStore, openStore, placeOf, storeMissing, storeFile, withOpsStore, type OpsStore } from './store-access.js';
import { registerTlsCommands } from './tls-commands.js';
import { registerGroupCommands } from './group-commands.js';
import { registerUserCommands } from './user-commands.js';
import { registerWallCommands } from './wall-commands.js';
import { registerWallDeviceCommands } from './wall-device-commands.js';

/**
 * `ops`: operator commands on the same store as the server (keys, layout checks): DATA_DIR's
 * SQLite store, or the center's PostgreSQL with DATABASE_URL (store-access.ts). Safe to run
 * while the servers run: SQLite in WAL mode lets both write, PostgreSQL lets everyone. Each
 * command names the store it works on; a missing SQLite store is an error, and only `ops init`
 * creates one.
 */
const program = new Command('ops').description('IOC content server operations').showHelpAfterError();

function actor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    // No user name in some containers; the audit line still says it came from the CLI.
    return 'cli';
  }
}

/** One command on the store the environment names (store-access.ts), with its API keys. */
async function withStore<T>(fn: (store: Store, keys: ApiKeys, audit: Audit) => T | Promise<T>): Promise<T> {
  return withOpsStore(loadConfig().dataDir, async ({ store, audit, revoked }) => fn(store, new ApiKeys(store.sql, { onRevoke: revoked }), audit));
}

/** Store commands of the other files: the same store, audit log and revocation notice. */
const withAnyStore = <T>(fn: (s: OpsStore) => Promise<T>): Promise<T> => withOpsStore(loadConfig().dataDir, fn);

/**
 * The indicator catalog the server of this store runs with: the shipped one plus the
 * indicators added or edited through the catalog API (stored in its store). `open`: a store the
 * command already holds. Without a SQLite store there are no additions: the shipped catalog,
 * and a line that says so.
 */
async function catalogOfStore(open?: Store): Promise<CatalogRegistry> {
  const dataDir = loadConfig().dataDir;
  if (!open && !centerDatabaseUrl() && !existsSync(storeFile(dataDir))) {
    process.stderr.write(`store: none at ${storeFile(dataDir)}; checking against the shipped catalog only (set DATA_DIR to include indicators added through the catalog API)\n`);
    return CatalogRegistry.load(paths);
  }
  const store = open ?? (await openStore(dataDir));
  try {
    return (await loadCatalogWithEdits(paths, store.sql, (v, problems) =>
      process.stderr.write(`warning: stored catalog edit of ${v.indicator} (version ${v.version}) no longer fits the catalog, so the server uses the shipped definition: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}\n`),
    )).catalog;
  } finally {
    if (!open) await store.close();
  }
}

function parseRole(value: string): Role {
  if (!ROLES.includes(value as Role)) throw new InvalidArgumentError(`expected one of ${ROLES.join(', ')}`);
  return value as Role;
}

program
  .command('init')
  .description('create the store in DATA_DIR (the only command that creates one) and its audit key (AUDIT_KEY_FILE); harmless if they are already there')
  .action(async () => {
    const dataDir = loadConfig().dataDir;
    await initStore(dataDir);
    const { keyFile, created } = await withStore((_store, _keys, audit) => audit.open());
    process.stdout.write(`audit key: ${keyFile} (${created ? 'created, mode 0600: back it up apart from the data' : 'already there; nothing changed'})\n`);
  });

const apikey = program.command('apikey').description('manage API keys (ingest sources, consoles)');

apikey
  .command('create <name>')
  .description('create a key; it is printed once and cannot be shown again')
  .option('--role <role>', `one of ${ROLES.join(', ')}`, parseRole, 'ingest' as Role)
  .option('--synthetic', 'everything this key submits is stored as synthetic (demo and test feeds)', false)
  .option('--unit <code>', "a unit's own key: it may submit observations of this unit only (e.g. 01)")
  .action(async (name: string, opts: { role: Role; synthetic: boolean; unit?: string }) => {
    await withStore(async (_store, keys, audit) => {
      const { key, record } = await keys.create(name, opts.role, { synthetic: opts.synthetic, unit: opts.unit ?? null });
      await audit.write({ actor: actor(), action: 'apikey.create', target: name, detail: { role: record.role, synthetic: record.synthetic, ...(record.unit && { unit: record.unit }) }, ok: true });
      process.stdout.write(`${key}\n`);
      process.stderr.write(`Key "${name}" (role ${record.role}${record.synthetic ? ', synthetic' : ''}${record.unit ? `, unit ${record.unit} only` : ''}) created. Store it now: it cannot be shown again.\n`);
    });
  });

apikey
  .command('list')
  .description('list keys (names and roles; never the keys themselves)')
  .action(async () => {
    await withStore(async (_store, keys) => {
      const rows = await keys.list();
      if (rows.length === 0) return void process.stdout.write('no keys\n');
      const line = (cols: string[]) => cols.map((c, i) => c.padEnd([24, 9, 10, 26, 26, 0][i] ?? 0)).join(' ').trimEnd();
      process.stdout.write(`${line(['NAME', 'ROLE', 'SYNTHETIC', 'CREATED', 'REVOKED', 'UNIT'])}\n`);
      for (const k of rows) {
        process.stdout.write(`${line([k.name, k.role, k.synthetic ? 'yes' : 'no', new Date(k.createdAt).toISOString(), k.revokedAt ? new Date(k.revokedAt).toISOString() : '-', k.unit ?? 'any'])}\n`);
      }
    });
  });

apikey
  .command('revoke <name>')
  .description('revoke the active key of that name; it stops working at once')
  .action(async (name: string) => {
    await withStore(async (_store, keys, audit) => {
      const revoked = await keys.revoke(name);
      await audit.write({ actor: actor(), action: 'apikey.revoke', target: name, ok: revoked !== null });
      if (!revoked) {
        process.stderr.write(`no active key named "${name}"\n`);
        process.exitCode = 1;
        return;
      }
      process.stdout.write(`key "${name}" revoked\n`);
    });
  });

program
  .command('layouts')
  .description('layout files')
  .command('check [dir]')
  .description('validate walls, scenes, briefings, device profiles and macros (default: LAYOUTS_DIR or the repository layouts/)')
  .action(async (dir: string | undefined) => {
    const root = dir ?? loadConfig().layoutsDir;
    const catalog = (await catalogOfStore()).catalog;
    const { files, issues: readIssues } = readLayoutFiles(root);
    const { layouts, issues } = checkLayouts(files, {
      indicators: new Set(catalog.indicators.map((i) => i.id)),
      units: new Set(catalog.units.map((u) => u.code)),
    });
    const walls = new Map(layouts.flatMap((l) => (l.kind === 'wall' ? [[l.wall.id, l.wall] as const] : [])));
    const scenes = new Map(layouts.flatMap((l) => (l.kind === 'scene' ? [[l.scene.id, l.scene] as const] : [])));
    const devices = readDeviceProfiles(join(root, 'devices'), driverByName);
    const briefings = readConfigDir(join(root, 'briefings'), 'briefings', BriefingSchema, (b) => b.id);
    const macros = readConfigDir(join(root, 'macros'), 'macros', MacroSchema, (m) => m.name);
    const driverOf = new Map(devices.profiles.map((p) => [p.id, p.driver]));
    const all = [
      ...readIssues,
      ...issues,
      ...devices.issues,
      ...briefings.issues,
      ...briefings.entries.flatMap((e) => checkBriefing(e.file, e.value, { wall: (id) => walls.get(id), scene: (id) => scenes.get(id) })),
      ...macros.issues,
      ...macros.entries.flatMap((e) => checkMacro(e.file, e.value, { deviceDriver: (id) => driverOf.get(id), wallExists: (id) => walls.has(id) })),
    ];
    // The server of DATA_DIR serves its last good version of an invalid file: say which it shows.
    const config = loadConfig();
    const served = resolve(root) === config.layoutsDir ? lastGoodNotes(join(config.dataDir, LAST_GOOD_DIR), [...readIssues, ...issues, ...briefings.issues, ...macros.issues], pino({ level: 'silent' })) : [];
    for (const i of all) process.stdout.write(`${'severity' in i && i.severity ? `${i.severity}: ` : ''}${i.file}${i.path ? ` ${i.path}` : ''}: ${i.message}\n`);
    for (const n of served) process.stdout.write(`note: ${n.file}: ${n.text?.en ?? n.message}\n      ${n.text?.vi ?? ''}\n`);
    const problems = all.filter((i) => !('severity' in i && i.severity)).length;
    const counted = `${walls.size} walls, ${scenes.size} scenes, ${briefings.entries.length} briefings, ${devices.profiles.length} devices, ${macros.entries.length} macros`;
    process.stdout.write(`checked ${root}: ${counted}, ${problems} problem${problems === 1 ? '' : 's'}${all.length > problems ? `, ${all.length - problems} warning${all.length - problems === 1 ? '' : 's'}` : ''}\n`);
    if (problems > 0) process.exitCode = 1;
  });

registerDeviceCommands(program);
registerTlsCommands(program);
registerUserCommands(program, {
  withStore: withAnyStore,
  actor,
  knownUnit: async (store) => {
    const catalog = await catalogOfStore(store);
    return (code) => catalog.vintages(code).length > 0;
  },
});
registerGroupCommands(program, { withStore: withAnyStore, actor });
registerWallCommands(program, { layoutsDir: () => loadConfig().layoutsDir });
registerWallDeviceCommands(program, { withStore: withAnyStore, actor, layoutsDir: () => loadConfig().layoutsDir });

const auditCmd = program.command('audit').description('the tamper-evident audit log');

auditCmd
  .command('verify')
  .description('check the chain against the audit key and the signed anchors: an edited, inserted or deleted entry, entries deleted from the end, a chain recomputed without the key (exit 1 if any); reads only, changes nothing')
  .action(async () => {
    const dataDir = loadConfig().dataDir;
    const url = centerDatabaseUrl();
    let report: LogReport;
    if (url) {
      // Not Store.connect: that would bring the schema up to date, and verify changes nothing.
      process.stderr.write(`store: PostgreSQL ${placeOf(url)} (read-only)\n`);
      const sql = new PostgresSql(url, { max: 1 });
      try {
        report = await verifyAuditLog(sql, auditSettings(dataDir));
      } finally {
        await sql.close();
      }
    } else {
      const file = storeFile(dataDir);
      if (!existsSync(file)) throw storeMissing(dataDir);
      process.stderr.write(`store: ${file} (read-only)\n`);
      report = await verifyAuditFile(file, auditSettings(dataDir));
    }
    const [verdict, ...rest] = describeReport(report);
    process.stdout.write(`${verdict}\n`);
    // Details and warnings on standard error: standard output is the verdict, for scripts.
    for (const line of rest) (line.startsWith('warning:') ? process.stderr : process.stdout).write(`${line}\n`);
    if (!report.ok) process.exitCode = 1;
  });

auditCmd
  .command('rotate-key')
  .description('start a new keyed segment under a fresh audit key (the old key stays in the key file so its entries still verify)')
  .action(async () => {
    await withStore(async (store, _keys, audit) => {
      const previous = audit.keyId;
      const key = await audit.rotateKey(actor());
      const keyFile = auditSettings(loadConfig().dataDir).keyFile;
      // Every server of a PostgreSQL center seals with the key file's current key: they take the new one up once they have the file.
      const copy = store.engine === 'postgres' ? `; copy it to every server of the center now (AUDIT_KEY_FILE or DATA_DIR/audit.key there): until then they go on sealing with ${previous}` : '';
      process.stdout.write(`audit key ${key.id} now seals new entries (was ${previous}); back up ${keyFile}${copy}\n`);
    });
  });

auditCmd
  .command('tail')
  .description('the latest entries, newest first (times in Vietnam time, ISO 8601)')
  .option('--limit <n>', 'how many', (v) => Number.parseInt(v, 10), 20)
  .option('--action <action>', 'only this action, e.g. command.wall.scene.show')
  .action(async (opts: { limit: number; action?: string }) => {
    await withStore(async (_store, _keys, audit) => {
      for (const e of await audit.recent(opts.limit, opts.action)) {
        const who = e.role ? `${e.actor} (${e.role})` : e.actor;
        process.stdout.write(`${formatVnTimestamp(e.ts)}  ${e.ok ? 'ok ' : 'ERR'}  ${who}  ${e.action}${e.target ? ` ${e.target}` : ''}${e.detail === null ? '' : `  ${JSON.stringify(e.detail)}`}\n`);
      }
    });
  });

registerDataKeyCommands(program, { dataDir: () => loadConfig().dataDir, actor });
registerMigrateCommand(program, { dataDir: () => loadConfig().dataDir, actor });

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`ops: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
