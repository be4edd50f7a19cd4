import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Audit, auditSettings } from '../audit/index.js';
import { ApiKeys } from '../auth/index.js';
import { paths } from '../config.js';
import { freePort } from '../testing/free-port.js';
import { openTestStore, testDatabase } from '../testing/harness.js';
import { CatalogRegistry } from './catalog.js';

// A batch or file is stored whole or not at all, also when the process dies half way. These
// tests run the real server as a child process and kill it with SIGKILL while it stores a batch
// of 4,788 values: once from inside the transaction, after half the rows are written (the
// IOC_FAULT=kill-mid-batch fault), and at a series of moments from outside, some of which must
// land inside the transaction (the server logs a line when it opens one, at debug level).

const INDICATORS = ['cpi_yoy', 'iip_yoy', 'retail_sales', 'budget_revenue'];
const MONTHS = 19;

describe('ingest is atomic when the process is killed', () => {
  let dataDir: string;
  let key: string;
  let provinces: string[];
  let child: ChildProcess | null = null;
  let url = '';

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ioc-atomic-'));
    const store = await openTestStore(dataDir);
    key = (await new ApiKeys(store.sql).create('atomic-test', 'ingest')).key;
    await store.close();
    provinces = CatalogRegistry.load(paths).provincesOn(Date.UTC(2020, 0, 1)).map((u) => u.code);
  });
  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** The server's debug line at the start of a batch's transaction (feeds/ingest.ts). */
  const TXN_OPEN = 'batch transaction open';
  /** When the running server last logged TXN_OPEN (ms, performance.now()), or null. */
  let txnOpenedAt: number | null = null;
  /** Called, in the same tick as the line arrives, when the server logs TXN_OPEN. */
  let onTxnOpen: (() => void) | null = null;

  async function start(fault?: string): Promise<void> {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    txnOpenedAt = null;
    onTxnOpen = null;
    const { databaseUrl } = await testDatabase(dataDir);
    // Debug level: the server logs TXN_OPEN inside each batch's transaction.
    child = spawn(process.execPath, ['--import', 'tsx', join(paths.packageDir, 'src/main.ts')], {
      cwd: paths.repoDir,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO: '0', DEMO_ROOM: '0', LOG_LEVEL: 'debug', ...(fault && { IOC_FAULT: fault }), ...(databaseUrl && { DATABASE_URL: databaseUrl }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child!.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('IOC content server on')) resolve();
        if (txnOpenedAt === null && out.includes(TXN_OPEN)) {
          txnOpenedAt = performance.now();
          onTxnOpen?.();
        }
        // Only the markers matter once listening; keep the tail a line may straddle.
        if (out.length > 65_536) out = out.slice(-4096);
      });
      child!.once('exit', (code) => reject(new Error(`server exited (${code}) before it listened: ${out.slice(-2000)}`)));
    });
  }

  async function killed(): Promise<NodeJS.Signals | null> {
    const c = child!;
    child = null;
    if (c.exitCode !== null || c.signalCode !== null) return c.signalCode;
    return new Promise((resolve) => {
      c.once('exit', (_code, signal) => resolve(signal));
      c.kill('SIGKILL');
    });
  }

  /** A batch of 4 indicators x 63 provinces x 19 months, starting at a year of its own. */
  function batch(firstYear: number): { body: string; size: number; from: string; to: string } {
    const observations = [];
    for (let m = 0; m < MONTHS; m++) {
      const period = `${firstYear + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
      for (const indicator of INDICATORS) for (const unit of provinces) observations.push({ indicator, unit, period, value: 100 + m, source: 'atomicity test' });
    }
    return { body: JSON.stringify({ observations }), size: observations.length, from: `${firstYear}-01`, to: `${firstYear + 1}-07` };
  }

  const post = (body: string) =>
    fetch(`${url}/api/v1/observations`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body }).then(
      async (r) => ({ status: r.status, body: await r.json() }),
      (err: Error) => ({ status: 0, body: err.message }),
    );

  /** What the store holds of a batch after recovery: its values, its submission rows, and whether the audit chain holds. */
  async function inStore(b: { size: number; from: string; to: string }): Promise<{ values: number; submissions: number; chainOk: boolean }> {
    const store = await openTestStore(dataDir);
    try {
      const values = (await store.sql.get<{ n: number }>(`SELECT count(*) AS n FROM observations WHERE period BETWEEN ? AND ? AND source = 'atomicity test'`, [b.from, b.to]))!.n;
      const submissions = (await store.sql.get<{ n: number }>('SELECT count(*) AS n FROM submissions WHERE item_count = ? AND id IN (SELECT submission_id FROM observations WHERE period = ?)', [b.size, b.from]))!.n;
      return { values, submissions, chainOk: (await new Audit(store.sql, { keyFile: auditSettings(dataDir).keyFile }).verify()).ok };
    } finally {
      await store.close();
    }
  }

  it('keeps nothing of a batch when the process dies inside its transaction, half written', async () => {
    const b = batch(2001);
    expect(b.size).toBe(4788);
    await start('kill-mid-batch');
    const r = await post(b.body);
    expect(r.status).toBe(0); // the connection died with the process
    expect(await killed()).toBe('SIGKILL');
    expect((await inStore(b))).toEqual({ values: 0, submissions: 0, chainOk: true });
    // After a restart, the same batch is stored whole.
    await start();
    expect(await post(b.body)).toMatchObject({ status: 200, body: { accepted: 4788 } });
    await killed();
    expect((await inStore(b))).toEqual({ values: 4788, submissions: 1, chainOk: true });
  }, 120_000);

  /**
   * Stores a batch, kills the server from outside at a moment `kill` chooses, and checks that the
   * batch is there whole or not at all. Returns where the kill landed: before the transaction
   * began (no TXN_OPEN line yet), inside it (the line was read, and nothing of the batch is
   * stored), or after its commit (the batch is whole).
   */
  async function killDuring(year: number, kill: (sent: Promise<unknown>) => Promise<void>): Promise<'before' | 'inside' | 'after'> {
    const b = batch(year);
    await start();
    const sent = post(b.body);
    await kill(sent);
    const opened = txnOpenedAt !== null;
    await killed();
    const r = await sent;
    const held = (await inStore(b));
    // Whole or nothing, never a part; and a 200 means it is there.
    expect([0, b.size]).toContain(held.values);
    expect(held.submissions).toBe(held.values === 0 ? 0 : 1);
    expect(held.chainOk).toBe(true);
    if (r.status === 200) expect(held.values).toBe(b.size);
    if (held.values === b.size) return 'after';
    return opened ? 'inside' : 'before';
  }

  afterEach(() => {
    onTxnOpen = null;
  });

  it('holds all or nothing of a batch when killed from outside at any moment', async () => {
    const outcomes: string[] = [];
    // Moments after the request is sent: most land before or after the transaction.
    const delays = [0, 25, 60, 150];
    for (const [i, delay] of delays.entries()) {
      outcomes.push(await killDuring(2004 + 2 * i, () => new Promise((r) => setTimeout(r, delay))));
    }
    // Moments after the server says its transaction is open (a kill sent in the same tick as the
    // line is read, then a few ms later): writing 4,788 rows takes tens of ms, reading the line
    // and sending a signal well under one, so the first lands inside the transaction. A machine
    // so loaded that the write wins every race gets two more tries; one inside is the proof.
    const afterOpen = (ms: number) => (sent: Promise<unknown>) =>
      Promise.race([
        new Promise<void>((resolve) => {
          onTxnOpen = () => {
            if (ms === 0) child!.kill('SIGKILL');
            setTimeout(resolve, ms);
          };
        }),
        sent.then(() => undefined),
      ]);
    for (const [i, ms] of [0, 2, 10, 40].entries()) outcomes.push(await killDuring(1990 + 2 * i, afterOpen(ms)));
    for (let i = 0; i < 2 && !outcomes.includes('inside'); i++) outcomes.push(await killDuring(1970 + 2 * i, afterOpen(0)));
    // Without a kill inside the transaction this test would prove nothing about atomicity.
    console.info(`ingest-atomicity: where the kills landed: ${outcomes.join(', ')}`);
    expect(outcomes, `where the kills landed: ${outcomes.join(', ')}`).toContain('inside');
    // Each kill costs a server start (a few seconds; 15-20 s on two cores busy with other work):
    // the bound is generous so a slow machine is slow, not failed.
  }, 300_000);
});
