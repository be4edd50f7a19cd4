import { DEVICE_TOKEN_REFUSED, PROTOCOL_VERSION, PairingRequestSchema, normalisePairingCode, renderersOf, type EnrollRequest, type PairingResult, type PendingPairing, type Wall, type WallDevice, type WallPositionStatus } from '@ioc/protocol';
import { ackOf, describeIssues } from '../describe-issues.js';
import type { ClusterBus } from '../cluster/bus.js';
import type { Logger } from '../logger.js';
import type { Sql } from '../store/sql.js';
import { DeviceTokens, positionName, type StoredDevice } from './device-tokens.js';
import { DeviceCodes } from './device-codes.js';
import { PairingCodes } from './pairing-codes.js';
import { PairingPeers, type RemoteEnroll } from './pairing-peers.js';
import type { Presence } from './presence.js';
import type { WallNamespace, WallSocketData } from './wall-socket.js';

/**
 * `enrolled` (the default): a renderer needs a device token to join a wall or receive data;
 * `open`: any page may (development with Vite, or a closed test bench).
 */
export type WallAuthMode = 'open' | 'enrolled';

/** Sockets allowed to receive wall data (warnings are broadcast to this room, not to the namespace). */
export const AUTHORISED_ROOM = 'wall-authorised';

type Refusal = { ok: false; status: number; field: string; message: string };
type DeviceRef = NonNullable<WallSocketData['device']>;

const SWEEP_MS = 5_000;

/** The other servers of the center (null: this server is alone). */
export interface WallDevicePeers {
  bus: ClusterBus;
  /** A peer's time on this server's clock. */
  toLocal(t: number, origin: string): number;
  /** The wall's presence: it also tells which enrolled devices have a socket on each server. */
  presence: Presence;
}

function displaysOf(wall: Wall, position: { displayId: string | null; rendererId: string | null }): string[] | null {
  if (position.displayId !== null) return wall.displays.some((d) => d.id === position.displayId) ? [position.displayId] : null;
  return renderersOf(wall).find((r) => r.id === position.rendererId)?.displays ?? null;
}

/**
 * Enrollment and access of wall renderers: pairing codes for sockets without a token, device
 * tokens checked when a socket connects and again at each join and subscription, revocation
 * that disconnects at once (and within `SWEEP_MS` when revoked by `ops` from another process).
 */
export class WallDevices {
  readonly tokens: DeviceTokens;
  readonly codes: PairingCodes;
  /** Enrollment codes for pages' addresses, traded once for a token (never a token in a URL). */
  readonly enrollCodes: DeviceCodes;
  private ns: WallNamespace | null = null;
  private readonly renewals = new Map<string, ReturnType<typeof setTimeout>>();
  private sweep: ReturnType<typeof setInterval> | null = null;
  /** Codes shown on the other servers, and enrollments through them (null: alone). */
  private readonly peers: PairingPeers | null = null;

  constructor(
    private readonly opts: {
      sql: Sql;
      mode: WallAuthMode;
      walls: { wall(id: string): Wall | undefined; walls(): Wall[] };
      log: Logger;
      codeTtlMs?: number;
      codeLimits?: { perAddress: number; total: number };
      peers?: WallDevicePeers | null;
    },
  ) {
    this.tokens = new DeviceTokens(opts.sql);
    this.enrollCodes = new DeviceCodes(opts.sql, this.tokens);
    const limits = opts.codeLimits && { perAddress: opts.codeLimits.perAddress, limit: opts.codeLimits.total };
    const cluster = opts.peers
      ? { inUse: (code: string) => this.peers?.holds(code) ?? false, onChange: () => this.peers?.changed() }
      : {};
    this.codes = new PairingCodes({ ...(opts.codeTtlMs !== undefined && { ttlMs: opts.codeTtlMs }), ...limits, ...cluster });
    if (opts.peers) {
      const { bus, toLocal } = opts.peers;
      const pending = () => this.codes.pending().map(({ ageS: _, ...c }) => c);
      this.peers = new PairingPeers({ bus, toLocal, pending, take: (req) => this.takeHere(req), log: opts.log });
    }
  }

