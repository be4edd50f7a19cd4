import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Store } from '../store/index.js';
import { Sessions, Users, type User } from './index.js';

const HOUR = 3_600_000;

describe('sessions', () => {
  let dir: string;
  let store: Store;
  let users: Users;
  let sessions: Sessions;
  let now: number;
  let user: User;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ioc-sessions-'));
    store = Store.open(dir);
    users = new Users(store.db);
    now = Date.UTC(2025, 6, 1, 6);
    sessions = new Sessions(store.db, { now: () => now });
    // No password: sessions do not care how the user signed in, and hashing is slow.
    user = await users.create({ username: 'lan', role: 'operator' });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives an ios_ token once and stores only its sha256, with the client it came from', () => {
    const { token, expiresAt } = sessions.create(user.id, { address: '10.0.0.7', userAgent: 'console/1.0' });
    expect(token).toMatch(/^ios_[A-Za-z0-9_-]{43}$/);
    expect(expiresAt).toBe(now + 2 * HOUR);
    const rows = store.db.prepare('SELECT * FROM sessions').all() as Array<Record<string, unknown>>;
    expect(rows).toEqual([expect.objectContaining({ token_hash: createHash('sha256').update(token).digest('hex'), address: '10.0.0.7', user_agent: 'console/1.0', expires_at: now + 12 * HOUR })]);
    expect(JSON.stringify(rows)).not.toContain(token.slice(4));
  });

  it('verifies a live token with its user, and refuses unknown, malformed and API-key-shaped ones', () => {
    const { token } = sessions.create(user.id);
    expect(sessions.verify(token)).toMatchObject({ user: { id: user.id, username: 'lan', role: 'operator' }, session: { userId: user.id, revokedAt: null } });
    expect(sessions.verify(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
    expect(sessions.verify(`ioc_${token.slice(4)}`)).toBeNull();
    expect(sessions.verify('')).toBeNull();
    expect(sessions.verify(null)).toBeNull();
    expect(sessions.verify(`ios_${'a'.repeat(300)}`)).toBeNull();
  });

  it('ends after 2 hours unused; use moves that forward', () => {
    const { token } = sessions.create(user.id);
    now += 2 * HOUR - 1000;
    expect(sessions.verify(token)?.session.expiresAt).toBe(now + 2 * HOUR);
    now += 2 * HOUR - 1000;
    expect(sessions.verify(token)).not.toBeNull();
    now += 2 * HOUR;
    expect(sessions.verify(token)).toBeNull();
  });

  it('ends 12 hours after login however busy, and reports the sooner end', () => {
    const { token } = sessions.create(user.id);
    for (let h = 1; h < 12; h++) {
      now += HOUR;
      expect(sessions.verify(token), `hour ${h}`).not.toBeNull();
    }
    now += 30 * 60_000; // 11.5 h: the idle end (13.5 h) is later than the absolute one
    expect(sessions.verify(token)?.session.expiresAt).toBe(Date.UTC(2025, 6, 1, 18));
    now += 30 * 60_000;
    expect(sessions.verify(token)).toBeNull();
  });

  it('takes other lifetimes', () => {
    const short = new Sessions(store.db, { now: () => now, absoluteMs: 60_000, idleMs: 30_000 });
    const { token, expiresAt } = short.create(user.id);
    expect(expiresAt).toBe(now + 30_000);
    now += 31_000;
    expect(short.verify(token)).toBeNull();
  });

  it('revokes one token, or all of a user, and refuses every token of a disabled user', async () => {
    const a = sessions.create(user.id).token;
    const b = sessions.create(user.id).token;
    const c = sessions.create(user.id).token;
    const other = sessions.create((await users.create({ username: 'minh', role: 'viewer' })).id).token;
    expect(sessions.revoke(a)).toBe(true);
    expect(sessions.revoke(a)).toBe(false);
    expect(sessions.verify(a)).toBeNull();
    expect(sessions.listActive(user.id)).toHaveLength(2);

    users.disable('lan');
    expect(sessions.verify(b)).toBeNull();
    users.enable('lan');
    expect(sessions.verify(b)).not.toBeNull();

    expect(sessions.revokeAllFor(user.id)).toBe(2);
    expect([sessions.verify(b), sessions.verify(c)]).toEqual([null, null]);
    expect(sessions.verify(other)).not.toBeNull();
  });

  it('prunes sessions that ended long ago', () => {
    const old = sessions.create(user.id).token;
    sessions.revoke(old);
    now += 31 * 24 * HOUR;
    const fresh = sessions.create(user.id).token;
    expect(sessions.prune()).toBe(1);
    expect(sessions.verify(fresh)).not.toBeNull();
  });
});
