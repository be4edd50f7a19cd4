import { describe, expect, it } from 'vitest';
import { LaterWrites } from './later-writes.js';

const quiet = { warn: () => undefined, error: () => undefined, info: () => undefined };
const storeDown = Object.assign(new Error('connection refused'), { code: 'STORE_DOWN' });
const isStore = (err: unknown) => (err as { code?: string }).code === 'STORE_DOWN';

/** A store that fails while `down`, recording what it stored. */
function store() {
  const s = { down: false, stored: [] as string[], put: (x: string) => async () => {
    if (s.down) throw storeDown;
    s.stored.push(x);
  } };
  return s;
}

describe('writes kept while the store fails', () => {
  it('writes at once while the store answers', async () => {
    const s = store();
    const later = new LaterWrites(isStore, quiet, 10);
    expect((await later.write('a', s.put('a'))).now).toBe(true);
    expect(s.stored).toEqual(['a']);
  });

  it('keeps writes in order while the store fails and stores them all once it is back', async () => {
    const s = store();
    const later = new LaterWrites(isStore, quiet, 10);
    s.down = true;
    const a = await later.write('a', s.put('a'));
    expect(a.now).toBe(false);
    s.down = false;
    // Behind a kept write, a new one waits its turn even though the store answers again.
    const b = await later.write('b', s.put('b'));
    expect(b.now).toBe(false);
    expect(later.waiting).toBe(2);
    await Promise.all([a.landed, b.landed]);
    expect(s.stored).toEqual(['a', 'b']);
    expect(later.waiting).toBe(0);
  });

  it('throws what is not a failure of the store, as before', async () => {
    const later = new LaterWrites(isStore, quiet, 10);
    await expect(later.write('bug', async () => {
      throw new TypeError('a bug');
    })).rejects.toThrow('a bug');
    expect(later.waiting).toBe(0);
  });

  it('tries once more at the stop, then gives up what is still waiting (and says so)', async () => {
    const s = store();
    const errors: unknown[] = [];
    const later = new LaterWrites(isStore, { ...quiet, error: (o: unknown) => void errors.push(o) }, 60_000);
    s.down = true;
    await later.write('a', s.put('a'));
    await later.settle();
    expect(s.stored).toEqual([]);
    expect(later.waiting).toBe(0);
    expect(errors).toHaveLength(1);
  });
});
