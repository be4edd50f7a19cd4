import type { Audit } from './index.js';

const MINUTE = 60_000;
/** Distinct targets (user names tried, routes) kept per row: enough to tell what was aimed at. */
const MAX_TARGETS = 10;

interface Count {
  minute: number;
  source: string;
  action: string;
  count: number;
  targets: Set<string>;
  detail: Record<string, unknown> | undefined;
  role: string | null;
  /** The first-at-once row while it is being written. */
  writing: Promise<void> | null;
}

/**
 * Refused attempts (rate limits, locked logins, full queues) counted per source, action and
 * minute, and written as ONE audit row each when the minute closes (or on shutdown): a flood
 * of refusals costs the audit log at most `maxRows` rows a minute, not one row per attempt,
 * and "who hammered us, at what, when" still has an answer.
 *
 * Sources past `maxRows` in one minute are folded into the source `*` (so the count stays
 * true even when an attacker invents addresses faster than we keep rows).
 */
/** The source a refusal is counted under: the caller, or the address of an anonymous one. */
export const refusalSource = (actor: string, address: string): string => (actor === 'anonymous' ? `address:${address}` : actor);

export class RefusalTally {
  private readonly counts = new Map<string, Count>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private readonly now: () => number;

  constructor(
    private readonly audit: Pick<Audit, 'write'>,
    private readonly opts: { maxRows?: number; now?: () => number; flushEveryMs?: number } = {},
  ) {
    this.now = opts.now ?? Date.now;
    if (opts.flushEveryMs !== 0) {
      this.timer = setInterval(() => void this.flush(), opts.flushEveryMs ?? 5_000);
      this.timer.unref();
    }
  }

  /**
   * Counts one refusal. `detail` of the first refusal in the minute is kept (e.g. the limit).
   * With `firstAtOnce`, the first refusal of a source, action and minute is written at once (an
   * auditor sees an attack as it starts) and only the rest wait for the minute's row. Resolves
   * once that first row is written (at once otherwise), and a refusal counted while that row is
   * still being written resolves with it: whoever answers a refusal after awaiting this (HTTP
   * hooks, socket middlewares, the socket.io handshake) answers it with its minute's first row in
   * the log. No refusal adds a write here: a flood waits on the rows the tally writes anyway.
   */
  count(source: string, action: string, opts: { target?: string | null; detail?: Record<string, unknown>; role?: string | null; firstAtOnce?: boolean } = {}): Promise<void> {
    const minute = Math.floor(this.now() / MINUTE) * MINUTE;
    // With firstAtOnce each target (a route, an event) has its own first row: a refusal of another
    // kind by the same source is seen at once too, not hidden in the first one's minute.
    let key = `${minute}\u0000${source}\u0000${action}${opts.firstAtOnce ? `\u0000${opts.target ?? ''}` : ''}`;
    let entry = this.counts.get(key);
    if (!entry && this.counts.size >= (this.opts.maxRows ?? 1000)) {
      source = '*';
      key = `${minute}\u0000*\u0000${action}`;
      entry = this.counts.get(key);
    }
    if (!entry) {
      entry = { minute, source, action, count: 0, targets: new Set(), detail: opts.detail, role: opts.role ?? null, writing: null };
      this.counts.set(key, entry);
      if (opts.firstAtOnce && source !== '*') {
        const first = entry;
        // A first row that cannot be written is counted into the minute's row instead.
        first.writing = this.writeRow(first, opts.target ? [opts.target] : [], 1).then((written) => {
          first.writing = null;
          if (!written) this.recount(key, first, opts.target);
        });
        return first.writing;
      }
    }
    entry.count++;
    if (opts.target && entry.targets.size < MAX_TARGETS) entry.targets.add(opts.target);
    return entry.writing ?? Promise.resolve();
  }

  /**
   * Writes the rows of closed minutes (all of them with `all`, on shutdown). Flushes take turns,
   * so a timer's flush and the shutdown's never write the same count twice.
   */
  flush(all = false): Promise<void> {
    this.flushing = this.flushing.then(() => this.flushNow(all));
    return this.flushing;
  }

  private async flushNow(all: boolean): Promise<void> {
    const current = Math.floor(this.now() / MINUTE) * MINUTE;
    for (const [key, e] of [...this.counts]) {
      if (!all && e.minute >= current) continue;
      const refused = e.count;
      if (refused > 0) {
        // The store refuses writes (disk full, locked): keep the counts for the next flush
        // rather than throw from a timer, which would take the process down.
        if (!(await this.writeRow(e, [...e.targets], refused))) return;
        // Refusals counted while the row was written wait for the next flush.
        e.count -= refused;
        if (e.count > 0) continue;
      }
      this.counts.delete(key);
    }
  }

  private async writeRow(e: Count, targets: string[], refused: number): Promise<boolean> {
    try {
      await this.audit.write({
        actor: e.source,
        ...(e.role !== null && { role: e.role }),
        action: e.action,
        target: targets.length === 1 ? targets[0]! : null,
        detail: { ...e.detail, refused, from: new Date(e.minute).toISOString(), to: new Date(e.minute + MINUTE).toISOString(), ...(targets.length > 0 && { targets }) },
        ok: false,
      });
      return true;
    } catch {
      return false;
    }
  }

  /** A first refusal whose own row failed goes back into its minute's count. */
  private recount(key: string, entry: Count, target: string | undefined | null): void {
    const kept = this.counts.get(key) ?? entry;
    if (!this.counts.has(key)) this.counts.set(key, kept);
    kept.count++;
    if (target && kept.targets.size < MAX_TARGETS) kept.targets.add(target);
  }

  /** Refusals counted and not yet written. */
  get pending(): number {
    let n = 0;
    for (const e of this.counts.values()) n += e.count;
    return n;
  }

  close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return this.flush(true);
  }
}
