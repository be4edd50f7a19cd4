import { latestTopic, parsePeriod, type MapFeed, type Panel, type Point, type Topic, type Warning } from '@ioc/protocol';
import { CODES_2025 } from '../widgets/map/codes';

/** The gallery's frozen wall time (unless the page asks for another): 2026-11-23 09:00 Vietnam time. */
export const GALLERY_NOW = Date.parse('2026-11-23T09:00:00+07:00');

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
  /** The map's incidents and flows (`map:feed`), for a map with the events or flows layer. */
  mapFeed?: MapFeed;
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
  return { unit, period, t: parsePeriod(period)!.start, value, synthetic, source: synthetic ? 'demo' : 'fixture' };
}

/** The 34 provinces (from 1 July 2025), in code order. */
export const PROVINCES_2025 = [...CODES_2025];

/** The k-th change of the provinces' October 2026 disbursement (% of plan): one province's new value. */
export function disbursedChange(k: number): { topic: Topic; points: Point[] } {
  return { topic: latestTopic('public_investment_disbursed'), points: [monthPoint(PROVINCES_2025[k % 34]!, 2026, 10, 50 + ((k * 7) % 45))] };
}

export { seeded } from '../util/seeded';
