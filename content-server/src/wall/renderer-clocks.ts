import { formatVnTimestamp, type ClockReport, type FrameCadence, type RendererClock } from '@ioc/protocol';

/** A frame cadence older than this is not used to place changes (its phase may have drifted). */
const CADENCE_MAX_AGE_MS = 60_000;

interface Entry {
  wallId: string;
  displayId: string;
  joinedAt: number;
  clock: (ClockReport & { reportedAt: number }) | null;
}

/**
 * The renderers connected now (one per socket, so two windows of the same display are two
 * entries) and the clock estimate each reported last. Presence: synced, not persisted.
 */
export class RendererClocks {
  private readonly bySocket = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  joined(socketId: string, wallId: string, displayId: string): void {
    this.bySocket.set(socketId, { wallId, displayId, joinedAt: this.now(), clock: null });
  }

  left(socketId: string): void {
    this.bySocket.delete(socketId);
  }

  /** Keeps a report of a joined renderer; a report of a socket that has not joined is dropped. */
  report(socketId: string, report: ClockReport): boolean {
    const e = this.bySocket.get(socketId);
    if (!e) return false;
    e.clock = { ...report, reportedAt: this.now() };
    return true;
  }

  /** The frame cadences reported in the last minute by the renderers of `wallId` (every wall if omitted). */
  cadences(wallId?: string): FrameCadence[] {
    const since = this.now() - CADENCE_MAX_AGE_MS;
    const out: FrameCadence[] = [];
    for (const e of this.bySocket.values()) {
      if ((wallId === undefined || e.wallId === wallId) && e.clock?.frame && e.clock.reportedAt >= since) out.push(e.clock.frame);
    }
    return out;
  }

  /** The cadences reported in the last minute, per wall (what this server tells the others). */
  cadencesByWall(): Record<string, FrameCadence[]> {
    const out: Record<string, FrameCadence[]> = {};
    for (const e of this.bySocket.values()) {
      if (!e.clock?.frame || e.clock.reportedAt < this.now() - CADENCE_MAX_AGE_MS) continue;
      (out[e.wallId] ??= []).push(e.clock.frame);
    }
    return out;
  }

  /** The renderers of a wall, by display then join time. */
  ofWall(wallId: string): RendererClock[] {
    return [...this.bySocket.entries()]
      .filter(([, e]) => e.wallId === wallId)
      .sort(([, a], [, b]) => (a.displayId < b.displayId ? -1 : a.displayId > b.displayId ? 1 : a.joinedAt - b.joinedAt))
      .map(([socketId, e]) => ({
        displayId: e.displayId,
        socketId,
        joinedAt: formatVnTimestamp(e.joinedAt, true),
        clock: e.clock ? { ...e.clock, reportedAt: formatVnTimestamp(e.clock.reportedAt, true) } : null,
      }));
  }
}