  get mode(): WallAuthMode {
    return this.opts.mode;
  }

  /** Checks tokens as sockets connect; answers `pairing:request`. Register before the wall's own handlers. */
  attach(ns: WallNamespace): void {
    this.ns = ns;
    const { log } = this.opts;
    ns.use((socket, next) => {
      const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
      if (token === undefined || token === null || token === '') return next();
      this.tokens.verify(token).then(
        (device) => {
          if (!device) {
            log.warn({ address: socket.handshake.address }, 'wall socket refused: device token unknown or revoked');
            return next(Object.assign(new Error('this device token is not valid (revoked or unknown): the display must be paired again'), { data: { code: DEVICE_TOKEN_REFUSED } }));
          }
          socket.data.device = { id: device.id, name: device.name, wallId: device.wallId, displayId: device.displayId, rendererId: device.rendererId };
          next();
        },
        (err: unknown) => {
          // The store did not answer: not a refused token (the page keeps it and reconnects).
          log.warn({ err, address: socket.handshake.address }, 'wall socket refused: the store could not check its device token');
          next(new Error('the server cannot check device tokens now; retrying'));
        },
      );
    });
    ns.on('connection', (socket) => {
      const device = socket.data.device;
      if (device) {
        // Nobody waits on "last seen": a store that cannot answer now only costs that time.
        void this.tokens.seen(device.id).catch((err: unknown) => log.warn({ err, device: device.id }, 'cannot note when a device was last seen'));
        socket.emit('device:identity', device);
      }
      if (device || this.mode === 'open') void socket.join(AUTHORISED_ROOM);
      if (device) this.opts.peers?.presence.deviceConnected(device.id);

      socket.on('pairing:request', (req, ack) => {
        const reply = ackOf<PairingResult>(ack);
        if (this.mode === 'open') return reply({ ok: false, open: true });
        const r = PairingRequestSchema.safeParse(req);
        if (!r.success) return reply({ ok: false, error: `invalid pairing:request: ${describeIssues(r.error.issues)}` });
        if (r.data.protocolVersion !== PROTOCOL_VERSION) return reply({ ok: false, error: `protocol version ${r.data.protocolVersion} is not supported: this server speaks version ${PROTOCOL_VERSION}; update the wall app` });
        if (socket.data.device) return reply({ ok: false, error: 'this renderer is already enrolled' });
        if (socket.data.viewer) return reply({ ok: false, error: 'a preview is not a display: it pairs nothing' });
        const meta = { ...(r.data.hint && { hint: r.data.hint }), address: socket.handshake.address, userAgent: String(socket.handshake.headers['user-agent'] ?? '').slice(0, 200) };
        const issued = this.codes.issue(socket.id, meta);
        if (!issued) {
          const mine = this.codes.heldBy(meta.address) >= this.codes.perAddress;
          return reply({
            ok: false,
            error: mine
              ? `Quá nhiều màn hình từ địa chỉ này đang chờ ghép / too many displays from this address (${meta.address}) are waiting to be paired; try again in a minute`
              : 'Quá nhiều màn hình đang chờ ghép / too many displays are waiting to be paired; try again in a minute',
          });
        }
        reply({ ok: true, ...issued, serverTime: Date.now() });
        log.info({ code: issued.code, address: meta.address, hint: meta.hint }, 'pairing code issued');
        this.scheduleRenewal(socket.id, issued.expiresAt);
      });
      socket.on('disconnect', () => {
        if (device) this.opts.peers?.presence.deviceDisconnected(device.id);
        this.codes.drop(socket.id);
        this.clearRenewal(socket.id);
      });
    });
    // `ops wall-device revoke` writes from another process: notice it without waiting for a reconnection.
    this.sweep = setInterval(() => void this.disconnectRevoked().catch((err: unknown) => log.warn({ err }, 'cannot check for revoked devices now; next sweep in 5 s')), SWEEP_MS);
    this.sweep.unref();
    this.peers?.start();
  }

