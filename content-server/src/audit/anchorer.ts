import type { Db } from '../store/types.js';
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
  private readonly newest;
  private readonly countUpTo;
  private sinceLast = 0;
  private lastAnchoredId = -1;
  private scheduled = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    db: Db,
    private readonly keys: AuditKeyring,
    private readonly opts: AnchorerOptions,
  ) {
    this.newest = db.prepare<[], { id: number; hash: string | null }>('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1');
    this.countUpTo = db.prepare<[number], number>('SELECT count(*) FROM audit_log WHERE id <= ?').pluck();
    this.timer = setInterval(() => this.anchor(), opts.intervalMs);
    this.timer.unref();
  }

  /** Called after each entry is written. */
  noteWrite(): void {
    if (++this.sinceLast < this.opts.every || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.anchor();
    });
  }

  /** Anchors the newest committed entry, unless it already is; returns the anchor taken, if any. */
  anchor(now = Date.now()): Anchor | null {
    const newest = this.newest.get();
    if (!newest || newest.hash === null || newest.id === this.lastAnchoredId) return null;
    const anchor: Anchor = { lastId: newest.id, lastHash: newest.hash, count: this.countUpTo.get(newest.id) ?? 0, time: now };
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

  /** Stops the timer and takes a last anchor (at shutdown). */
  stop(): void {
    clearInterval(this.timer);
    this.anchor();
  }
}
