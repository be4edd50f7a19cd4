import { describe, expect, it } from 'vitest';
import { myActionsApi } from './my-actions-api.js';

function answering(status: number, body: unknown) {
  const urls: string[] = [];
  const fetcher = async (url: string, init?: RequestInit) => {
    urls.push(`${init?.method} ${url} ${(init?.headers as Record<string, string>).authorization}`);
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
  return { urls, api: myActionsApi('ios_token', fetcher, 'http://h') };
}

const line = { id: 7, ts: 1_796_688_000_000, time: '2026-12-08T00:00:00.000+07:00', action: 'command.wall.language', label: { vi: 'Ngôn ngữ', en: 'Language' }, target: 'main', ok: true, durationMs: 3, clientId: 'c-1', error: null, duplicate: false };

describe("the console's own-record API", () => {
  it('asks for the newest N of its own lines with its token', async () => {
    const { urls, api } = answering(200, { actions: [line] });
    expect(await api.list(50)).toEqual([line]);
    expect(urls).toEqual(['GET http://h/api/v1/audit/mine?limit=50 Bearer ios_token']);
  });

  it("throws the server's reason, and refuses an answer that is not a list of actions", async () => {
    await expect(answering(401, { errors: [{ message: 'expected Authorization: Bearer <session token or API key>' }] }).api.list(50)).rejects.toThrow(/Authorization/);
    await expect(answering(200, { actions: [{ ...line, ok: 'yes' }] }).api.list(50)).rejects.toThrow(/not a list of actions/);
  });
});
