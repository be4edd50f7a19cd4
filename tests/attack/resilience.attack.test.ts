import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTarget, type Target } from './target.js';

// Issue 14: a database error or a missing folder under the built server gives a clear 503
// naming the cause, stores nothing, keeps the process alive, and heals without a restart.
// (SQLITE_FULL needs the server's own connection: content-server/src/http/failures.integration.test.ts.)
let target: Target;
beforeAll(async () => {
  target = await startTarget();
}, 120_000);
afterAll(async () => {
  await target?.close();
});

const batch = (value: number) => ({ observations: [{ indicator: 'exports', unit: 'VN', period: '2019-03', value, source: 'Customs' }] });
async function post(body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${target.url}/api/v1/observations`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${target.keys.ingest}` }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}
async function health(): Promise<{ status: number; body: { status: string; causes: Array<{ code: string; text: { vi: string; en: string } }> } }> {
  const res = await fetch(`${target.url}/healthz`);
  return { status: res.status, body: (await res.json()) as any };
}
const recovered = (after: number, code: string) => target.auditSince(after).filter((r) => r.action === 'system.recovered' && r.target === code);

describe('resilience: store and folder failures under the built server', () => {
  it('database file moved away: 503 naming it, nothing stored, degraded; back in place: ok, stored, audited', async () => {
    const file = join(target.dataDir, 'ioc.sqlite');
    const before = target.count('observations');
    const audit = target.lastAuditId();
    renameSync(file, `${file}.away`);
    try {
      const refused = await post(batch(1));
      expect(refused.status).toBe(503);
      expect(refused.body.errors[0]).toMatchObject({ index: null, field: '(server)', message: expect.stringContaining('moved, deleted or replaced'), text: { vi: expect.any(String), en: expect.any(String) } });
      expect(await target.alive()).toBe(true);
      expect(await health()).toMatchObject({ status: 503, body: { status: 'degraded', causes: [{ code: 'store_file_moved' }] } });
      expect(target.count('observations')).toBe(before);
    } finally {
      renameSync(`${file}.away`, file);
    }
    expect(await health()).toEqual({ status: 200, body: { status: 'ok', causes: [] } });
    expect((await post(batch(2))).status).toBe(200);
    expect(target.count('observations')).toBe(before + 1);
    expect(recovered(audit, 'store_file_moved')).toEqual([expect.objectContaining({ actor: 'system', ok: 1 })]);
  });

  it('store locked by another writer past its wait: 503 store busy, nothing stored; lock released: ok', async () => {
    const before = target.count('observations');
    const audit = target.lastAuditId();
    const writer = new Database(join(target.dataDir, 'ioc.sqlite'));
    writer.exec('BEGIN IMMEDIATE');
    let refused: { status: number; body: any };
    let answered: boolean;
    try {
      // The server waits for the lock only briefly (its wait stops the event loop): health still
      // answers within the suite's 1 s while a write meets the lock.
      const write = post(batch(3));
      [refused, answered] = await Promise.all([write, target.alive(1000)]);
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
    }
    expect(answered).toBe(true);
    expect(refused.status).toBe(503);
    expect(refused.body.errors[0]).toMatchObject({ field: '(server)', message: expect.stringContaining('busy'), text: { vi: expect.stringContaining('đang bận') } });
    expect(target.count('observations')).toBe(before);
    expect(await target.alive()).toBe(true);
    expect(await health()).toEqual({ status: 200, body: { status: 'ok', causes: [] } });
    expect((await post(batch(4))).status).toBe(200);
    expect(recovered(audit, 'store_busy')).toEqual([expect.objectContaining({ actor: 'system', ok: 1 })]);
  }, 30_000);

  it('a folder it writes into removed: degraded naming its role (not its path); back: ok', async () => {
    const folder = join(target.dataDir, 'layouts-last-good');
    rmSync(folder, { recursive: true, force: true });
    const degraded = await health();
    expect(degraded).toMatchObject({ status: 503, body: { status: 'degraded', causes: [{ code: 'folder_missing', text: { en: expect.stringContaining('layouts-copies') } }] } });
    expect(JSON.stringify(degraded.body)).not.toContain(target.dataDir);
    expect(await target.alive()).toBe(true);
    mkdirSync(folder);
    expect(await health()).toEqual({ status: 200, body: { status: 'ok', causes: [] } });
  });

  it('/healthz tells a stranger only status and causes; the details need a technician or admin', async () => {
    expect(Object.keys((await health()).body).sort()).toEqual(['causes', 'status']);
    const as = async (token: string | null) => (await fetch(`${target.url}/api/v1/system/status`, { headers: token ? { authorization: `Bearer ${token}` } : {} })).status;
    expect(await as(null)).toBe(401);
    expect(await as(target.sessions.viewer)).toBe(403);
    expect(await as(target.sessions.operator)).toBe(403);
    expect(await as(target.sessions.technician)).toBe(200);
    expect(await as(target.sessions.admin)).toBe(200);
  });
});
