/**
 * What the map's `events` and `flows` layers draw: the server's map feed (`map:feed`), nothing
 * else. A production wall with no source posting draws no incident and no flow; the legend
 * says "demo" only when what it shows is synthetic.
 */
import { parsePeriod, type MapFeed } from '@ioc/protocol';

export interface DrawnEvent {
  id: string;
  /** The province it happened in (2025 code). */
  province: string;
  position: [number, number];
  severity: 'high' | 'medium' | 'low';
}

export interface DrawnFlow {
  id: string;
  from: string;
  to: string;
  /** Relative volume, 1..10. */
  volume: number;
}

export const EMPTY_MAP_FEED: MapFeed = { incidents: [], flows: [] };

/** True while the item has not ended at `now` (the server sends the feed again only on a change). */
function running(endsAt: string | undefined, now: number): boolean {
  const end = endsAt === undefined ? null : parsePeriod(endsAt)?.start;
  return end === null || end === undefined || end > now;
}

/** The feed's incidents placed on the map: at their position, else at their province's label point; unknown provinces left out. */
export function drawnEvents(feed: MapFeed, provinces: ReadonlyArray<{ code: string; label: [number, number] }>, now: number): DrawnEvent[] {
  const labels = new Map(provinces.map((p) => [p.code, p.label]));
  return feed.incidents.flatMap((e) => {
    const position = e.position ?? labels.get(e.province);
    return position && labels.has(e.province) && running(e.endsAt, now) ? [{ id: e.id, province: e.province, position: [position[0], position[1]] as [number, number], severity: e.severity }] : [];
  });
}

/** The feed's flows between provinces of this map. */
export function drawnFlows(feed: MapFeed, codes: readonly string[], now: number): DrawnFlow[] {
  const known = new Set(codes);
  return feed.flows.filter((f) => known.has(f.from) && known.has(f.to) && running(f.endsAt, now)).map((f) => ({ id: f.id, from: f.from, to: f.to, volume: f.volume }));
}

/** Whether the layers shown draw synthetic items (the legend's "demo", the wall's watermark). */
export function feedSynthetic(feed: MapFeed, layers: ReadonlyArray<string>): { events: boolean; flows: boolean } {
  return {
    events: layers.includes('events') && feed.incidents.some((e) => e.synthetic),
    flows: layers.includes('flows') && feed.flows.some((f) => f.synthetic),
  };
}
