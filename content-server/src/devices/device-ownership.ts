import { randomUUID } from 'node:crypto';
import type { DeviceProfile, DeviceStatus } from '@ioc/protocol';
import type { ClusterBus } from '../cluster/bus.js';
import { LeaseKeeper } from '../cluster/lease-keeper.js';
import type { Logger } from '../logger.js';
import type { Sql } from '../store/sql.js';
import { InvalidDeviceCommand } from './device-connection.js';
import type { DeviceHandle } from './device-handle.js';
import type { CommandOutcome } from './device-queue.js';

export interface DeviceClusterOptions {
  /** This server's id on the bus and as a lease owner. */
  serverId: string;
  /** This machine's name, matched against a profile's `reachableFrom`. */
  serverName: string;
  sql: Sql;
  bus: ClusterBus;
  log: Logger;
  /** A dead owner's devices move after at most this (default 10 s). */
  leaseTtlMs?: number;
  /** How often an owner repeats its devices' statuses (default 5 s); silent for three times that, it is gone. */
  announceMs?: number;
}

/** What the domain does when this server starts or stops owning a device. */
export interface OwnershipHooks {
  open(profile: DeviceProfile): void;
  close(id: string): void;
  local(id: string): DeviceHandle | undefined;
  changed(status: DeviceStatus): void;
}

type Result = CommandOutcome & { summary: string };
type Reply = { id: string; to: string } & ({ outcome: Result } | { invalid: { message: string; field: string | null } } | { error: string });

const STATUS = 'device.status';
const COMMAND = 'device.command';
const RESULT = 'device.result';

/**
 * Which server drives each device, with several servers: one lease per device (`device:<id>`)
 * among the servers that can reach it; the holder opens the device's connection and queue, the
 * others pass commands to it over the bus and show the statuses it repeats. When the owner dies
 * its lease runs out and a survivor that can reach the device opens it (cluster/leases.ts).
 */
export class DeviceOwnership {
  private readonly keepers = new Map<string, LeaseKeeper>();
  /** Statuses of devices other servers own, with who said so and when. */
  private readonly remote = new Map<string, { origin: string; status: DeviceStatus }>();
  private readonly heard = new Map<string, number>();
  private readonly pending = new Map<string, { to: string; resolve: (r: Reply) => void; timer: NodeJS.Timeout }>();
  private timer: NodeJS.Timeout | null = null;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(
    private readonly opts: DeviceClusterOptions,
    private readonly hooks: OwnershipHooks,
  ) {}

  get serverId(): string {
    return this.opts.serverId;
  }

  /** Whether this server can reach the device at all. */
  eligible(profile: DeviceProfile): boolean {
    return !profile.reachableFrom || profile.reachableFrom.includes(this.opts.serverName);
  }

