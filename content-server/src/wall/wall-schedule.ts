import { serverNow } from '../live/index.js';

/**
 * Wall times of scheduled `wall:state` changes, per wall. Each change is due `leadMs` from
 * now, and never before the previous change of the same wall, so renderers apply them in order.
 * The lead and the clock are the live topics' (`live/sync-timing.ts`): scenes and data share one wall time.
 */
export class WallSchedule {
  private readonly last = new Map<string, number>();

  constructor(
    private readonly leadMs: number,
    private readonly now: () => number = serverNow,
    /** Moves a due time of a wall between its renderers' frame starts (see `live/frame-grid.ts`); none: kept. */
    private readonly align: (wallId: string, t: number) => number = (_w, t) => t,
  ) {}

  /** Schedules a change of `wallId`; returns its wall time T. */
  next(wallId: string): number {
    const prev = this.last.get(wallId) ?? Number.NEGATIVE_INFINITY;
    // Strictly after the previous change: two changes never share a frame by accident of rounding.
    const at = Math.max(this.align(wallId, this.now() + this.leadMs), prev + 0.001);
    this.last.set(wallId, at);
    return at;
  }

  /**
   * A change of `wallId` scheduled by another server of the center for T = `t` (on this
   * server's clock): kept as the latest, strictly after the previous one; returns the T used.
   */
  at(wallId: string, t: number): number {
    const prev = this.last.get(wallId) ?? Number.NEGATIVE_INFINITY;
    const at = Math.max(t, prev + 0.001);
    this.last.set(wallId, at);
    return at;
  }

  /** T of the latest change of `wallId` (maybe still in the future); undefined if none since start. */
  latest(wallId: string): number | undefined {
    return this.last.get(wallId);
  }
}
