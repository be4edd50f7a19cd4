import { describe, expect, it } from 'vitest';
import { CurrentServer, FAILOVER_AFTER_FAILURES, SERVER_LIST_STORAGE_KEY, type ServerListStorage } from './index.js';

function memoryStorage(initial: Record<string, string> = {}): ServerListStorage & { data: Record<string, string> } {
  const data = { ...initial };
  return { data, getItem: (k) => data[k] ?? null, setItem: (k, v) => void (data[k] = v), removeItem: (k) => void delete data[k] };
}

const A = 'https://a.ioc.example:8443';
const B = 'https://b.ioc.example:8443';
const C = 'https://c.ioc.example:8443';

/** Fails the current server until the page moves; returns where it went. */
function failUntilMove(current: CurrentServer): string {
  const from = current.origin;
  for (let i = 0; i < FAILOVER_AFTER_FAILURES; i++) current.failed();
  expect(current.origin).not.toBe(from);
  return current.origin;
}

describe('CurrentServer', () => {
  it('starts at the page’s own origin and builds URLs on it', () => {
    const current = new CurrentServer(A, memoryStorage());
    expect(current.origin).toBe(A);
    expect(current.url('/api/v1/catalog')).toBe(`${A}/api/v1/catalog`);
    expect(current.canMove).toBe(false);
  });

  it('stays on a single server however often it fails', () => {
    const current = new CurrentServer(A, memoryStorage());
    for (let i = 0; i < 10; i++) expect(current.failed()).toBe(A);
  });

  it('moves only after the second failed attempt in a row; an answer resets the count', () => {
    const current = new CurrentServer(A, memoryStorage());
    current.learn([A, B]);
    expect(current.failed()).toBe(A);
    current.connected();
    expect(current.failed()).toBe(A);
    expect(current.failed()).toBe(B);
  });

  it('moves on at once from a server that missed its heartbeat, and stays on a single one', () => {
    const current = new CurrentServer(A);
    current.learn([A, B]);
    expect(current.unreachable()).toBe(B);
    expect(current.failed(), 'the count starts again on the new server').toBe(B);
    const alone = new CurrentServer(A);
    expect(alone.unreachable()).toBe(A);
  });

  it('goes round the list in its order and back to the first when all fail', () => {
    const current = new CurrentServer(B, memoryStorage());
    const moves: string[] = [];
    current.onMove((o) => moves.push(o));
    current.learn([A, B, C]);
    expect(current.origin).toBe(B);
    expect(failUntilMove(current)).toBe(C);
    expect(failUntilMove(current)).toBe(A);
    expect(failUntilMove(current)).toBe(B);
    expect(moves).toEqual([C, A, B]);
  });

  it('puts the page’s own origin first when the list does not name it', () => {
    const current = new CurrentServer('http://127.0.0.1:8080', memoryStorage());
    current.learn([A, B]);
    expect(current.list()).toEqual(['http://127.0.0.1:8080', A, B]);
    expect(failUntilMove(current)).toBe(A);
  });

  it('remembers the list for the next start, so a page restarted while its server is down knows the others', () => {
    const storage = memoryStorage();
    new CurrentServer(A, storage).learn([A, B, `${B}/`, 'not a url', 42]);
    expect(JSON.parse(storage.data[SERVER_LIST_STORAGE_KEY]!)).toEqual([A, B]);
    const restarted = new CurrentServer(A, storage);
    expect(restarted.list()).toEqual([A, B]);
    expect(restarted.origin).toBe(A);
    expect(failUntilMove(restarted)).toBe(B);
  });

  it('stores nothing for a single server, and forgets the list of a center it left', () => {
    const storage = memoryStorage();
    const current = new CurrentServer(A, storage);
    current.learn([]);
    expect(storage.data).toEqual({});
    current.learn([A, B]);
    current.learn([]);
    expect(storage.data).toEqual({});
    expect(current.list()).toEqual([A]);
  });

  it('keeps its place when told a new list, and survives a broken or missing storage', () => {
    const current = new CurrentServer(A, memoryStorage({ [SERVER_LIST_STORAGE_KEY]: '{broken' }));
    expect(current.list()).toEqual([A]);
    current.learn([A, B]);
    failUntilMove(current);
    current.learn([C, B, A]);
    expect(current.origin).toBe(B);
    const deny = (): never => {
      throw new Error('denied');
    };
    const throwing: ServerListStorage = { getItem: deny, setItem: deny, removeItem: deny };
    const noStorage = new CurrentServer(A, throwing);
    noStorage.learn([A, B]);
    expect(noStorage.list()).toEqual([A, B]);
  });
});
