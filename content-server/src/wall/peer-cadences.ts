import type { FrameCadence } from '@ioc/protocol';
import type { ClusterBus } from '../cluster/bus.js';

/** The bus channel on which each server tells the others its renderers' frame cadences. */
export const CADENCES_CHANNEL = 'wall.cadences';
/** How often a server repeats its renderers' cadences (renderers report a few times a minute). */
export const CADENCES_REPEAT_MS = 2_000;
/** A peer silent this long is dropped (it died, or its renderers left). */
const PEER_SILENT_MS = 10_000;

type ByWall = Record<string, FrameCadence[]>;

/**
 * The frame cadences of the renderers connected to the center's other servers, per wall, moved
 * onto this server's clock. A change of one wall whose pages are split over two servers is placed
 * clear of the frame starts of every page, not only of this server's: otherwise a page on the
 * other server could see T on a frame start and show the change one frame late.
 */
export class PeerCadences {
  private readonly peers = new Map<string, { heardAt: number; byWall: ByWall }>();
  private timer: NodeJS.Timeout | null = null;
  private readonly off: Array<() => void> = [];

  constructor(
    private readonly bus: ClusterBus,
    /** This server's renderers' cadences per wall. */
    private readonly local: () => ByWall,
    /** A peer's wall time on this server's clock. */
    private readonly toLocal: (t: number, origin: string) => number,
    private readonly now: () => number = Date.now,
  ) {
    this.off.push(
      bus.subscribe(CADENCES_CHANNEL, (m) => {
        if (m.origin === bus.serverId) return;
        const byWall: ByWall = {};
        for (const [wallId, list] of Object.entries(m.body as ByWall)) byWall[wallId] = list.map((c) => ({ anchorWall: this.toLocal(c.anchorWall, m.origin), intervalMs: c.intervalMs }));
        this.peers.set(m.origin, { heardAt: this.now(), byWall });
      }),
    );
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.announce(), CADENCES_REPEAT_MS);
    this.timer.unref();
    this.announce();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const off of this.off.splice(0)) off();
  }

  /** The other servers' renderers' cadences of `wallId` (of every wall if omitted), heard lately. */
  of(wallId?: string): FrameCadence[] {
    const since = this.now() - PEER_SILENT_MS;
    const out: FrameCadence[] = [];
    for (const [origin, p] of this.peers) {
      if (p.heardAt < since) {
        this.peers.delete(origin);
        continue;
      }
      for (const [w, list] of Object.entries(p.byWall)) if (wallId === undefined || w === wallId) out.push(...list);
    }
    return out;
  }

  private announce(): void {
    const byWall = this.local();
    if (Object.keys(byWall).length === 0) return;
    void this.bus.publish(CADENCES_CHANNEL, byWall).catch(() => {
      // The next repeat tries again; meanwhile changes are placed by this server's renderers only.
    });
  }
}
