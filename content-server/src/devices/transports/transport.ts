import { EventEmitter } from 'node:events';
import type { QueueLink } from '../device-queue.js';

export type LinkStatus = 'connecting' | 'online' | 'offline';

export interface TransportEvents {
  up: [];
  down: [reason: string];
  data: [chunk: Uint8Array];
}

/**
 * A byte link to one device that keeps itself connected: it reconnects with doubling backoff
 * (0.5 s up to 10 s) after a drop, a refused connection or a serial port that disappeared,
 * and reports `up`/`down`. The queue writes through it; codecs read its `data`.
 */
export abstract class Transport extends EventEmitter<TransportEvents> implements QueueLink {
  status: LinkStatus = 'connecting';
  lastError: string | null = null;
  private retryDelay: number;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly backoff = { initialMs: 500, maxMs: 10_000 },
  ) {
    super();
    this.retryDelay = backoff.initialMs;
  }

  get ready(): boolean {
    return this.status === 'online';
  }

  start(): void {
    this.stopped = false;
    this.open();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.close();
    if (this.status !== 'offline') this.markDown('stopped');
  }

  abstract write(bytes: Uint8Array): void;
  /** Opens the connection; calls `markUp` or `markDown` when it knows. */
  protected abstract open(): void;
  /** Releases the connection without reconnecting. */
  protected abstract close(): void;

  protected markUp(): void {
    this.retryDelay = this.backoff.initialMs;
    this.lastError = null;
    this.status = 'online';
    this.emit('up');
  }

  /** The link is gone: tell the queue, then try again later unless stopped. */
  protected markDown(reason: string): void {
    const wasOnline = this.status === 'online';
    this.status = 'offline';
    this.lastError = reason;
    if (wasOnline || reason === 'stopped') this.emit('down', reason);
    if (this.stopped || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.stopped) return;
      this.status = 'connecting';
      this.open();
    }, this.retryDelay);
    this.retryDelay = Math.min(this.retryDelay * 2, this.backoff.maxMs);
  }
}
