import { VN_OFFSET_MINUTES, formatVnTimestamp } from '@ioc/protocol';
import type { DemoObservation } from './generator.js';
import { vnDay } from './history.js';
import { smoothNoise, uniform } from './random.js';

const OFFSET_MS = VN_OFFSET_MINUTES * 60_000;
const DAY_MS = 86_400_000;

/** Share of the day's swing from the night trough, hour by hour (0 h to 24 h). */
const LOAD_SHAPE = [0.12, 0.06, 0.02, 0, 0.02, 0.1, 0.3, 0.55, 0.75, 0.85, 0.88, 0.82, 0.7, 0.8, 0.95, 1, 0.97, 0.9, 0.88, 0.93, 0.92, 0.8, 0.55, 0.3, 0.12];

function hourOfDay(ms: number): number {
  return (((ms + OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS / 3_600_000;
}

/** Cosine interpolation in an hourly table. */
function interpolate(table: readonly number[], h: number): number {
  const i = Math.floor(h);
  const f = (1 - Math.cos((h - i) * Math.PI)) / 2;
  return (table[i] ?? 0) * (1 - f) + (table[i + 1] ?? table[i] ?? 0) * f;
}

/**
 * National power load at an instant (MW): a daily curve from about 30 GW at night to a peak
 * of 46-49 GW in the afternoon, with smooth noise, a pure function of the second.
 */
export function powerLoadAt(seed: number, ms: number): number {
  const second = Math.floor(ms / 1000) * 1000;
  const peak = 46_000 + 3_000 * uniform(seed, 'power_load', 'peak', vnDay(second));
  const base = 30_000 + (peak - 30_000) * interpolate(LOAD_SHAPE, hourOfDay(second));
  return Math.round(base + 220 * smoothNoise(second / 20_000, seed, 'power_load'));
}

/** The power_load observation of the second containing `ms`. */
export function powerLoadObservation(seed: number, ms: number): DemoObservation {
  const second = Math.floor(ms / 1000) * 1000;
  return { indicator: 'power_load', unit: 'VN', period: formatVnTimestamp(second), value: powerLoadAt(seed, second) };
}
