import { formatVnTimestamp, type ClockReport, type RendererClock } from '@ioc/protocol';

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
