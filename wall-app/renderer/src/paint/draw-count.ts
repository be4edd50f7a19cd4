/** One drawing pass of a widget (a d3 redraw, a deck.gl or three.js render), as benches read it. */
export interface DrawRecord {
  /** The panel drawn, or '' where the drawing code does not know it. */
  panelId: string;
  /** What drew: `d3`, `deck`, `maplibre`, `three`, ... */
  kind: string;
  /** `performance.now()` when the pass ended. */
  at: number;
}

declare global {
  interface Window {
    /** Drawing passes, oldest first, at most DRAW_LOG_CAP (bench hook: an idle wall must add none). */
    __wallDraws?: DrawRecord[];
  }
}

export const DRAW_LOG_CAP = 10_000;

/**
 * Records one drawing pass. Every widget that draws imperatively calls it once per pass, so
 * `bench:widgets` can count redraws on an idle wall (target 0) and time a data change to the
 * end of the redraw it causes.
 */
export function countDraw(panelId: string, kind: string): void {
  const log = (window.__wallDraws ??= []);
  log.push({ panelId, kind, at: performance.now() });
  if (log.length > DRAW_LOG_CAP) log.splice(0, log.length - DRAW_LOG_CAP);
}