  start(profiles: readonly DeviceProfile[]): void {
    const { bus } = this.opts;
    this.unsubscribe.push(
      bus.subscribe(STATUS, (m) => m.origin !== bus.serverId && this.statusFrom(m.origin, (m.body as { statuses: DeviceStatus[] }).statuses)),
      bus.subscribe(COMMAND, (m) => void this.serve(m.origin, m.body as { id: string; to: string; device: string; command: string; args: unknown; urgent: boolean })),
      bus.subscribe(RESULT, (m) => {
        const r = m.body as Reply;
        if (r.to !== bus.serverId) return;
        const p = this.pending.get(r.id);
        if (!p) return;
        this.pending.delete(r.id);
        clearTimeout(p.timer);
        p.resolve(r);
      }),
      bus.onGap(() => this.announce()),
    );
    for (const profile of profiles) {
      if (!this.eligible(profile)) continue;
      const keeper = new LeaseKeeper(this.opts.sql, {
        name: `device:${profile.id}`,
        owner: bus.serverId,
        ttlMs: this.opts.leaseTtlMs ?? 10_000,
        onAcquired: (lease) => {
          this.opts.log.info({ device: profile.id, token: lease.token }, 'this server now drives the device');
          this.remote.delete(profile.id);
          this.hooks.open(profile);
          this.announce();
        },
        onLost: () => {
          this.opts.log.warn({ device: profile.id }, 'this server no longer drives the device');
          this.hooks.close(profile.id);
          this.announce();
        },
        onError: (err) => this.opts.log.warn({ err, device: profile.id }, 'device lease: the store did not answer'),
      });
      this.keepers.set(profile.id, keeper);
      keeper.start();
    }
    const every = this.opts.announceMs ?? 5_000;
    this.timer = setInterval(() => {
      this.forgetSilent(every * 3);
      this.announce();
    }, every);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    for (const u of this.unsubscribe.splice(0)) u();
    await Promise.all([...this.keepers.values()].map((k) => k.stop()));
    this.keepers.clear();
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.resolve({ id, to: this.opts.serverId, error: 'this server is stopping / máy chủ đang dừng' });
    }
    this.pending.clear();
  }

  /** The server that drives the device now, as far as this one knows (itself included). */
  ownerOf(id: string): string | null {
    if (this.hooks.local(id)) return this.opts.serverId;
    return this.remote.get(id)?.origin ?? null;
  }

  /** A device this server does not drive, as its owner last said. */
  remoteStatus(id: string): DeviceStatus | undefined {
    return this.remote.get(id)?.status;
  }

  /** Passes a command to the device's owner and waits for what its queue did. */
  async send(profile: DeviceProfile, command: string, args: unknown, opts: { urgent?: boolean }): Promise<Result> {
    const owner = this.ownerOf(profile.id);
    if (owner === null) return failed(command, 'no server can reach this device now / hiện không máy chủ nào kết nối được thiết bị này');
    const id = randomUUID();
    const t = profile.timing;
    // Every attempt with its backoff, plus time in the owner's queue.
    const timeoutMs = (t.replyTimeoutMs + t.gapMs) * (t.maxRetries + 1) + t.backoffMs * 2 ** t.maxRetries + 10_000;
    const reply = await new Promise<Reply>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ id, to: this.opts.serverId, error: `the server driving the device (${owner}) did not answer within ${Math.round(timeoutMs / 1000)} s / máy chủ điều khiển thiết bị không trả lời` });
      }, timeoutMs);
      this.pending.set(id, { to: owner, resolve, timer });
      this.opts.bus.publish(COMMAND, { id, to: owner, device: profile.id, command, args, urgent: opts.urgent === true }).catch((err: unknown) => {
        clearTimeout(timer);
        this.pending.delete(id);
        resolve({ id, to: this.opts.serverId, error: `the cluster bus did not take the command (${(err as Error).message}) / không gửi được lệnh qua máy chủ khác` });
      });
    });
    if ('outcome' in reply) return reply.outcome;
    if ('invalid' in reply) throw new InvalidDeviceCommand(reply.invalid.message, reply.invalid.field);
    return failed(command, reply.error);
  }

  private async serve(origin: string, req: { id: string; to: string; device: string; command: string; args: unknown; urgent: boolean }): Promise<void> {
    if (req.to !== this.opts.serverId) return;
    const reply = (r: Omit<Reply, 'id' | 'to'>) => this.opts.bus.publish(RESULT, { id: req.id, to: origin, ...r }).catch((err: unknown) => this.opts.log.warn({ err }, 'could not answer a device command from another server'));
    const device = this.hooks.local(req.device);
    if (!device) return void (await reply({ error: `${this.opts.serverId} no longer drives ${req.device}; try again / máy chủ không còn điều khiển thiết bị; thử lại` }));
    try {
      await reply({ outcome: await device.send(req.command, req.args, { urgent: req.urgent }) });
    } catch (err) {
      if (err instanceof InvalidDeviceCommand) await reply({ invalid: { message: err.message, field: err.field } });
      else await reply({ error: (err as Error).message });
    }
  }

  private statusFrom(origin: string, statuses: DeviceStatus[]): void {
    this.heard.set(origin, Date.now());
    const now = new Set(statuses.map((s) => s.id));
    for (const [id, r] of this.remote) {
      if (r.origin === origin && !now.has(id)) {
        this.remote.delete(id);
        this.hooks.changed(this.unowned(id, r.status));
      }
    }
    for (const s of statuses) {
      if (this.hooks.local(s.id)) continue;
      const status = { ...s, owner: origin };
      this.remote.set(s.id, { origin, status });
      this.hooks.changed(status);
    }
  }

  /** Drops what silent servers said, and fails the commands waiting on them. */
  private forgetSilent(silentMs: number): void {
    const now = Date.now();
    for (const [origin, at] of this.heard) {
      if (now - at <= silentMs) continue;
      this.heard.delete(origin);
      for (const [id, r] of this.remote) {
        if (r.origin !== origin) continue;
        this.remote.delete(id);
        this.hooks.changed(this.unowned(id, r.status));
      }
      for (const [id, p] of this.pending) {
        if (p.to !== origin) continue;
        clearTimeout(p.timer);
        this.pending.delete(id);
        p.resolve({ id, to: this.opts.serverId, error: `the server driving the device (${origin}) is gone; the device moves to another server / máy chủ điều khiển thiết bị đã ngừng` });
      }
    }
  }

  private unowned(id: string, last: DeviceStatus): DeviceStatus {
    return { ...last, id, status: 'offline', queued: 0, owner: null, lastError: 'no server drives this device now / hiện không máy chủ nào điều khiển thiết bị này' };
  }

  /** Tells the other servers the statuses of the devices this one drives (on each change, and repeated). */
  announce(): void {
    const statuses: DeviceStatus[] = [];
    for (const id of this.keepers.keys()) {
      const d = this.hooks.local(id);
      if (d) statuses.push(d.status());
    }
    // Repeated every few seconds: a lost announcement costs nothing.
    void this.opts.bus.publish(STATUS, { statuses }).catch(() => {});
  }
}

function failed(command: string, error: string): Result {
  return { ok: false, code: 'offline', error, attempts: 0, durationMs: 0, sent: [], replies: [], summary: command };
}
