import { randomUUID } from 'node:crypto';
import type { PendingPairing, WallDevicePosition } from '@ioc/protocol';
import type { ClusterBus } from '../cluster/bus.js';
import type { Logger } from '../logger.js';
import type { StoredDevice } from './device-tokens.js';
import { PeerAnnouncements } from '../cluster/peer-announcements.js';

/** A pending code as its server tells the others (its times on that server's clock). */
export type AnnouncedCode = Omit<PendingPairing, 'ageS'>;
/** A code to take, with where and by whom (the HTTP request was checked on the asking server). */
export interface RemoteEnroll {
  code: string;
  position: WallDevicePosition;
  name?: string;
  by: string;
}

interface Announcement {
  codes: AnnouncedCode[];
}
type EnrollAsk = RemoteEnroll & { id: string };
/** `device` null: "not here" (no socket on that server shows the code, or it expired). */
type EnrollAnswer = { id: string; to: string } & ({ device: StoredDevice | null } | { error: string });

const CHANNEL = 'wall.pairing';
const ENROLL = 'wall.pairing.enroll';
const ENROLLED = 'wall.pairing.enrolled';
/**
 * How long a server waits for the others to answer an enrollment by a code it does not hold.
 * Every live server answers at once (the holder after writing the token), so the wait ends as
 * soon as the holder says so or all the servers it has heard said "not here"; 3 s bounds it
 * when one is silent (dying, or its answer lost), and is short enough for a technician's click.
 */
export const REMOTE_ENROLL_WAIT_MS = 3_000;
/** Announcements of changed codes are at least this far apart (a list is up to ~45 kB: 100 codes). */
const ANNOUNCE_GAP_MS = 250;

/**
 * Pairing codes across the servers of a center: a renderer shows its code on the server it is
 * connected to, and a technician may enroll it through any server.
 *
 * The pending codes are announced as presence is (cluster/peer-announcements.ts): each server
 * tells the others its whole list on each change (`ANNOUNCE_GAP_MS` apart at most) and every
 * few seconds; a silent server drops out with its codes.
 * Announcing rather than asking on each `GET .../pending`: the list is read often (the console
 * polls it every 5 s while its panel is open) and must answer at once, while it changes seldom; and it is
 * bounded (`PairingCodes`: at most `limit` codes per server, 100 by default, each a few hundred
 * bytes; a bigger body than NOTIFY takes is stored by the bus, cluster/pg-bus.ts).
 *
 * An enrollment by a code this server does not hold is asked of every server with an id; the
 * one whose socket shows the code takes it, writes the device in the shared store, sends the
 * token to its socket and answers with the device; the others answer "not here". One server
 * only takes it: a server issuing a code avoids those the others announced (`holds`), so two
 * screens share a code only if two servers drew the same one of 31^6 within the few
 * milliseconds an announcement takes.
 * A code a renderer on this server shows is taken here without asking (wall-devices.ts).
 */
export class PairingPeers {
  private readonly codes: PeerAnnouncements<AnnouncedCode[], Announcement>;
  private readonly waiting = new Map<string, { answered: Set<string>; done: (r: StoredDevice | null | Error) => void }>();
  private readonly unsubscribe: Array<() => void> = [];
  private queued = false;
  private announcedAt = 0;

  constructor(
    private readonly opts: {
      bus: ClusterBus;
      /** A peer's time on this server's clock. */
      toLocal(t: number, origin: string): number;
      /** This server's pending codes. */
      pending(): AnnouncedCode[];
      /** Takes a code this server holds and enrolls its renderer: the device, or null when not here. */
      take(req: RemoteEnroll): Promise<StoredDevice | null>;
      log: Logger;
      now?: () => number;
    },
  ) {
    const { bus } = opts;
    this.codes = new PeerAnnouncements<AnnouncedCode[], Announcement>(bus, CHANNEL, {
      local: () => {
        this.announcedAt = Date.now();
        return { codes: opts.pending() };
      },
      read: (body) => body.codes,
      // A peer dropping out, or answering with its list, may end an enrollment's wait.
      changed: () => this.settleAll(),
      ...(opts.now && { now: opts.now }),
    });
    this.unsubscribe.push(
      bus.subscribe(ENROLL, (m) => {
        if (m.origin !== bus.serverId) void this.serve(m.origin, m.body as EnrollAsk);
      }),
      bus.subscribe(ENROLLED, (m) => this.answered(m.origin, m.body as EnrollAnswer)),
    );
  }

