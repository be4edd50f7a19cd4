// Encryption at rest, tried as an attacker who gets the disk but not the key file: a copy of the
// data folder or of a backup, or write access to the folder to plant a store of their own.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, createApiKey, tempDataDir } from '../support/server.js';
import { startTarget, type Target } from './target.js';

const OPS = join(ROOT, 'content-server/bin/ops.js');
const CANARY = 'Atrest attack canary ZK4410';

let target: Target;
let keyDir: string;
beforeAll(async () => {
  keyDir = mkdtempSync(join(tmpdir(), 'ioc-atrest-key-'));
  execFileSync('node', [OPS, 'data-key', 'init', join(keyDir, 'data.key')], { stdio: 'pipe' });
  target = await startTarget({ dataKeyFile: join(keyDir, 'data.key') });
  const res = await fetch(`${target.url}/api/v1/observations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${target.keys.ingest}` },
    body: JSON.stringify({ observations: [{ indicator: 'exports', unit: 'VN', period: '2024-12', value: 37.1, source: CANARY }] }),
  });
  expect(res.status).toBe(200);
  // Five sign-ins (argon2) and a dozen ops runs on a shared 2-core machine; the default 60 s is close.
}, 180_000);
afterAll(async () => {
  await target?.close();
  rmSync(keyDir, { recursive: true, force: true });
});

/** What a thief reads: the bytes, and what plain SQLite makes of them. */
function steal(file: string): { bytes: Buffer; plainOpen: string } {
  const bytes = Buffer.concat([file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f)));
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return { bytes, plainOpen: 'opened' };
  } catch (err) {
    return { bytes, plainOpen: (err as { code?: string }).code ?? 'error' };
  } finally {
    db.close();
  }
}

describe('encryption at rest against a stolen disk', () => {
  it('a copy of the data folder, taken while the server runs, holds no value, name or key hash in the clear', async () => {
    const stolen = steal(join(target.dataDir, 'ioc.sqlite'));
    for (const secret of [CANARY, 'attack-admin', 'attack-ingest', 'exports', 'audit_log']) expect(stolen.bytes.includes(secret)).toBe(false);
    expect(stolen.plainOpen).toBe('SQLITE_NOTADB');
    // The server with its key still holds and serves what was sent.
    expect(target.count('observations', `source = '${CANARY}'`)).toBe(1);
    expect(await target.alive()).toBe(true);
  });

  it('a backup is encrypted with the data key too, and its making is audited', async () => {
    const before = target.lastAuditId();
    const file = join(keyDir, 'backup.db');
    execFileSync('node', [OPS, 'backup', file], { env: { ...process.env, DATA_DIR: target.dataDir, DATA_KEY_FILE: join(keyDir, 'data.key') }, stdio: 'pipe' });
    const stolen = steal(file);
    expect(stolen.bytes.includes(CANARY)).toBe(false);
    expect(stolen.plainOpen).toBe('SQLITE_NOTADB');
    expect(target.auditSince(before).map((a) => [a.action, a.ok])).toEqual([['store.backup', 1]]);
    expect(await target.alive()).toBe(true);
  });

  it("a plain store planted in the data folder (with the attacker's own admin key) is refused at start, not served", async () => {
    // The attacker can write the folder but not read the key: they make a plain store holding
    // an admin key they know and put it where the server's store was.
    const planted = tempDataDir();
    try {
      createApiKey(planted.dir, 'planted-admin', 'admin');
      const victim = mkdtempSync(join(tmpdir(), 'ioc-atrest-victim-'));
      copyFileSync(join(planted.dir, 'ioc.sqlite'), join(victim, 'ioc.sqlite'));
      const r = spawnSync('node', [join(ROOT, 'content-server/dist/main.js')], {
        env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DEMO: '0', DATA_DIR: victim, DATA_KEY_FILE: join(keyDir, 'data.key') },
        encoding: 'utf8',
        timeout: 20_000,
      });
      rmSync(victim, { recursive: true, force: true });
      expect([r.status, r.stdout.includes('IOC content server on'), r.stderr.trim()]).toEqual([1, false, expect.stringMatching(/^content server failed to start: store .* is not encrypted, and DATA_KEY_FILE is set/)]);
    } finally {
      planted.remove();
    }
    expect(target.count('api_keys', "name = 'planted-admin'")).toBe(0);
    expect(await target.alive()).toBe(true);
  });
});
