import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../config.js';
import { pino } from 'pino';
import { createServer, type RunningServer } from '../server.js';
import { postObservations, sendJson } from '../testing/harness.js';

// Encryption at rest (DATA_KEY_FILE): what lies on disk, how the server starts or refuses, and
// the ops commands that encrypt, rotate, back up and restore. The CLI and the start run from
// dist/, as they do for operators.
const CANARY = 'Atrest canary source QX7731';
const BATCH = { observations: [{ indicator: 'exports', unit: 'VN', period: '2024-12', value: 37.1, source: CANARY }] };

const ops = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, [join(paths.packageDir, 'bin/ops.js'), ...args], { env: { ...process.env, ...env }, encoding: 'utf8', cwd: paths.repoDir });

/** Starts dist/main.js the way `npm start` does and waits for it to exit (a refused start exits). */
const startRefused = (env: Record<string, string>) =>
  spawnSync(process.execPath, [join(paths.packageDir, 'dist/main.js')], { env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DEMO: '0', LOG_LEVEL: 'warn', ...env }, encoding: 'utf8', cwd: paths.repoDir, timeout: 20_000 });

/** Every byte the store keeps on disk: the database file and its write-ahead log. */
const storeBytes = (dataDir: string) => Buffer.concat(['ioc.sqlite', 'ioc.sqlite-wal'].map((f) => join(dataDir, f)).filter(existsSync).map((f) => readFileSync(f)));

let keyCount = 0;

/** A server on the same DATA_DIR each time (the harness's keys are made once per store), with fresh keys. */
async function serve(dataDir: string, dataKeyFile?: string): Promise<{ url: string; server: RunningServer; keys: { ingest: string; admin: string }; close: () => Promise<void> }> {
  const server = await createServer({ port: 0, host: '127.0.0.1', dataDir, demo: false, demoRoom: false, logger: pino({ level: 'silent' }), watchLayouts: false, dataKeyFile: dataKeyFile ?? null });
  keyCount += 1;
  const keys = { ingest: (await server.keys.create(`test-ingest-${keyCount}`, 'ingest')).key, admin: (await server.keys.create(`test-admin-${keyCount}`, 'admin')).key };
  return { url: server.url, server, keys, close: () => server.close() };
}

async function seriesSources(dataDir: string, dataKeyFile?: string): Promise<string[]> {
  const t = await serve(dataDir, dataKeyFile);
  try {
    const { status, body } = await sendJson('GET', `${t.url}/api/v1/series?indicator=exports&unit=VN`, t.keys.admin);
    expect(status).toBe(200);
    return (body.points as Array<{ source: string }>).map((p) => p.source);
  } finally {
    await t.close();
  }
}

