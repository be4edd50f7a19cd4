import type { DeviceTiming } from '@ioc/protocol';
import { toHex, type DeviceEvent, type DeviceState, type EncodedFrame } from './driver.js';

/** The connection a queue writes to; the transport owns reconnection. */
export interface QueueLink {
  /** True while bytes can be written. */
  readonly ready: boolean;
  write(bytes: Uint8Array): void;
}

/** What happened to one command, as the console and the audit log report it. */
export type CommandOutcome =
  | { ok: true; state: DeviceState | null; attempts: number; durationMs: number; sent: string[]; replies: string[] }
  | { ok: false; error: string; code: FailureCode; attempts: number; durationMs: number; sent: string[]; replies: string[] };

export type FailureCode = 'nak' | 'timeout' | 'offline' | 'cancelled' | 'invalid' | 'queue_full';

/** Commands waiting on one device by default; see FloodLimits.deviceQueue. */
export const DEFAULT_MAX_QUEUED = 100;

/**
 * Makes the bytes of one attempt. Called at send time, not at submit time: some protocols'
 * bytes depend on the connection (PJLink's auth digest belongs to the connection's greeting).
 */
export type FrameSource = () => EncodedFrame;

interface Job {
  encode: FrameSource;
  /** Quiet time after this command, instead of the device's gap. */
  gapMs: number | undefined;
  /** Jumps ahead of the normal commands waiting (power off, mute): a safety action is never stuck behind a flood. */
  urgent: boolean;
  frame: EncodedFrame | null;
  attempts: number;
  queuedAt: number;
  sent: string[];
  replies: string[];
  resolve: (outcome: CommandOutcome) => void;
}

export interface DeviceQueueOptions {
  timing: DeviceTiming;
  /** Wait for each reply before sending the next command (most serial protocols). */
  oneInFlight: boolean;
  /** Longest a command may wait for the link before it fails as offline. */
  offlineTimeoutMs?: number;
  /** Normal commands waiting at most (default DEFAULT_MAX_QUEUED); past it they fail as `queue_full`. Urgent ones are always taken. */
  maxQueued?: number;
  now?: () => number;
}

/**
 * One device's command queue: commands go out in order, one in flight where the protocol needs
 * it, with a quiet gap between them; each attempt has a reply timeout; a timed-out attempt is
 * retried with doubling backoff up to the profile's maximum, then fails clearly. A NAK is the
 * device's answer and fails at once. Nothing here blocks: a hung device only delays its own
 * queue, never another device or the event loop.
 */
export class DeviceQueue {
  private readonly jobs: Job[] = [];
  private inFlight: Job | null = null;
  /** The reply timeout of the command in flight. */
  private replyTimer: NodeJS.Timeout | null = null;
  /** When to look at the queue again (end of a gap or backoff, or an offline command's expiry). */
  private wakeTimer: NodeJS.Timeout | null = null;
  private nextSendAt = 0;
  private readonly now: () => number;

  constructor(
    private readonly link: QueueLink,
    private readonly opts: DeviceQueueOptions,
  ) {
    this.now = opts.now ?? Date.now;
  }

  get length(): number {
    return this.jobs.length + (this.inFlight ? 1 : 0);
  }

  /**
   * Queues a command; resolves when it succeeded or finally failed. `gapMs`: quiet time after
   * it (default: the device's gap). An `urgent` command goes after the urgent ones already
   * waiting and before every normal one, and is taken even when the queue is full; a normal
   * command that finds `maxQueued` waiting fails at once as `queue_full` (nothing is sent).
   */
  submit(encode: FrameSource, opts: { gapMs?: number; urgent?: boolean } = {}): Promise<CommandOutcome> {
    return new Promise((resolve) => {
      const job: Job = { encode, gapMs: opts.gapMs, urgent: opts.urgent === true, frame: null, attempts: 0, queuedAt: this.now(), sent: [], replies: [], resolve };
      const max = this.opts.maxQueued ?? DEFAULT_MAX_QUEUED;
      if (!job.urgent && this.jobs.length >= max) {
        return this.finish(job, { ok: false, code: 'queue_full', error: `${this.jobs.length} commands are already waiting for this device (at most ${max}); try again when they are done` });
      }
      if (job.urgent) {
        const firstNormal = this.jobs.findIndex((j) => !j.urgent);
        this.jobs.splice(firstNormal < 0 ? this.jobs.length : firstNormal, 0, job);
      } else this.jobs.push(job);
      this.pump();
    });
  }

