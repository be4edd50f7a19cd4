import { describe, expect, it } from 'vitest';
import { positionKey, suggestedPosition, targetOf, wallDevicesApi } from './wall-devices-api.js';

const positions = [
  { wallId: 'main', displayId: 'd1', rendererId: null, displays: ['d1'], devices: 1 },
  { wallId: 'main', displayId: 'd2', rendererId: null, displays: ['d2'], devices: 0 },
  { wallId: 'ops', displayId: null, rendererId: 'top', displays: ['d1', 'd2'], devices: 0 },
];
const pending = (hint: object) => ({ code: 'K7MQ4P', requestedAt: 0, expiresAt: 1, ageS: 3, hint, address: '10.0.0.9', userAgent: '' });

describe('the enroll panel model', () => {
  it('names positions and reads them back as enroll targets', () => {
    expect(positions.map(positionKey)).toEqual(['main/d1', 'main/d2', 'ops/renderer:top']);
    expect(targetOf('main/d2')).toEqual({ wallId: 'main', displayId: 'd2' });
    expect(targetOf('ops/renderer:top')).toEqual({ wallId: 'ops', rendererId: 'top' });
    expect(targetOf('nonsense')).toBeNull();
  });

  it('suggests the position the page asked for, when the wall has it', () => {
    expect(suggestedPosition(pending({ wallId: 'main', displayId: 'd2' }), positions)).toBe('main/d2');
    expect(suggestedPosition(pending({ wallId: 'ops', rendererId: 'top' }), positions)).toBe('ops/renderer:top');
    expect(suggestedPosition(pending({ wallId: 'main', displayId: 'd9' }), positions)).toBeNull();
    expect(suggestedPosition(pending({}), positions)).toBeNull();
  });

  it('sends the enrollment with the console token and returns the server reason on refusal', async () => {
    const calls: Array<{ url: string; init: RequestInit | undefined }> = [];
    const api = wallDevicesApi('ios_token', async (url, init) => {
      calls.push({ url, init });
      return new Response(JSON.stringify({ errors: [{ index: null, field: 'code', message: 'no display shows the code' }] }), { status: 404 });
    });
    expect(await api.enroll('k7m q4p', { wallId: 'main', displayId: 'd2' }, 'Left TV')).toBe('no display shows the code');
    expect(calls[0]?.url).toBe('/api/v1/wall-devices/enroll');
    expect(calls[0]?.init?.headers).toMatchObject({ authorization: 'Bearer ios_token' });
    expect(JSON.parse(String(calls[0]?.init?.body))).toEqual({ code: 'k7m q4p', wallId: 'main', displayId: 'd2', name: 'Left TV' });
  });
});
