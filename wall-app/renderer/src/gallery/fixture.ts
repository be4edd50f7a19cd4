import type { Panel, Point, Topic, Warning } from '@ioc/protocol';

/**
 * One widget in a known state, for golden images and the repaint bench: a panel (its `rect`
 * gives the size; x and y are ignored) and the data its topics hold. Data here is fixed and
 * made up for the picture (values are plausible, labelled demo where the widget labels demo).
 */
export interface GalleryFixture {
  /** `<type>` or `<type>-<variant>`: the golden image's name. */
  id: string;
  panel: Panel;
  /** Snapshot of each topic the panel needs. */
  topics?: Partial<Record<Topic, Point[]>>;
  /** Open warnings (warnings list, ticker). */
  warnings?: Warning[];
  /** The wall's drill-down focus (a province code), for the map. */
  focus?: string | null;
  /**
   * The k-th data change for the repaint bench (k = 1, 2, ...): points to upsert into a topic.
   * Absent: the widget has no live data (the bench skips it).
   */
  change?: (k: number) => { topic: Topic; points: Point[] };
}

/** A point of a monthly series (`2026-03`), as the server sends them. */
export function monthPoint(unit: string, year: number, month: number, value: number, synthetic = true): Point {
  const period = `${year}-${String(month).padStart(2, '0')}`;
  return { unit, period, t: Date.UTC(year, month - 1, 1) - 7 * 3_600_000, value, synthetic, source: synthetic ? 'demo' : 'fixture' };
}

/** A point of a quarterly series (`2026-Q2`). */
export function quarterPoint(unit: string, year: number, quarter: number, value: number, synthetic = true): Point {
  return { unit, period: `${year}-Q${quarter}`, t: Date.UTC(year, (quarter - 1) * 3, 1) - 7 * 3_600_000, value, synthetic, source: synthetic ? 'demo' : 'fixture' };
}

/** A point of a yearly series (`2025`). */
export function yearPoint(unit: string, year: number, value: number, synthetic = true): Point {
  return { unit, period: String(year), t: Date.UTC(year, 0, 1) - 7 * 3_600_000, value, synthetic, source: synthetic ? 'demo' : 'fixture' };
}

export { seeded } from '../util/seeded';
