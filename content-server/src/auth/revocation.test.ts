import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../store/index.js';
import { Revocations } from './revocation.js';

describe('Revocations', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-revocation-'));
  const opened: Database.Database[] = [];
  const open = () => {
    const db = new Database(join(dir, 'r.sqlite'));
    opened.push(db);
    return db;
  };
  afterEach(() => {
    for (const db of opened.splice(0)) db.close();
  });

  it('runs its listeners once for a burst of revocations in this process, after the current work', async () => {
    const r = new Revocations(pino({ level: 'silent' }));
    const seen: boolean[] = [];
    r.on(({ changed }) => seen.push(changed));
    r.notify();
    r.notify();
    expect(seen).toEqual([]);
    await Promise.resolve();
    expect(seen).toEqual([true]);
    r.close();
  });

  it('tells a commit by another connection from a quiet tick', async () => {
    const server = open();
    server.exec('CREATE TABLE IF NOT EXISTS t (x)');
    const r = new Revocations(pino({ level: 'silent' }));
    r.watch(server, 20);
    expect(await nextTick(r)).toBe(false);
    open().prepare('INSERT INTO t VALUES (1)').run();
    expect(await nextTick(r)).toBe(true);
    expect(await nextTick(r)).toBe(false);
    // Its own writes are not another process's revocations (those call notify()).
    server.prepare('INSERT INTO t VALUES (2)').run();
    expect(await nextTick(r)).toBe(false);
    r.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps running while the store cannot answer, and re-checks everything once it does', async () => {
    let failing = false;
    const db = {
      pragma: () => {
        if (failing) throw new Error('disk I/O error');
        return 7;
      },
    } as unknown as Db;
    const r = new Revocations(pino({ level: 'silent' }));
    r.watch(db, 20);
    expect(await nextTick(r)).toBe(false);
    failing = true;
    const after = nextTick(r);
    setTimeout(() => (failing = false), 60);
    expect(await after).toBe(true);
    r.close();
  });
});

/** The next event of the watcher (a quiet tick: false). */
function nextTick(r: Revocations): Promise<boolean> {
  return new Promise((resolve) => {
    const off = r.on(({ changed }) => {
      off();
      resolve(changed);
    });
  });
}
