import { afterAll, describe, expect, it } from 'vitest';
import { ENGINES, freshSql, stopEngines } from '../testing/engines.js';
import { waitFor } from '../testing/harness.js';
import { LeaseKeeper } from './lease-keeper.js';
import { acquireLease, fence, leaseHolder, LeaseLost, releaseLease } from './leases.js';

describe.each(ENGINES)('leases on %s', (engine) => {
  afterAll(stopEngines);

  it('gives a lease to one owner; another gets it only when it has run out, with the next token', async () => {
    const sql = await freshSql(engine);
    const a = await acquireLease(sql, 'device:matrix', 'server-a', 200);
    expect(a).toMatchObject({ owner: 'server-a', token: 1 });
    expect(await acquireLease(sql, 'device:matrix', 'server-b', 200)).toBeNull();
    // Renewing keeps the token: the same owner, the same fence.
    expect(await acquireLease(sql, 'device:matrix', 'server-a', 200)).toMatchObject({ token: 1 });
    await waitFor(async () => (await leaseHolder(sql, 'device:matrix')) === null, 3000, 'lease to run out');
    const b = await acquireLease(sql, 'device:matrix', 'server-b', 10_000);
    expect(b).toMatchObject({ owner: 'server-b', token: 2 });
    expect(await leaseHolder(sql, 'device:matrix')).toMatchObject({ owner: 'server-b', token: 2 });
  });

  it('fences a write of the former owner once another took over', async () => {
    const sql = await freshSql(engine);
    await sql.exec('CREATE TABLE sent (what text NOT NULL)');
    const a = (await acquireLease(sql, 'outbox', 'server-a', 1))!;
    await new Promise((r) => setTimeout(r, 5));
    const b = (await acquireLease(sql, 'outbox', 'server-b', 10_000))!;
    const send = (lease: typeof a, what: string) =>
      sql.begin(async (tx) => {
        await fence(tx, lease);
        await tx.run('INSERT INTO sent (what) VALUES (?)', [what]);
      });
    await expect(send(a, 'stale')).rejects.toBeInstanceOf(LeaseLost);
    await send(b, 'current');
    expect(await sql.all('SELECT what FROM sent')).toEqual([{ what: 'current' }]);
  });

  it('lets another server take a released lease at once', async () => {
    const sql = await freshSql(engine);
    await acquireLease(sql, 'schedules', 'server-a', 60_000);
    expect(await releaseLease(sql, 'schedules', 'server-b')).toBe(false);
    expect(await releaseLease(sql, 'schedules', 'server-a')).toBe(true);
    expect(await acquireLease(sql, 'schedules', 'server-b', 60_000)).toMatchObject({ owner: 'server-b', token: 2 });
  });

  it('gives a contested lease to exactly one of several servers asking at once', async () => {
    const sql = await freshSql(engine);
    const got = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((o) => acquireLease(sql, 'warnings', `server-${o}`, 60_000)));
    expect(got.filter((l) => l !== null)).toHaveLength(1);
  });

  it('moves the work of a dead owner (no renewal, no release) to a survivor once the lease ends', async () => {
    const sql = await freshSql(engine);
    expect(await acquireLease(sql, 'device:display', 'server-dead', 300)).toMatchObject({ token: 1 });
    const events: string[] = [];
    const b = new LeaseKeeper(sql, { name: 'device:display', owner: 'server-b', ttlMs: 2000, onAcquired: (l) => events.push(`got ${l.token}`), onLost: () => events.push('lost') });
    b.start();
    await waitFor(() => events.length > 0, 3000, 'b to take over');
    expect(events).toEqual(['got 2']);
    await b.stop();
  });

  it('gives the work up when the store stops answering, before the lease can have ended', async () => {
    const sql = await freshSql(engine);
    const events: Array<[string, number]> = [];
    const keeper = new LeaseKeeper(sql, { name: 'outbox', owner: 'server-a', ttlMs: 2000, onAcquired: () => events.push(['got', Date.now()]), onLost: () => events.push(['lost', Date.now()]), onError: () => {} });
    keeper.start();
    await waitFor(() => events.length === 1, 3000, 'to own');
    const lease = keeper.lease!;
    await sql.close();
    await waitFor(() => events.length === 2, 3000, 'to give up');
    expect(events[1]![0]).toBe('lost');
    // Given up no later than the store's end of the lease (which was set at or after the last renewal).
    expect(events[1]![1]).toBeLessThanOrEqual(lease.expiresAt + 1);
    await keeper.stop();
  });

  it('hands the work over on a clean stop', async () => {
    const sql = await freshSql(engine);
    const events: string[] = [];
    const keeper = (owner: string) =>
      // A lease long enough that a loaded machine's slow renewal is not taken for a lost store.
      new LeaseKeeper(sql, { name: 'device:projector', owner, ttlMs: 3000, onAcquired: (l) => events.push(`${owner} got ${l.token}`), onLost: () => events.push(`${owner} lost`) });
    const a = keeper('server-a');
    a.start();
    await waitFor(() => events.includes('server-a got 1'), 3000, 'a to own');
    const b = keeper('server-b');
    b.start();
    // a renews; b keeps asking in vain.
    await new Promise((r) => setTimeout(r, 500));
    expect(events).toEqual(['server-a got 1']);
    // a stops and releases (a clean stop): b takes over with the next token.
    await a.stop();
    await waitFor(() => events.includes('server-b got 2'), 3000, 'b to take over');
    expect(events).toEqual(['server-a got 1', 'server-a lost', 'server-b got 2']);
    await b.stop();
  });
});
