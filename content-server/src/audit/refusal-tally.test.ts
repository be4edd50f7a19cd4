import { describe, expect, it } from 'vitest';
import type { AuditEntry } from './index.js';
import { RefusalTally } from './refusal-tally.js';

function tallyAt(start: number, opts: { maxRows?: number } = {}) {
  const rows: AuditEntry[] = [];
  let now = start;
  const tally = new RefusalTally({ write: async (e) => void rows.push(e) }, { ...opts, now: () => now, flushEveryMs: 0 });
  return { rows, tally, advance: (ms: number) => (now += ms) };
}

describe('RefusalTally', () => {
  it('writes one row per source, action and minute, when the minute closes, with the count', async () => {
    const { rows, tally, advance } = tallyAt(Date.UTC(2026, 11, 7, 2, 0, 10));
    for (let i = 0; i < 5000; i++) tally.count('address:10.0.0.9', 'auth.login.limited', { target: 'admin', detail: { limitedBy: 'address' } });
    tally.count('address:10.0.0.9', 'ratelimit.commands', { target: 'POST /api/v1/commands' });
    tally.count('user:ana', 'ratelimit.commands');
    await tally.flush();
    expect(rows).toEqual([]); // the minute is still open
    advance(60_000);
    tally.count('address:10.0.0.9', 'auth.login.limited', { target: 'root' });
    await tally.flush();
    expect(rows).toEqual([
      {
        actor: 'address:10.0.0.9',
        action: 'auth.login.limited',
        target: 'admin',
        detail: { limitedBy: 'address', refused: 5000, from: '2026-12-07T02:00:00.000Z', to: '2026-12-07T02:01:00.000Z', targets: ['admin'] },
        ok: false,
      },
      expect.objectContaining({ actor: 'address:10.0.0.9', action: 'ratelimit.commands', detail: expect.objectContaining({ refused: 1 }) }),
      expect.objectContaining({ actor: 'user:ana', action: 'ratelimit.commands', target: null, detail: expect.objectContaining({ refused: 1 }) }),
    ]);
    expect(tally.pending).toBe(1);
  });

  it('with firstAtOnce, writes the first refusal at once and the rest in the minute\'s row; the counts add up', async () => {
    const { rows, tally, advance } = tallyAt(Date.UTC(2026, 11, 7, 2, 0, 10));
    tally.count('user:lan', 'edge.refused', { target: '/console command', detail: { reason: 'depth' }, firstAtOnce: true });
    expect(rows).toEqual([expect.objectContaining({ actor: 'user:lan', action: 'edge.refused', target: '/console command', detail: expect.objectContaining({ reason: 'depth', refused: 1 }) })]);
    for (let i = 0; i < 99; i++) tally.count('user:lan', 'edge.refused', { target: '/console command', firstAtOnce: true });
    expect(rows).toHaveLength(1);
    advance(60_000);
    await tally.flush();
    expect(rows.map((r) => (r.detail as { refused: number }).refused)).toEqual([1, 99]);
    // Another target of the same source has its own first row, at once.
    tally.count('user:lan', 'edge.refused', { target: 'POST /api/v1/commands', firstAtOnce: true });
    expect(rows.at(-1)).toEqual(expect.objectContaining({ actor: 'user:lan', target: 'POST /api/v1/commands' }));
    rows.pop();
    // A lone refusal leaves no empty row behind when its minute closes.
    tally.count('user:an', 'edge.refused', { firstAtOnce: true });
    advance(60_000);
    await tally.flush();
    expect(rows).toHaveLength(3);
    expect(tally.pending).toBe(0);
  });

  it('resolves a refusal counted while its first row is being written only once that row is written', async () => {
    const rows: AuditEntry[] = [];
    let release = () => {};
    const slow = new Promise<void>((r) => (release = r));
    const tally = new RefusalTally({ write: async (e) => (await slow, void rows.push(e)) }, { now: () => 0, flushEveryMs: 0 });
    const seen: string[] = [];
    const first = tally.count('address:10.0.0.1', 'origin.refused', { target: 'https://evil.example', firstAtOnce: true }).then(() => seen.push(`first after ${rows.length} row`));
    const second = tally.count('address:10.0.0.1', 'origin.refused', { target: 'https://evil.example', firstAtOnce: true }).then(() => seen.push(`second after ${rows.length} row`));
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toEqual([]);
    release();
    await Promise.all([first, second]);
    expect(seen).toEqual(['first after 1 row', 'second after 1 row']);
    // Once written, the rest of the minute is answered at once (and counted, not written).
    let third = false;
    const counted = tally.count('address:10.0.0.1', 'origin.refused', { target: 'https://evil.example', firstAtOnce: true }).then(() => (third = true));
    await Promise.resolve();
    expect(third).toBe(true);
    await counted;
    expect(rows).toHaveLength(1);
    expect(tally.pending).toBe(2);
  });

  it('writes what is still counted on close (shutdown)', async () => {
    const { rows, tally } = tallyAt(0);
    tally.count('address:::1', 'ratelimit.pairing');
    await tally.close();
    expect(rows).toEqual([expect.objectContaining({ actor: 'address:::1', action: 'ratelimit.pairing', detail: expect.objectContaining({ refused: 1 }) })]);
  });

  it('folds sources past the row budget into "*", so invented addresses cannot grow the log', async () => {
    const { rows, tally } = tallyAt(0, { maxRows: 3 });
    for (let i = 0; i < 1000; i++) tally.count(`address:10.0.${i >> 8}.${i & 255}`, 'auth.login.limited', { target: `user${i}` });
    await tally.close();
    expect(rows).toHaveLength(4);
    expect(rows[3]).toMatchObject({ actor: '*', detail: { refused: 997 } });
    expect((rows[3]!.detail as { targets: string[] }).targets).toHaveLength(10);
  });

  it('keeps the counts when the store refuses the write, and writes them later', async () => {
    const rows: AuditEntry[] = [];
    let fail = true;
    const tally = new RefusalTally({ write: async (e) => (fail ? (() => { throw new Error('SQLITE_FULL'); })() : void rows.push(e)) }, { now: () => 0, flushEveryMs: 0 });
    tally.count('user:x', 'ratelimit.reads');
    await expect(tally.flush(true)).resolves.toBeUndefined();
    expect(tally.pending).toBe(1);
    fail = false;
    await tally.close();
    expect(rows).toEqual([expect.objectContaining({ actor: 'user:x', detail: expect.objectContaining({ refused: 1 }) })]);
  });
});
