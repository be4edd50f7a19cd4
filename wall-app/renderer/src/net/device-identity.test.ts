import { describe, expect, it } from 'vitest';
import { addressMatches, dropUrlToken, forgetToken, identityKey, positionSearch, readIdentity, saveIdentity } from './device-identity';

/** A Storage in memory. */
function memoryStorage() {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
    key: (i: number) => [...m.keys()][i] ?? null,
    get length() {
      return m.size;
    },
    map: m,
  };
}

const TOKEN = `iow_${'a'.repeat(43)}`;
const OTHER = `iow_${'b'.repeat(43)}`;

describe('device identity in the page', () => {
  it('keeps one token per page: the key is the wall, display, renderer and canvas of the address', () => {
    expect(identityKey('?display=d1&wall=main&token=x&lang=en')).toBe('ioc.wall.device?wall=main&display=d1');
    expect(identityKey('?wall=ops&renderer=top')).toBe('ioc.wall.device?wall=ops&renderer=top');
    expect(identityKey('')).toBe('ioc.wall.device');
    const s = memoryStorage();
    saveIdentity(s, ['?wall=main&display=d1'], { token: TOKEN, wallId: 'main', displayId: 'd1', rendererId: null });
    expect(readIdentity(s, '?wall=main&display=d1')?.token).toBe(TOKEN);
    // Another window of the same profile (Electron) does not take it.
    expect(readIdentity(s, '?wall=main&display=d2')).toBeNull();
    s.setItem('ioc.wall.device?wall=main&display=d2', '{"token":"not a token","wallId":"main"}');
    expect(readIdentity(s, '?wall=main&display=d2')).toBeNull();
  });

  it('drops a &token= from the address without handing it to anyone', () => {
    expect(dropUrlToken(`?wall=main&display=d1&token=${TOKEN}`)).toEqual({ dropped: true, search: '?wall=main&display=d1' });
    expect(dropUrlToken(`?token=${TOKEN}`)).toEqual({ dropped: true, search: '' });
    // An empty or repeated parameter is dropped all the same: nothing of it stays in the address.
    expect(dropUrlToken(`?token=&wall=main&token=${TOKEN}&display=d1`)).toEqual({ dropped: true, search: '?wall=main&display=d1' });
    expect(dropUrlToken('?wall=main&display=d1')).toEqual({ dropped: false, search: '?wall=main&display=d1' });
    expect(dropUrlToken('')).toEqual({ dropped: false, search: '' });
  });

  it('forgets every copy of a revoked token and nothing else', () => {
    const s = memoryStorage();
    saveIdentity(s, ['', '?wall=main&display=d2'], { token: TOKEN, wallId: 'main', displayId: 'd2', rendererId: null });
    saveIdentity(s, ['?wall=main&display=d1'], { token: OTHER, wallId: 'main', displayId: 'd1', rendererId: null });
    s.setItem('console.other', TOKEN);
    forgetToken(s, TOKEN);
    expect([...s.map.keys()].sort()).toEqual(['console.other', 'ioc.wall.device?wall=main&display=d1']);
  });

  it('moves the address to the enrolled position unless it already shows it', () => {
    const d2 = { wallId: 'main', displayId: 'd2', rendererId: null };
    const top = { wallId: 'ops', displayId: null, rendererId: 'top' };
    expect(addressMatches('?wall=main&display=d2', d2)).toBe(true);
    expect(addressMatches('?wall=main&display=d1', d2)).toBe(false);
    expect(addressMatches('', d2)).toBe(false);
    expect(addressMatches('?wall=main&canvas=1', d2)).toBe(true);
    expect(addressMatches('?wall=ops&renderer=top', top)).toBe(true);
    expect(addressMatches('?wall=ops&display=d1', top)).toBe(false);
    expect(positionSearch(d2)).toBe('?wall=main&display=d2');
    expect(positionSearch(top)).toBe('?wall=ops&renderer=top');
  });
});
