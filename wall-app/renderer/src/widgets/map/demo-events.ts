/**
 * Demo incidents and flows for the map's `events` and `flows` layers. There is no server feed
 * for them yet: these are made up, deterministic for a panel (same panel id, same picture on
 * every tile and in every golden image), and the legend labels them "demo".
 */
import { seeded } from '../../util/seeded';

export interface DemoEvent {
  id: string;
  /** The province it happened in (2025 code). */
  province: string;
  position: [number, number];
  severity: 'high' | 'medium' | 'low';
}

export interface DemoFlow {
  id: string;
  from: string;
  to: string;
  /** Relative volume, 1..10. */
  volume: number;
}

/** Up to `count` events at provinces' label points, jittered a little, with severities. */
export function demoEvents(seed: string, provinces: ReadonlyArray<{ code: string; label: [number, number] }>, count = 14): DemoEvent[] {
  const r = seeded(`events:${seed}`);
  const pool = [...provinces].sort((a, b) => a.code.localeCompare(b.code));
  const out: DemoEvent[] = [];
  for (let i = 0; i < count && pool.length > 0; i++) {
    const p = pool.splice(Math.floor(r() * pool.length), 1)[0]!;
    const s = r();
    out.push({
      id: `e${i + 1}`,
      province: p.code,
      position: [p.label[0] + (r() - 0.5) * 0.3, p.label[1] + (r() - 0.5) * 0.3],
      severity: s < 0.25 ? 'high' : s < 0.65 ? 'medium' : 'low',
    });
  }
  return out;
}

/** Flows from the two largest hubs (Hà Nội 01, TP. Hồ Chí Minh 79) and Đà Nẵng (48) to other provinces. */
export function demoFlows(seed: string, codes: readonly string[], count = 10): DemoFlow[] {
  const r = seeded(`flows:${seed}`);
  const hubs = ['01', '79', '48'].filter((c) => codes.includes(c));
  const others = codes.filter((c) => !hubs.includes(c)).sort();
  const out: DemoFlow[] = [];
  for (let i = 0; i < count && hubs.length > 0 && others.length > 0; i++) {
    const from = hubs[i % hubs.length]!;
    const to = others.splice(Math.floor(r() * others.length), 1)[0]!;
    out.push({ id: `f${i + 1}`, from, to, volume: 1 + Math.floor(r() * 10) });
  }
  return out;
}