  /** Starts repeating this server's codes and forgetting silent peers. */
  start(): void {
    this.codes.start();
  }

  /** Stops; enrollments still waiting are answered "not found". */
  stop(): void {
    this.codes.stop();
    for (const u of this.unsubscribe.splice(0)) u();
    for (const w of [...this.waiting.values()]) w.done(null);
  }

  /**
   * This server's codes changed: the others are told at once, or `ANNOUNCE_GAP_MS` after the
   * last announcement (changes meanwhile go out together): a flood of pairing requests costs at
   * most a few whole lists a second on the bus.
   */
  changed(): void {
    if (this.queued) return;
    this.queued = true;
    const timer = setTimeout(
      () => {
        this.queued = false;
        this.codes.announce();
      },
      Math.max(0, this.announcedAt + ANNOUNCE_GAP_MS - Date.now()),
    );
    timer.unref();
  }

  /** Whether another server shows this code: a new code here avoids it, so one socket holds a code. */
  holds(code: string): boolean {
    for (const [, codes] of this.codes.peers()) if (codes.some((c) => c.code === code)) return true;
    return false;
  }

  /** The codes pending on the other servers, not expired, on this server's clock. */
  pending(): PendingPairing[] {
    const now = this.now();
    const out: PendingPairing[] = [];
    for (const [origin, codes] of this.codes.peers()) {
      for (const c of codes) {
        const requestedAt = this.opts.toLocal(c.requestedAt, origin);
        const expiresAt = this.opts.toLocal(c.expiresAt, origin);
        if (expiresAt > now) out.push({ ...c, requestedAt, expiresAt, ageS: Math.max(0, Math.floor((now - requestedAt) / 1000)) });
      }
    }
    return out;
  }

  /**
   * Asks the other servers to take `req.code`: the device the holder enrolled, or null when none
   * holds it within `REMOTE_ENROLL_WAIT_MS`. Throws what the holder met (the store failed there).
   */
  async enroll(req: RemoteEnroll): Promise<StoredDevice | null> {
    // No server heard from within PEER_SILENT_MS (alone on PostgreSQL): nobody else shows a code.
    if (this.codes.count === 0) return null;
    const id = randomUUID();
    const r = await new Promise<StoredDevice | null | Error>((resolve) => {
      const timer = setTimeout(() => done(null), REMOTE_ENROLL_WAIT_MS);
      const done = (r: StoredDevice | null | Error) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(r);
      };
      this.waiting.set(id, { answered: new Set(), done });
      this.opts.bus.publish(ENROLL, { id, ...req } satisfies EnrollAsk).catch((err: unknown) => done(new Error(`the cluster bus did not take the enrollment (${(err as Error).message})`)));
    });
    if (r instanceof Error) throw r;
    return r;
  }

  /** Forgets peers not heard for a while and repeats this server's codes. */
  tick(): void {
    this.codes.tick();
  }

  private async serve(origin: string, ask: EnrollAsk): Promise<void> {
    const { id, ...req } = ask;
    let answer: EnrollAnswer;
    try {
      answer = { id, to: origin, device: await this.opts.take(req) };
    } catch (err) {
      this.opts.log.warn({ err, code: req.code, for: origin }, 'could not enroll a display for another server');
      answer = { id, to: origin, error: (err as Error).message };
    }
    await this.opts.bus.publish(ENROLLED, answer).catch((err: unknown) => this.opts.log.warn({ err }, 'could not answer an enrollment from another server'));
  }

  private answered(origin: string, a: EnrollAnswer): void {
    if (a.to !== this.opts.bus.serverId) return;
    const w = this.waiting.get(a.id);
    if (!w) return;
    if ('error' in a) return w.done(new Error(`the server showing the code could not enroll it: ${a.error}`));
    if (a.device) return w.done(a.device);
    w.answered.add(origin);
    this.settle(w);
  }

  /** Every server heard from said "not here": no need to wait longer. */
  private settle(w: { answered: Set<string>; done: (r: null) => void }): void {
    for (const [origin] of this.codes.peers()) if (!w.answered.has(origin)) return;
    w.done(null);
  }

  private settleAll(): void {
    for (const w of [...this.waiting.values()]) this.settle(w);
  }

  private now(): number {
    return (this.opts.now ?? Date.now)();
  }
}
