import type { Topic } from '@ioc/protocol';
import type { ClusterBus } from '../cluster/bus.js';
import type { Logger } from '../logger.js';
import type { ChangedPoint } from '../store/index.js';
import { LiveHub, type CurrentProvinces, type LiveSource } from './hub.js';
import { LiveLink } from './link.js';
import { serverNow, syncTiming, type SyncTiming } from './sync-timing.js';

/**
 * The live domain: topic versions and their fan-out to the walls (hub.ts), per-renderer
 * coalescing and resume (client.ts), how committed batches cross the center's servers on the
 * cluster bus (link.ts), and the wall time they are committed at (sync-timing.ts, frame-grid.ts;
 * the wall's scene changes use the same). Other domains import only from here.
 */
export { LiveHub, type CurrentProvinces, type LiveHubOptions, type LiveSource } from './hub.js';
export { LiveClient } from './client.js';
export { LiveLink, LIVE_CHANNEL, OWN_BATCH_WAIT_MS, type LiveLinkOptions } from './link.js';
export { serverNow, syncTiming, type SyncTiming } from './sync-timing.js';
export { placeChange } from './frame-grid.js';

export interface LiveOptions {
  /** Where snapshots are read (the store, through the feeds domain). */
  source: LiveSource;
  currentProvinces: () => CurrentProvinces;
  /**
   * The changes of the topics walls see for a committed batch's changes (the feeds domain: the
   * current map); `watched` tells which topics a wall has subscribed to. Called in commit order:
   * the hub takes the promise at once, so its place in that order is kept while it computes.
   */
  topicChanges(changes: readonly ChangedPoint[], watched: (topic: Topic) => boolean): Promise<ChangedPoint[]>;
  /** Moves a commit tick between the renderers' frame starts (the wall domain's `placeCommit`). */
  alignCommit?: (t: number) => number;
  /** The other servers of the center: the bus and peer clocks. Absent: this server is alone. */
  peers?: { bus: ClusterBus; toLocal(t: number, origin: string): number } | null;
  /** From the environment unless given. */
  timing?: SyncTiming;
  log: Logger;
}

/** The live topics of one server: the hub, its link to the other servers, and their commit timing. */
export class LiveDomain {
  readonly hub: LiveHub;
  /** How committed changes reach the live topics of every server (link.ts): ingest announces its batches here. */
  readonly link: LiveLink;
  readonly timing: SyncTiming;

  constructor(opts: LiveOptions) {
    const timing = (this.timing = opts.timing ?? syncTiming());
    this.hub = new LiveHub({
      source: opts.source,
      currentProvinces: opts.currentProvinces,
      // Deltas become visible on common wall-time ticks (issue 5): see `sync-timing.ts`.
      commit: { leadMs: timing.commitLeadMs, tickMs: timing.commitTickMs, clock: serverNow, ...(opts.alignCommit ? { align: opts.alignCommit } : {}) },
    });
    const peers = opts.peers ?? null;
    this.link = new LiveLink({
      apply: (changes, commitAt) => this.hub.publish(opts.topicChanges(changes, (t) => this.hub.watched(t)), commitAt),
      nextCommitTick: () => this.hub.nextCommitTick(),
      resync: () => this.hub.resync(),
      bus: peers?.bus ?? null,
      toLocal: (t, origin) => peers?.toLocal(t, origin) ?? t,
      log: opts.log,
    });
  }

  close(): void {
    this.link.close();
  }
}
