import type { Sql } from '../store/sql.js';
import { acquireLease, releaseLease, type Lease } from './leases.js';

export interface LeaseKeeperOptions {
  name: string;
  /** This server's identity (cluster/server-id.ts). */
  owner: string;
  /** How long a lease lasts without renewal (default 10 s): a dead owner's work moves after at most this. */
  ttlMs?: number;
  /** Called when this server starts to own the work, with the lease (its fencing token). */
  onAcquired: (lease: Lease) => void;
  /** Called when this server stops owning it (taken over, or unsure because the store did not answer). */
  onLost: () => void;
  /** Errors while renewing (the store unreachable); the keeper goes on trying. */
  onError?: (err: unknown) => void;
}

/**
 * Keeps trying to hold one lease: renews it every third of its life while held, tries to take
 * it at the same pace while another server holds it. When renewing fails for as long as the
 * lease lasts, this server can no longer be sure it owns the work and gives it up (`onLost`)
 * before another server may take it (the lease's end, measured by the store).
 */
export class LeaseKeeper {
  private readonly ttlMs: number;
  private held: Lease | null = null;
  /** When the last renewal that succeeded was sent: the lease lasts ttl from (no earlier than) then. */
  private renewedAt = 0;
  private timer: NodeJS.Timeout | null = null;
  /** Gives the lease up if no renewal succeeds before 80% of its life has passed (a renewal may hang on a dead store). */
  private watchdog: NodeJS.Timeout | null = null;
  private stopped = false;
  private running: Promise<void> | null = null;

  constructor(
    private readonly sql: Sql,
    private readonly opts: LeaseKeeperOptions,
  ) {
    this.ttlMs = opts.ttlMs ?? 10_000;
  }

  /** The lease while this server holds it. */
  get lease(): Lease | null {
    return this.held;
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops trying; a held lease is released so that another server takes the work at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    if (this.held) {
      const name = this.held.name;
      this.lose();
      await releaseLease(this.sql, name, this.opts.owner).catch((err: unknown) => this.opts.onError?.(err));
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => {
        this.running = null;
        this.schedule(Math.max(50, Math.floor(this.ttlMs / 3)));
      });
    }, delayMs);
    // A keeper never holds the process open: its work is what it guards.
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const sentAt = Date.now();
    try {
      const lease = await acquireLease(this.sql, this.opts.name, this.opts.owner, this.ttlMs);
      if (this.stopped) return;
      if (lease) {
        this.renewedAt = sentAt;
        this.arm(sentAt);
        const fresh = this.held === null || this.held.token !== lease.token;
        if (fresh && this.held) this.lose();
        this.held = lease;
        if (fresh) this.opts.onAcquired(lease);
      } else if (this.held) {
        this.lose();
      }
    } catch (err) {
      this.opts.onError?.(err);
    }
  }

  private arm(sentAt: number): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => {
      // Unsure whether the store still counts it ours: give the work up before the lease can have ended for the others.
      if (this.held && this.renewedAt === sentAt) this.lose();
    }, Math.max(0, sentAt + this.ttlMs * 0.8 - Date.now()));
    this.watchdog.unref();
  }

  private lose(): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = null;
    this.held = null;
    this.opts.onLost();
  }
}
