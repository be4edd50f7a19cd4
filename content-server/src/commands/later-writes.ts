import type { Logger } from '../logger.js';

/** How often a write kept for later is tried again. */
export const LATER_RETRY_MS = 1000;
/** Writes kept at most; past it the oldest is given up (and logged): memory stays bounded in a long outage. */
export const LATER_MAX = 10_000;

interface Kept {
  what: string;
  write: () => Promise<void>;
  landed: () => void;
  since: number;
}

/**
 * Writes a command must not lose when the store fails for a while (a database failover, a locked
 * file) after the command was logged: its audit line and the log's end. Each is tried at once;
 * when the store fails (as `isStoreFailure` says), it is kept in order and tried again every
 * second until it lands. Any other error is thrown to the caller, as before.
 */
export class LaterWrites {
  private readonly kept: Kept[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing = false;

  constructor(
    private readonly isStoreFailure: (err: unknown, what: string) => boolean,
    private readonly logger: Pick<Logger, 'warn' | 'error' | 'info'>,
    private readonly retryMs = LATER_RETRY_MS,
  ) {}

  /**
   * Writes now, or keeps the write for later. `landed` resolves once it is stored (at once when
   * it was); `now` says whether it was.
   */
  async write(what: string, write: () => Promise<void>): Promise<{ now: boolean; landed: Promise<void> }> {
    // Behind writes already kept: their order is kept (an audit line before the log's end).
    if (this.kept.length === 0) {
      try {
        await write();
        return { now: true, landed: Promise.resolve() };
      } catch (err) {
        if (!this.isStoreFailure(err, what)) throw err;
      }
    }
    let landed!: () => void;
    const promise = new Promise<void>((r) => (landed = r));
    if (this.kept.length >= LATER_MAX) {
      const dropped = this.kept.shift()!;
      this.logger.error({ what: dropped.what, since: new Date(dropped.since).toISOString() }, 'a write kept for the store to come back was given up: too many are waiting');
      dropped.landed();
    }
    this.kept.push({ what, write, landed, since: Date.now() });
    if (this.kept.length === 1) this.logger.warn({ what }, 'the store failed; the write is kept and tried again every second');
    this.schedule();
    return { now: false, landed: promise };
  }

  /** Writes waiting for the store. */
  get waiting(): number {
    return this.kept.length;
  }

  /** Tries what is kept once more (at shutdown, before the store closes), then stops trying. */
  async settle(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flush();
    if (this.kept.length > 0) this.logger.error({ waiting: this.kept.length, first: this.kept[0]!.what }, 'writes kept for the store were not stored before the stop');
    this.kept.length = 0;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush().finally(() => {
        if (this.kept.length > 0) this.schedule();
      });
    }, this.retryMs);
    this.timer.unref();
  }

  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.kept.length > 0) {
        const next = this.kept[0]!;
        try {
          await next.write();
        } catch (err) {
          if (this.isStoreFailure(err, next.what)) return;
          // Not the store: trying again will not help.
          this.logger.error({ err, what: next.what }, 'a write kept for the store to come back failed for another reason; given up');
        }
        this.kept.shift();
        next.landed();
        if (this.kept.length === 0) this.logger.info({ what: next.what }, 'the writes kept while the store failed are stored');
      }
    } finally {
      this.flushing = false;
    }
  }
}