describe('encryption at rest (DATA_KEY_FILE)', () => {
  let root: string;
  const dir = (name: string) => join(root, name);
  beforeAll(() => {
    execFileSync(process.execPath, [join(paths.repoDir, 'node_modules/typescript/bin/tsc'), '-b', 'content-server'], { cwd: paths.repoDir, stdio: 'pipe' });
    root = mkdtempSync(join(tmpdir(), 'ioc-atrest-'));
    for (const k of ['k1', 'k2']) expect(ops(['data-key', 'init', dir(k)], {}).status).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('keeps no plaintext on disk, while running and after; the server serves the data again after a restart', async () => {
    const plain = dir('plain');
    const t0 = await serve(plain);
    expect((await postObservations(t0.url, t0.keys.ingest, BATCH)).status).toBe(200);
    // The control: without a key the same bytes show the value and the key's name.
    expect(storeBytes(plain).includes(CANARY)).toBe(true);
    await t0.close();

    const enc = dir('enc');
    const t = await serve(enc, dir('k1'));
    expect((await postObservations(t.url, t.keys.ingest, BATCH)).status).toBe(200);
    for (const secret of [CANARY, 'test-ingest-', 'exports']) expect(storeBytes(enc).includes(secret)).toBe(false);
    await t.close();
    for (const secret of [CANARY, 'test-ingest-', 'exports', 'SQLite format 3']) expect(storeBytes(enc).includes(secret)).toBe(false);
    expect(await seriesSources(enc, dir('k1'))).toEqual([CANARY]);
  });

  it('refuses to start, with one clear line, on a wrong key, a missing key file, a plain store under a key and a keyed store without one', () => {
    const enc = dir('enc');
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ DATA_DIR: enc, DATA_KEY_FILE: dir('k2') }, /^content server failed to start: the data key in .*k2 does not open store .*ioc\.sqlite \(a wrong key, or the store was re-keyed since\) \/ khóa dữ liệu/],
      [{ DATA_DIR: enc, DATA_KEY_FILE: dir('absent') }, /^content server failed to start: data key file .*absent cannot be read \(ENOENT\); make one with: ops data-key init/],
      [{ DATA_DIR: enc }, /^content server failed to start: store .*ioc\.sqlite is encrypted \(or not a SQLite file\): set DATA_KEY_FILE to its key file/],
      [{ DATA_DIR: dir('plain'), DATA_KEY_FILE: dir('k1') }, /^content server failed to start: store .*ioc\.sqlite is not encrypted, and DATA_KEY_FILE is set: stop the server and convert it with: ops data-key encrypt/],
    ];
    for (const [env, message] of cases) {
      const r = startRefused(env);
      expect([r.status, r.stderr.trim().split('\n')]).toEqual([1, [expect.stringMatching(message)]]);
    }
  }, 60_000);

  it('ops data-key encrypt converts a plain store, verified; the server then serves it with the key', async () => {
    const plain = dir('plain');
    const r = ops(['data-key', 'encrypt'], { DATA_DIR: plain, DATA_KEY_FILE: dir('k1') });
    expect([r.status, r.stdout]).toEqual([0, expect.stringMatching(/is now encrypted with the data key in .*k1; \d+ tables verified/)]);
    expect(storeBytes(plain).includes(CANARY)).toBe(false);
    expect(await seriesSources(plain, dir('k1'))).toEqual([CANARY]);
    // A second run finds nothing to convert and changes nothing.
    expect(ops(['data-key', 'encrypt'], { DATA_DIR: plain, DATA_KEY_FILE: dir('k1') }).stderr).toMatch(/is already encrypted/);
  });

  it('refuses to replace a store the server has open', async () => {
    const t = await serve(dir('enc'), dir('k1'));
    try {
      const r = ops(['data-key', 'rotate', '--new-key-file', dir('k2')], { DATA_DIR: dir('enc'), DATA_KEY_FILE: dir('k1') });
      expect([r.status, r.stderr]).toEqual([1, expect.stringMatching(/is in use \(is the server running\?\); stop it first/)]);
    } finally {
      await t.close();
    }
    expect(await seriesSources(dir('enc'), dir('k1'))).toEqual([CANARY]);
  });

  it('backs up encrypted, rotates the key keeping the data, and restores a backup made under the old key', async () => {
    const enc = dir('enc');
    const backup = dir('before-rotation.db');
    expect(ops(['backup', backup], { DATA_DIR: enc, DATA_KEY_FILE: dir('k1') }).status).toBe(0);
    expect(readFileSync(backup).includes(CANARY)).toBe(false);

    const rotated = ops(['data-key', 'rotate', '--new-key-file', dir('k2')], { DATA_DIR: enc, DATA_KEY_FILE: dir('k1') });
    expect([rotated.status, rotated.stdout]).toEqual([0, expect.stringMatching(/is now encrypted with the data key in .*k2; \d+ tables verified\.\nNext: start the server with DATA_KEY_FILE=/)]);
    expect(ops(['apikey', 'list'], { DATA_DIR: enc, DATA_KEY_FILE: dir('k1') }).stderr).toMatch(/the data key in .*k1 does not open store/);
    expect(await seriesSources(enc, dir('k2'))).toEqual([CANARY]);

    // The backup still needs the key it was made with; restored, it takes the current key.
    expect(ops(['restore', backup], { DATA_DIR: enc, DATA_KEY_FILE: dir('k2') }).stderr).toMatch(/the data key in .*k2 does not open store .*before-rotation\.db/);
    const restored = ops(['restore', backup, '--key-file', dir('k1')], { DATA_DIR: enc, DATA_KEY_FILE: dir('k2') });
    expect([restored.status, restored.stdout]).toEqual([0, expect.stringMatching(/restored from .*before-rotation\.db, encrypted with the data key in .*k2; \d+ tables verified\. The store it replaced: /)]);
    expect(await seriesSources(enc, dir('k2'))).toEqual([CANARY]);
    const audit = ops(['audit', 'tail', '--limit', '3'], { DATA_DIR: enc, DATA_KEY_FILE: dir('k2') });
    expect(audit.stdout).toMatch(/store\.restore ioc\.sqlite/);
  });
});
