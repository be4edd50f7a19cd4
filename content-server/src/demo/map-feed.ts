import { formatVnTimestamp, type FlowIn, type IncidentIn, type MapFeedBody } from '@ioc/protocol';
import { uniform } from './random.js';

const HOUR_MS = 3_600_000;
/** The hubs flows start from: Hà Nội (01), TP. Hồ Chí Minh (79), Đà Nẵng (48). */
const HUBS = ['01', '79', '48'];
const TITLES: Record<IncidentIn['severity'], { vi: string; en: string }> = {
  high: { vi: 'Sự cố nghiêm trọng (dữ liệu mô phỏng)', en: 'Severe incident (synthetic data)' },
  medium: { vi: 'Sự cố trung bình (dữ liệu mô phỏng)', en: 'Moderate incident (synthetic data)' },
  low: { vi: 'Sự cố nhẹ (dữ liệu mô phỏng)', en: 'Minor incident (synthetic data)' },
};
export const DEMO_MAP_SOURCE = 'demo (synthetic incidents and flows)';

/**
 * The demo's incidents and flows of one day (Vietnam time): a pure function of the seed and the
 * day, posted to the map feed like any source, each labelled synthetic and ending a day later.
 */
export function demoMapFeed(seed: number, provinces: readonly string[], day: string, now: number, counts = { incidents: 14, flows: 10 }): MapFeedBody {
  const pool = [...provinces].sort();
  const incidents: IncidentIn[] = [];
  for (let i = 0; i < counts.incidents && pool.length > 0; i++) {
    const province = pool.splice(Math.floor(uniform(seed, 'map', day, 'incident', i) * pool.length), 1)[0]!;
    const s = uniform(seed, 'map', day, 'severity', i);
    const severity = s < 0.25 ? 'high' : s < 0.65 ? 'medium' : 'low';
    const occurredAt = now - Math.floor(uniform(seed, 'map', day, 'age', i) * 6 * HOUR_MS);
    incidents.push({ id: `demo-${day}-e${i + 1}`, province, severity, title: TITLES[severity], occurredAt: formatVnTimestamp(occurredAt), endsAt: formatVnTimestamp(now + 24 * HOUR_MS), source: DEMO_MAP_SOURCE, synthetic: true });
  }
  const hubs = HUBS.filter((c) => provinces.includes(c));
  const others = provinces.filter((c) => !hubs.includes(c)).sort();
  const flows: FlowIn[] = [];
  for (let i = 0; i < counts.flows && hubs.length > 0 && others.length > 0; i++) {
    const to = others.splice(Math.floor(uniform(seed, 'map', day, 'flow', i) * others.length), 1)[0]!;
    const volume = 1 + Math.floor(uniform(seed, 'map', day, 'volume', i) * 10);
    flows.push({ id: `demo-${day}-f${i + 1}`, from: hubs[i % hubs.length]!, to, volume, occurredAt: formatVnTimestamp(now), endsAt: formatVnTimestamp(now + 24 * HOUR_MS), source: DEMO_MAP_SOURCE, synthetic: true });
  }
  return { incidents, flows };
}
