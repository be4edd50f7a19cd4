/**
 * How far each peer server's wall clock is from this one's. A wall's renderers may be connected
 * to different servers, each renderer keeping its clock in step with its own server; a change
 * scheduled at T on server A's clock must land in the same frame on the renderers of server B,
 * so B gives its renderers T + (B's clock - A's clock). Servers are kept close by the machines'
 * time service (chrony or PTP, docs/deployment.md); this measures what is left, as a renderer
 * measures its server: a probe's round trip, the peer's time read in its middle, the sample with
 * the shortest round trip kept (its error is at most half that round trip).
 */
export interface PeerClock {
  /** This server's clock minus the peer's, ms. */
  offsetMs: number;
  /** Bound on the offset's error (half the best round trip), ms. */
  errorMs: number;
  rttMs: number;
  measuredAt: number;
  samples: number;
}

export interface TimeProbe {
  /** The peer's id and its wall time, read when its answer was made. */
  (url: string): Promise<{ serverId: string; time: number }>;
}

export interface PeerClocksOptions {
  /** This server's wall clock (`serverNow`). */
  now: () => number;
  probe: TimeProbe;
  /** Probes per measurement of a peer (default 8); the shortest round trip wins. */
  samples?: number;
  /** Offsets within this of zero are not applied (default: their own error bound): a correction must not add noise. */
  minCorrectionMs?: number;
}

export class PeerClocks {
  private readonly clocks = new Map<string, PeerClock>();

  constructor(private readonly opts: PeerClocksOptions) {}

  /** Measures the peer at `url`; returns its id and clock, or throws when it does not answer. */
  async measure(url: string): Promise<{ serverId: string; clock: PeerClock }> {
    let best: { serverId: string; offsetMs: number; rttMs: number } | null = null;
    const n = this.opts.samples ?? 8;
    for (let i = 0; i < n; i++) {
      const t0 = this.opts.now();
      const { serverId, time } = await this.opts.probe(url);
      const t1 = this.opts.now();
      const rttMs = t1 - t0;
      const offsetMs = (t0 + t1) / 2 - time;
      if (!best || rttMs < best.rttMs) best = { serverId, offsetMs, rttMs };
    }
    const clock: PeerClock = { offsetMs: best!.offsetMs, errorMs: best!.rttMs / 2, rttMs: best!.rttMs, measuredAt: Date.now(), samples: n };
    this.clocks.set(best!.serverId, clock);
    return { serverId: best!.serverId, clock };
  }

  /** The last measurement of a peer, if any. */
  get(serverId: string): PeerClock | undefined {
    return this.clocks.get(serverId);
  }

  all(): ReadonlyMap<string, PeerClock> {
    return this.clocks;
  }

  /**
   * `t` on `origin`'s clock, on this server's clock. Unchanged for this server's own times, for
   * a peer not measured yet, and where the offset is within its error (on one machine the
   * clocks are the same and a measured offset is only noise).
   */
  toLocal(t: number, origin: string, self: string): number {
    if (origin === self) return t;
    const c = this.clocks.get(origin);
    if (!c) return t;
    const floor = this.opts.minCorrectionMs ?? c.errorMs;
    return Math.abs(c.offsetMs) <= floor ? t : t + c.offsetMs;
  }

  forget(serverId: string): void {
    this.clocks.delete(serverId);
  }
}
