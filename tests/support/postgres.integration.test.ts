import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startPostgres, type TestPostgres } from './postgres.js';

const started: TestPostgres[] = [];
afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
});

async function start(...args: Parameters<typeof startPostgres>): Promise<TestPostgres> {
  const s = await startPostgres(...args);
  started.push(s);
  return s;
}

async function query<R extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    // Connections are dropped at once: the harness probes the port, and close() waits for them.
    const srv = createServer((socket) => socket.destroy());
    srv.once('error', reject);
    srv.listen(port, '127.0.0.1', () => resolve(srv));
  });
}

function close(srv: Server): Promise<void> {
  return new Promise((resolve) => srv.close(() => resolve()));
}

describe('tests/support/postgres: a throwaway PostgreSQL per test', () => {
  it('runs two clusters at once, each on its own port and folder, each keeping its own rows', async () => {
    const [a, b] = await Promise.all([start(), start()]);
    expect(a.port).not.toBe(b.port);
    expect(a.dataDir).not.toBe(b.dataDir);
    for (const [s, name] of [[a, 'a'], [b, 'b']] as const) {
      await query(s.url, 'CREATE TABLE t (id bigint PRIMARY KEY, name text NOT NULL)');
      await query(s.url, 'INSERT INTO t VALUES ($1, $2)', [1, name]);
    }
    expect(await query(a.url, 'SELECT id, name FROM t')).toEqual([{ id: '1', name: 'a' }]);
    expect(await query(b.url, 'SELECT id, name FROM t')).toEqual([{ id: '1', name: 'b' }]);
    // The durability the later failover tests rely on is not traded away for speed.
    expect(await query(a.url, "SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sc, current_setting('max_connections') AS mc"))
      .toEqual([{ fsync: 'on', sc: 'on', mc: '50' }]);
  });

  it('stop() shuts the server down, removes its folder and frees its port', async () => {
    const s = await start();
    await s.stop();
    expect(existsSync(s.dataDir)).toBe(false);
    await expect(query(s.url, 'SELECT 1')).rejects.toThrow(/ECONNREFUSED/);
    await close(await listen(s.port)); // nothing holds the port any more
    await s.stop(); // a second stop is harmless
  });

  it('says why when the server cannot start (its own log line) and leaves no folder behind', async () => {
    const busy = await listen(0);
    const { port } = busy.address() as { port: number };
    try {
      const err = await startPostgres({ port }).then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(err?.message).toMatch(new RegExp(`postgres on port ${port} \\(in .+\\) stopped while starting[\\s\\S]*Address already in use`));
      const dir = /\(in (.+?)\)/.exec(err?.message ?? '')?.[1];
      expect(dir !== undefined && existsSync(dir)).toBe(false);
    } finally {
      await close(busy);
    }
    await expect(startPostgres({ settings: { shared_buffers: 'plenty' } })).rejects.toThrow(/invalid value for parameter "shared_buffers": "plenty"/);
  });
});