  /** Feeds the codec's events for this device. */
  handle(event: DeviceEvent): void {
    const job = this.inFlight;
    if (!job || (event.type !== 'ack' && event.type !== 'nak')) return;
    job.replies.push(toHex(event.raw));
    this.clearReplyTimer();
    this.inFlight = null;
    if (event.type === 'ack') this.finish(job, { ok: true, state: event.state ?? null });
    else if (event.busy) return this.retryOrFail(job, `device busy: ${event.code} ${event.message}`, 'nak');
    else this.finish(job, { ok: false, code: 'nak', error: `device refused: ${event.code} ${event.message}` });
    this.pump();
  }

  /** The link came up (or back): send what waits. */
  linkUp(): void {
    this.pump();
  }

  /** The link dropped: the attempt in flight counts as failed and is retried when it is back. */
  linkDown(): void {
    const job = this.inFlight;
    if (!job) return;
    this.clearReplyTimer();
    this.inFlight = null;
    this.retryOrFail(job, 'the connection dropped while waiting for the reply');
  }

  /** Fails everything queued (device removed, server stopping). */
  cancelAll(reason: string): void {
    this.clearReplyTimer();
    this.wake(null);
    const all = [...(this.inFlight ? [this.inFlight] : []), ...this.jobs.splice(0)];
    this.inFlight = null;
    for (const job of all) this.finish(job, { ok: false, code: 'cancelled', error: reason });
  }

  /** Decides what to do next; safe to call at any time (it recomputes its wake-up). */
  private pump(): void {
    if (this.inFlight) return;
    this.wake(null);
    const job = this.jobs[0];
    if (!job) return;
    if (!this.link.ready) {
      const limit = this.opts.offlineTimeoutMs ?? this.opts.timing.replyTimeoutMs * (this.opts.timing.maxRetries + 1);
      const waited = this.now() - job.queuedAt;
      if (waited < limit) return this.wake(limit - waited); // linkUp() pumps sooner
      this.jobs.shift();
      this.finish(job, { ok: false, code: 'offline', error: `device offline for ${limit} ms; command not sent` });
      return this.pump();
    }
    const wait = this.nextSendAt - this.now();
    if (wait > 0) return this.wake(wait);
    this.jobs.shift();
    this.send(job);
  }

  private send(job: Job): void {
    let frame: EncodedFrame;
    try {
      frame = job.encode();
    } catch (err) {
      this.finish(job, { ok: false, code: 'invalid', error: (err as Error).message });
      return this.pump();
    }
    job.frame = frame;
    job.attempts++;
    job.sent.push(toHex(frame.logBytes ?? frame.bytes));
    this.link.write(frame.bytes);
    this.nextSendAt = this.now() + (job.gapMs ?? this.opts.timing.gapMs);
    // No reply to wait for (broadcasts, OSC), or a protocol that does not wait for replies.
    if (!frame.expectReply || !this.opts.oneInFlight) {
      this.finish(job, { ok: true, state: null });
      return this.pump();
    }
    this.inFlight = job;
    this.replyTimer = setTimeout(() => {
      this.replyTimer = null;
      this.inFlight = null;
      this.retryOrFail(job, `no reply within ${this.opts.timing.replyTimeoutMs} ms`);
    }, this.opts.timing.replyTimeoutMs);
  }

  private retryOrFail(job: Job, why: string, code: FailureCode = 'timeout'): void {
    const { maxRetries, backoffMs } = this.opts.timing;
    if (job.attempts > maxRetries) {
      this.finish(job, { ok: false, code, error: `${why}; gave up after ${job.attempts} attempts (maximum retries ${maxRetries})` });
      return this.pump();
    }
    const delay = backoffMs * 2 ** (job.attempts - 1);
    this.jobs.unshift(job);
    this.nextSendAt = Math.max(this.nextSendAt, this.now() + delay);
    this.pump();
  }

  private finish(job: Job, result: { ok: true; state: DeviceState | null } | { ok: false; code: FailureCode; error: string }): void {
    const base = { attempts: job.attempts, durationMs: this.now() - job.queuedAt, sent: job.sent, replies: job.replies };
    job.resolve({ ...result, ...base });
  }

  private clearReplyTimer(): void {
    if (this.replyTimer) clearTimeout(this.replyTimer);
    this.replyTimer = null;
  }

  private wake(afterMs: number | null): void {
    if (this.wakeTimer) clearTimeout(this.wakeTimer);
    this.wakeTimer = afterMs === null ? null : setTimeout(() => this.pump(), afterMs);
  }
}
