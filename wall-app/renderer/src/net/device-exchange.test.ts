import { describe, expect, it } from 'vitest';
import { exchangeCode, takeUrlCode } from './device-exchange';

describe('enrollment code in a wall page address', () => {
  it('is taken out of the address, the rest kept', () => {
    expect(takeUrlCode('?wall=main&display=d1&code=iwc_abc')).toEqual({ code: 'iwc_abc', search: '?wall=main&display=d1' });
    expect(takeUrlCode('?wall=main')).toEqual({ code: null, search: '?wall=main' });
  });

  it('is traded over POST for the identity; a refusal or a broken answer gives none', async () => {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    const ok = async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return { ok: true, json: async () => ({ token: 'iow_token', device: { id: 3, name: 'main/d1', wallId: 'main', displayId: 'd1', rendererId: null } }) };
    };
    expect(await exchangeCode('iwc_abc', ok)).toEqual({ token: 'iow_token', wallId: 'main', displayId: 'd1', rendererId: null });
    expect(calls[0]).toMatchObject({ url: '/api/v1/wall-devices/exchange', init: { method: 'POST', body: JSON.stringify({ code: 'iwc_abc' }) } });
    expect(await exchangeCode('iwc_used', async () => ({ ok: false, json: async () => ({}) }))).toBeNull();
    expect(await exchangeCode('iwc_x', async () => ({ ok: true, json: async () => ({ token: 'not-a-token' }) }))).toBeNull();
    expect(await exchangeCode('iwc_x', async () => Promise.reject(new Error('offline')))).toBeNull();
  });
});
