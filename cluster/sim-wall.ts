// A wall page as the servers see it, without pixels: the renderer's connection logic
// (wall-app/renderer/src/net/wall-client.ts) on a socket.io client in Node, so that a failover
// test or bench can run many pages and watch each one's data. It keeps the same rules as the
// page: the same protocol `CurrentServer` (the list a join answers, FAILOVER_AFTER_FAILURES
// failures in a row before moving on, at once after a missed heartbeat), socket.io's own
// reconnection (500 ms, up to 5 s; an attempt given CONNECT_TIMEOUT_MS), a join
// and a subscription again after every connection. What it records: each value of one series
// point it is sent, and the scene of each wall state.
import { CONNECT_TIMEOUT_MS, CurrentServer, HEARTBEAT_LOST, PROTOCOL_VERSION, WALL_NAMESPACE, type LiveBatch, type Topic, type WallClientToServer, type WallJoinResult, type WallServerToClient, type WallState } from '@ioc/protocol';
import { io, type Socket } from 'socket.io-client';

type WallSocket = Socket<WallServerToClient, WallClientToServer>;

export interface SimWallOptions {
  name: string;
  /** Where the page was loaded from: its first server. */
  origin: string;
  /** The device token (`ops wall-device enroll --token`). */
  token: string;
  wallId: string;
  displayId: string;
  /** The series topic watched (`series:<indicator>:<unit>`) and the period whose value is recorded. */
  topic: Topic;
  period: string;
}

export interface Seen {
  /** Date.now() when the batch arrived. */
  at: number;
  value: number;
  /** The server that sent it. */
  server: string;
}

export class SimWall {
  readonly seen: Seen[] = [];
  readonly moves: Array<{ at: number; to: string }> = [];
  /** Refusals by a server (a join or a subscription): a probe that sees one is broken, not slow. */
  readonly errors: string[] = [];
  /** The scene of the last wall state received (null before the first join). */
  scene: string | null = null;
  joined = false;
  private readonly server: CurrentServer;
  private socket: WallSocket;
  private closed = false;

  constructor(private readonly opts: SimWallOptions) {
    this.server = new CurrentServer(opts.origin, null);
    this.socket = this.open(this.server.origin);
  }

  get name(): string {
    return this.opts.name;
  }

  /** The server it is connected to now. */
  get origin(): string {
    return this.server.origin;
  }

  /** The last value it was sent, or undefined. */
  get last(): Seen | undefined {
    return this.seen.at(-1);
  }

  close(): void {
    this.closed = true;
    this.socket.removeAllListeners();
    this.socket.close();
  }

  private open(origin: string): WallSocket {
    const s: WallSocket = io(`${origin}${WALL_NAMESPACE}`, { transports: ['websocket'], reconnectionDelay: 500, reconnectionDelayMax: 5000, timeout: CONNECT_TIMEOUT_MS, auth: { token: this.opts.token } });
    s.on('connect', () => {
      this.server.connected();
      void this.join(s);
    });
    s.on('connect_error', () => {
      const before = this.server.origin;
      const next = this.server.failed();
      if (next !== before) this.moveTo(next);
      // Refused by the server's middleware, socket.io does not retry by itself (the page retries too).
      else if (!s.active && !this.closed) setTimeout(() => !this.closed && !s.connected && s.connect(), 1000);
    });
    s.on('disconnect', (reason) => {
      this.joined = false;
      if (reason === HEARTBEAT_LOST) {
        const before = this.server.origin;
        const next = this.server.unreachable();
        if (next !== before) return this.moveTo(next);
      } else if (reason !== 'io client disconnect') this.server.failed();
      if (!s.active && !this.closed) setTimeout(() => !this.closed && !s.connected && s.connect(), 1000);
    });
    s.on('wall:state', (state) => this.onState(state));
    s.on('live', (batch) => this.onLive(batch, origin));
    return s;
  }

  private moveTo(origin: string): void {
    this.moves.push({ at: Date.now(), to: origin });
    this.socket.removeAllListeners();
    this.socket.close();
    this.socket = this.open(origin);
  }

  private async join(s: WallSocket): Promise<void> {
    let res: WallJoinResult;
    try {
      res = await s.timeout(10_000).emitWithAck('wall:join', { protocolVersion: PROTOCOL_VERSION, wallId: this.opts.wallId, displayId: this.opts.displayId });
    } catch {
      return; // the connection went meanwhile: the next connect joins again
    }
    if (!res.ok) return void this.errors.push(`${this.opts.name}: join refused: ${res.error}`);
    this.server.learn(res.servers);
    this.onState(res.state);
    const sub = await s.timeout(10_000).emitWithAck('live:subscribe', { topics: [this.opts.topic] }).catch(() => null);
    if (sub && !sub.ok) this.errors.push(`${this.opts.name}: subscription refused: ${sub.error}`);
    this.joined = sub?.ok === true;
  }

  private onState(state: WallState): void {
    if (state.wallId === this.opts.wallId) this.scene = state.scene.id;
  }

  private onLive(batch: LiveBatch, origin: string): void {
    for (const m of batch.messages) {
      if (m.topic !== this.opts.topic) continue;
      const point = m.points.find((p) => p.period === this.opts.period);
      if (point && point.value !== this.last?.value) this.seen.push({ at: Date.now(), value: point.value, server: origin });
    }
  }
}