  /** Codes waiting for a technician, oldest first: this server's, and with several servers every server's. */
  pending(): PendingPairing[] {
    if (!this.peers) return this.codes.pending();
    return [...this.codes.pending(), ...this.peers.pending()].sort((a, b) => a.requestedAt - b.requestedAt);
  }

  /** Why this socket may not join `wallId`/`displayId`, or null when it may. */
  async joinRefusal(socket: { data: WallSocketData }, wallId: string, displayId: string): Promise<string | null> {
    // A console's preview may look at any wall (wall-preview.ts checked its credential).
    if (socket.data.viewer) return null;
    if (this.mode === 'open' && !socket.data.device) return null;
    const device = socket.data.device;
    const refusal = await this.listenRefusal(socket);
    if (refusal || !device) return refusal ?? 'not enrolled';
    const wall = this.opts.walls.wall(device.wallId);
    const displays = wall ? displaysOf(wall, device) : null;
    if (device.wallId !== wallId || !displays?.includes(displayId)) {
      return `device "${device.name}" is enrolled at ${positionName(device)}, not at ${wallId}/${displayId}`;
    }
    return null;
  }

  /** Why this socket may not receive data, or null when it may. */
  async listenRefusal(socket: { data: WallSocketData }): Promise<string | null> {
    if (socket.data.viewer) return null;
    const device = socket.data.device;
    if (!device) return this.mode === 'open' ? null : 'this renderer is not enrolled: it shows a pairing code, which a technician assigns to a wall position in the console (Ghép màn hình / Enroll displays)';
    if (!(await this.tokens.isActive(device.id))) return `device "${device.name}" was revoked`;
    return null;
  }

  /**
   * Assigns the renderer showing `req.code` to a wall position: a new token goes to that
   * renderer over its socket (never into the HTTP answer). The position is checked before the
   * code is used, so a typo in the position does not cost the screen its code.
   */
  async enroll(req: EnrollRequest, by: string): Promise<{ ok: true; device: StoredDevice } | Refusal> {
    const wall = this.opts.walls.wall(req.wallId);
    if (!wall) return { ok: false, status: 422, field: 'wallId', message: `unknown wall "${req.wallId}" (walls: ${this.opts.walls.walls().map((w) => w.id).join(', ')})` };
    const position = { wallId: req.wallId, displayId: req.displayId ?? null, rendererId: req.rendererId ?? null };
    if (!displaysOf(wall, position)) {
      const field = position.displayId !== null ? 'displayId' : 'rendererId';
      const known = position.displayId !== null ? wall.displays.map((d) => d.id) : renderersOf(wall).map((r) => r.id);
      return { ok: false, status: 422, field, message: `wall "${wall.id}" has no ${field === 'displayId' ? 'display' : 'renderer'} "${position.displayId ?? position.rendererId}" (${known.join(', ')})` };
    }
    if (!normalisePairingCode(req.code)) return { ok: false, status: 422, field: 'code', message: `"${req.code}" is not a pairing code (6 letters and digits, as shown on the display)` };
    const asked: RemoteEnroll = { code: req.code, position, ...(req.name && { name: req.name }), by };
    let device = await this.takeHere(asked);
    if (!device && this.peers) {
      // Not shown here: with several servers, the one whose renderer shows it takes it (pairing-peers.ts).
      device = await this.peers.enroll(asked);
      if (device) this.opts.log.info({ device: device.id, position: positionName(device), by }, 'display enrolled: its renderer is connected to another server');
    }
    if (!device) return { ok: false, status: 404, field: 'code', message: `no display shows the code "${req.code}" now (expired, or the display went offline): read the code on the screen again` };
    return { ok: true, device };
  }

