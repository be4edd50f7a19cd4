import type { PendingPairing, WallDevice, WallPositionStatus } from '@ioc/protocol';
import { apiClient, failure, type Fetch } from './api-failure.js';

export type { Fetch } from './api-failure.js';

export interface WallDevicesView {
  pending: Array<PendingPairing & { requestedTime?: string }>;
  devices: WallDevice[];
  positions: WallPositionStatus[];
}

export type EnrollTarget = { wallId: string; displayId: string } | { wallId: string; rendererId: string };


/**
 * The enrollment API (`/api/v1/wall-devices`) for the console's "Enroll displays" panel. Every
 * call carries the console's token; the server checks the role (technician or admin).
 */
export function wallDevicesApi(token: string, fetcher: Fetch = (u, i) => globalThis.fetch(u, i), origin = '') {
  const { call, change } = apiClient('/api/v1/wall-devices', token, fetcher, origin);
  return {
    async load(): Promise<WallDevicesView> {
      const [p, d] = await Promise.all([call('GET', '/pending'), call('GET', '')]);
      if (!p.ok) throw new Error(await failure(p));
      if (!d.ok) throw new Error(await failure(d));
      const pending = (await p.json()) as { pending: WallDevicesView['pending'] };
      const devices = (await d.json()) as { devices: WallDevice[]; positions: WallPositionStatus[] };
      return { pending: pending.pending, devices: devices.devices, positions: devices.positions };
    },
    /** Resolves with null when done, or the server's reason. */
    enroll: (code: string, target: EnrollTarget, name?: string): Promise<string | null> => change('POST', '/enroll', { code, ...target, ...(name && { name }) }),
    revoke: (id: number): Promise<string | null> => change('DELETE', `/${id}`),
  };
}

/** A position's key in the panel's list: `main/d1` or `ops-room/renderer:top`. */
export function positionKey(p: { wallId: string; displayId: string | null; rendererId: string | null }): string {
  return p.displayId !== null ? `${p.wallId}/${p.displayId}` : `${p.wallId}/renderer:${p.rendererId ?? ''}`;
}

/** The enroll target of a position key, or null. */
export function targetOf(key: string): EnrollTarget | null {
  const m = /^([^/]+)\/(renderer:)?(.+)$/.exec(key);
  if (!m) return null;
  return m[2] ? { wallId: m[1]!, rendererId: m[3]! } : { wallId: m[1]!, displayId: m[3]! };
}

/** The position a pending code's page asked for (its URL), when the wall has it: the panel's default choice. */
export function suggestedPosition(p: PendingPairing, positions: WallPositionStatus[]): string | null {
  const { wallId, displayId, rendererId } = p.hint;
  if (!wallId) return null;
  const hit = positions.find((x) => x.wallId === wallId && (rendererId ? x.rendererId === rendererId : x.displayId === displayId));
  return hit ? positionKey(hit) : null;
}
