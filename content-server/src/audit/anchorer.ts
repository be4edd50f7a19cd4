import type { Sql } from '../store/sql.js';
import { signAnchor, type Anchor, type AnchorSink } from './anchors.js';
import type { AuditKeyring } from './keyring.js';

export interface AnchorerOptions {
  sinks: AnchorSink[];
  /** An anchor after this many new entries. */
  every: number;
  /** And one at least this often while entries are written. */
  intervalMs: number;
  onError?: (err: unknown, sink: string) => void;
}

/**
 * Takes signed checkpoints of the chain and hands them to the sinks: every `every` entries, every
 * `intervalMs` when something was written since, and at shutdown. An anchor is taken on a later
 * turn of the event loop, never inside a write, so it only ever vouches for committed entries.
 */
export class Anchorer {
  private sinceLast = 0;
  private lastAnchoredId = -1;
  private scheduled = false;
  /** Anchors are taken one at a time, so two never vouch for the same entry. */
  private taking: Promise<Anchor | null> = Promise.resolve(null);
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly sql: Sql,
    private readonly keys: AuditKeyring,
    private readonly opts: AnchorerOptions,
  ) {
    this.timer = setInterval(() => void this.anchorQuietly(), opts.intervalMs);
    this.timer.unref();
  }

  /** Called after each entry is written. */
  noteWrite(): void {
    if (++this.sinceLast < this.opts.every || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.anchorQuietly();
    });
  }

  /** Anchors the newest committed entry, unless it already is; resolves to the anchor taken, if any. */
  anchor(now = Date.now()): Promise<Anchor | null> {
    this.taking = this.taking.catch(() => null).then(() => this.take(now));
    return this.taking;
  }

  /** Stops the timer and takes a last anchor (at shutdown). */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.anchorQuietly();
  }

  private async take(now: number): Promise<Anchor | null> {
    const newest = await this.sql.get<{ id: number; hash: string | null }>('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1');
    if (!newest || newest.hash === null || newest.id === this.lastAnchoredId) return null;
    const counted = await this.sql.get<{ n: number }>('SELECT count(*) AS n FROM audit_log WHERE id <= ?', [newest.id]);
    const anchor: Anchor = { lastId: newest.id, lastHash: newest.hash, count: Number(counted?.n ?? 0), time: now };
    const signed = signAnchor(anchor, this.keys.anchorPrivateKey, this.keys.anchorPublicKey);
    for (const sink of this.opts.sinks) {
      try {
        const done = sink.publish(signed);
        if (done) done.catch((err: unknown) => this.opts.onError?.(err, sink.name));
      } catch (err) {
        // A sink that fails (disk full, peer away) must not stop the audit or the others.
        this.opts.onError?.(err, sink.name);
      }
    }
    this.sinceLast = 0;
    this.lastAnchoredId = newest.id;
    return anchor;
  }

  /** From a timer or shutdown: a store that cannot be read (closed, failed over) is reported, not thrown. */
  private async anchorQuietly(): Promise<void> {
    try {
      await this.anchor();
    } catch (err) {
      this.opts.onError?.(err, 'store');
    }
  }
}