  /** Takes a code a socket of this server shows: a new token goes to that socket. Null: not here. */
  private async takeHere(req: RemoteEnroll): Promise<StoredDevice | null> {
    const taken = this.codes.take(req.code);
    const socket = taken ? this.ns?.sockets.get(taken.owner) : undefined;
    if (!taken || !socket) return null;
    this.clearRenewal(taken.owner);
    const { token, device } = await this.tokens.create(req.position, { ...(req.name && { name: req.name }), by: req.by });
    socket.emit('device:enrolled', { token, device: { id: device.id, name: device.name, wallId: device.wallId, displayId: device.displayId, rendererId: device.rendererId } });
    this.opts.log.info({ device: device.id, position: positionName(device), by: req.by }, 'display enrolled');
    return device;
  }

  /** Revokes a device; its renderers are told and disconnected at once. */
  async revoke(id: number): Promise<StoredDevice | null> {
    const device = await this.tokens.revoke(id);
    if (device) this.disconnect((d) => d.id === id);
    return device;
  }

  /** Devices with whether each is connected now; revoked ones too with `all`. */
  async list(opts: { all?: boolean } = {}): Promise<WallDevice[]> {
    const connected = new Set<number>();
    for (const s of this.ns?.sockets.values() ?? []) if (s.data.device) connected.add(s.data.device.id);
    for (const id of this.opts.peers?.presence.devicesOnPeers() ?? []) connected.add(id);
    return (await this.tokens.list(opts)).map((d) => ({ ...d, connected: connected.has(d.id) }));
  }

  /** Every display and declared renderer of every wall, with how many active devices cover it. */
  async positions(): Promise<WallPositionStatus[]> {
    const active = await this.tokens.list();
    const out: WallPositionStatus[] = [];
    for (const wall of this.opts.walls.walls()) {
      const covered = active.filter((d) => d.wallId === wall.id).map((d) => displaysOf(wall, d) ?? []);
      const count = (displays: string[]) => covered.filter((c) => c.some((x) => displays.includes(x))).length;
      for (const d of wall.displays) out.push({ wallId: wall.id, displayId: d.id, rendererId: null, displays: [d.id], devices: count([d.id]) });
      for (const r of wall.renderers ?? []) out.push({ wallId: wall.id, displayId: null, rendererId: r.id, displays: r.displays, devices: count(r.displays) });
    }
    return out;
  }

  close(): void {
    if (this.sweep) clearInterval(this.sweep);
    this.peers?.stop();
    for (const t of this.renewals.values()) clearTimeout(t);
    this.renewals.clear();
  }

  /** Disconnects the sockets of devices revoked since they connected (by `ops`, in another process). */
  async disconnectRevoked(): Promise<void> {
    const ids = new Set<number>();
    for (const s of this.ns?.sockets.values() ?? []) if (s.data.device) ids.add(s.data.device.id);
    const revoked = await this.tokens.inactiveOf([...ids]);
    if (revoked.size) this.disconnect((d) => revoked.has(d.id));
  }

  private disconnect(match: (d: DeviceRef) => boolean): void {
    for (const s of [...(this.ns?.sockets.values() ?? [])]) {
      const d = s.data.device;
      if (!d || !match(d)) continue;
      this.opts.log.info({ device: d.id, position: positionName(d) }, 'revoked device disconnected');
      s.emit('device:revoked');
      s.disconnect(true);
    }
  }

  /** An expired code is replaced on the same screen, which is told the new one. */
  private scheduleRenewal(owner: string, expiresAt: number): void {
    this.clearRenewal(owner);
    const timer = setTimeout(() => {
      this.renewals.delete(owner);
      const socket = this.ns?.sockets.get(owner);
      if (!socket) return this.codes.drop(owner);
      const issued = this.codes.issue(owner, { address: socket.handshake.address });
      if (!issued) return;
      socket.emit('pairing:code', { ...issued, serverTime: Date.now() });
      this.scheduleRenewal(owner, issued.expiresAt);
    }, Math.max(0, expiresAt - Date.now()));
    timer.unref();
    this.renewals.set(owner, timer);
  }

  private clearRenewal(owner: string): void {
    const t = this.renewals.get(owner);
    if (t) clearTimeout(t);
    this.renewals.delete(owner);
  }
}
