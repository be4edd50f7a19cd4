import { describe, expect, it } from 'vitest';
import { ACCESS_KEY_STORAGE, cleanTypedKey, resolveStartupKey, takeKeyFromFragment, type KeyStorage } from './access-key.js';

function memoryStorage(initial: Record<string, string> = {}): KeyStorage & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

describe('takeKeyFromFragment', () => {
  it('reads #key=...', () => {
    expect(takeKeyFromFragment('#key=s3cret')).toEqual({ key: 's3cret', rest: '' });
  });

  it('decodes and trims the key', () => {
    expect(takeKeyFromFragment('#key=a%2Bb%3D%3D%20')).toEqual({ key: 'a+b==', rest: '' });
  });

  it('keeps the other parts of the fragment', () => {
    expect(takeKeyFromFragment('#wall=main&key=abc&x')).toEqual({ key: 'abc', rest: '#wall=main&x' });
  });

  it('finds nothing in an empty or foreign fragment', () => {
    expect(takeKeyFromFragment('')).toEqual({ key: null, rest: '' });
    expect(takeKeyFromFragment('#')).toEqual({ key: null, rest: '' });
    expect(takeKeyFromFragment('#section')).toEqual({ key: null, rest: '#section' });
    expect(takeKeyFromFragment('#keyboard=1')).toEqual({ key: null, rest: '#keyboard=1' });
  });

  it('treats an empty key as absent but still strips it', () => {
    expect(takeKeyFromFragment('#key=')).toEqual({ key: null, rest: '' });
  });

  it('survives malformed escapes', () => {
    expect(takeKeyFromFragment('#key=%E0%A4%A')).toEqual({ key: '%E0%A4%A', rest: '' });
  });
});

describe('resolveStartupKey', () => {
  const at = (hash: string) => ({ hash, pathname: '/console/', search: '?a=1' });

  it('saves the fragment key and wipes it from the address bar', () => {
    const storage = memoryStorage();
    const urls: string[] = [];
    expect(resolveStartupKey(at('#key=abc'), storage, (u) => urls.push(u))).toBe('abc');
    expect(storage.data.get(ACCESS_KEY_STORAGE)).toBe('abc');
    expect(urls).toEqual(['/console/?a=1']);
  });

  it('prefers a fragment key over a saved one', () => {
    const storage = memoryStorage({ [ACCESS_KEY_STORAGE]: 'old' });
    expect(resolveStartupKey(at('#key=new'), storage, () => {})).toBe('new');
    expect(storage.data.get(ACCESS_KEY_STORAGE)).toBe('new');
  });

  it('falls back to the saved key and leaves the URL alone', () => {
    const storage = memoryStorage({ [ACCESS_KEY_STORAGE]: 'saved' });
    const urls: string[] = [];
    expect(resolveStartupKey(at(''), storage, (u) => urls.push(u))).toBe('saved');
    expect(resolveStartupKey(at('#other'), storage, (u) => urls.push(u))).toBe('saved');
    expect(urls).toEqual([]);
  });

  it('returns null when there is no key anywhere', () => {
    expect(resolveStartupKey(at(''), memoryStorage(), () => {})).toBeNull();
  });

  it('copes with a storage that throws', () => {
    const broken: KeyStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {},
    };
    expect(resolveStartupKey(at('#key=abc'), broken, () => {})).toBe('abc');
    expect(resolveStartupKey(at(''), broken, () => {})).toBeNull();
  });
});

describe('cleanTypedKey', () => {
  it('trims and rejects blanks', () => {
    expect(cleanTypedKey('  abc \n')).toBe('abc');
    expect(cleanTypedKey('   ')).toBeNull();
  });
});
