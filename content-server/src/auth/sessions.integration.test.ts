import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { ENGINES, freshSql, stopEngines } from '../testing/engines.js';
import { Sessions, Users } from './index.js';

const HOUR = 3_600_000;

describe.each(ENGINES)('sessions on %s', (engine) => {
  afterAll(stopEngines);

  const open = async () => {
    const sql = await freshSql(engine);
    const users = new Users(sql);
    const clock = { now: Date.UTC(2025, 6, 1, 6) };
    const sessions = new Sessions(sql, { now: () => clock.now });
    // No password: sessions do not care how the user signed in, and hashing is slow.
    const user = await users.create({ username: 'lan', role: 'operator' });
    return { sql, users, sessions, clock, user };
  };

  it('gives an ios_ token once and stores only its sha256, with the client it came from', async () => {
    const { sql, sessions, clock, user } = await open();
    const { token, expiresAt } = await sessions.create(user.id, { address: '10.0.0.7', userAgent: 'console/1.0' });
    expect(token).toMatch(/^ios_[A-Za-z0-9_-]{43}$/);
    expect(expiresAt).toBe(clock.now + 2 * HOUR);
    const rows = await sql.all<Record<string, unknown>>('SELECT * FROM sessions');
    expect(rows).toEqual([expect.objectContaining({ token_hash: createHash('sha256').update(token).digest('hex'), address: '10.0.0.7', user_agent: 'console/1.0', expires_at: clock.now + 12 * HOUR })]);
    expect(JSON.stringify(rows)).not.toContain(token.slice(4));
  });

  it('verifies a live token with its user, and refuses unknown, malformed and API-key-shaped ones', async () => {
    const { sessions, user } = await open();
    const { token } = await sessions.create(user.id);
    expect(await sessions.verify(token)).toMatchObject({ user: { id: user.id, username: 'lan', role: 'operator' }, session: { userId: user.id, revokedAt: null } });
    expect(await sessions.verify(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
    expect(await sessions.verify(`ioc_${token.slice(4)}`)).toBeNull();
    expect(await sessions.verify('')).toBeNull();
    expect(await sessions.verify(null)).toBeNull();
    expect(await sessions.verify(`ios_${'a'.repeat(300)}`)).toBeNull();
  });

  it('ends after 2 hours unused; use moves that forward', async () => {
    const { sessions, clock, user } = await open();
    const { token } = await sessions.create(user.id);
    clock.now += 2 * HOUR - 1000;
    expect((await sessions.verify(token))?.session.expiresAt).toBe(clock.now + 2 * HOUR);
    clock.now += 2 * HOUR - 1000;
    expect(await sessions.verify(token)).not.toBeNull();
    clock.now += 2 * HOUR;
    expect(await sessions.verify(token)).toBeNull();
  });

  it('ends 12 hours after login however busy, and reports the sooner end', async () => {
    const { sessions, clock, user } = await open();
    const { token } = await sessions.create(user.id);
    for (let h = 1; h < 12; h++) {
      clock.now += HOUR;
      expect(await sessions.verify(token), `hour ${h}`).not.toBeNull();
    }
    clock.now += 30 * 60_000; // 11.5 h: the idle end (13.5 h) is later than the absolute one
    expect((await sessions.verify(token))?.session.expiresAt).toBe(Date.UTC(2025, 6, 1, 18));
    clock.now += 30 * 60_000;
    expect(await sessions.verify(token)).toBeNull();
  });

  it('takes other lifetimes', async () => {
    const { sql, clock, user } = await open();
    const short = new Sessions(sql, { now: () => clock.now, absoluteMs: 60_000, idleMs: 30_000 });
    const { token, expiresAt } = await short.create(user.id);
    expect(expiresAt).toBe(clock.now + 30_000);
    clock.now += 31_000;
    expect(await short.verify(token)).toBeNull();
  });

  it('never moves a session\'s last use back (a slower server touching it later)', async () => {
    const { sql, sessions, clock, user } = await open();
    const { token } = await sessions.create(user.id);
    const later = clock.now + HOUR;
    await sql.run('UPDATE sessions SET last_seen_at = ?', [later]);
    clock.now += 30 * 60_000;
    expect((await sessions.verify(token))?.session.lastSeenAt).toBe(later);
    expect(await sql.get('SELECT last_seen_at FROM sessions')).toEqual({ last_seen_at: later });
  });

  it('revokes one token, or all of a user, and refuses every token of a disabled user', async () => {
    const { users, sessions, user } = await open();
    const a = (await sessions.create(user.id)).token;
    const b = (await sessions.create(user.id)).token;
    const c = (await sessions.create(user.id)).token;
    const other = (await sessions.create((await users.create({ username: 'minh', role: 'viewer' })).id)).token;
    expect(await sessions.revoke(a)).toBe(true);
    expect(await sessions.revoke(a)).toBe(false);
    expect(await sessions.verify(a)).toBeNull();
    expect(await sessions.listActive(user.id)).toHaveLength(2);

    await users.disable('lan');
    expect(await sessions.verify(b)).toBeNull();
    await users.enable('lan');
    expect(await sessions.verify(b)).not.toBeNull();

    expect(await sessions.revokeAllFor(user.id)).toBe(2);
    expect([await sessions.verify(b), await sessions.verify(c)]).toEqual([null, null]);
    expect(await sessions.verify(other)).not.toBeNull();
  });

  it('prunes sessions that ended long ago', async () => {
    const { sessions, clock, user } = await open();
    const old = (await sessions.create(user.id)).token;
    await sessions.revoke(old);
    clock.now += 31 * 24 * HOUR;
    const fresh = (await sessions.create(user.id)).token;
    expect(await sessions.prune()).toBe(1);
    expect(await sessions.verify(fresh)).not.toBeNull();
  });
});
