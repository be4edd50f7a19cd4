import type { DeviceProfile, DeviceStatus, LayoutIssue, Transport } from '@ioc/protocol';
import type { Logger } from '../logger.js';
import { DeviceConnection, passwordFor, transportFor } from './device-connection.js';
import type { DeviceHandle } from './device-handle.js';
import { DeviceOwnership, type DeviceClusterOptions } from './device-ownership.js';
import type { Driver, DriverContext } from './driver.js';
import { RemoteDevice } from './remote-device.js';
import { readDeviceProfileFiles } from './profiles.js';
import { serialPathProblem } from './transports/serial.js';

export { DeviceConnection, InvalidDeviceCommand } from './device-connection.js';
export type { DeviceHandle } from './device-handle.js';
export type { DeviceClusterOptions } from './device-ownership.js';
export type { CommandOutcome } from './device-queue.js';

/**
 * The devices of the room: one connection per profile in `<layouts>/devices/`, each with its
 * own queue, so a dead or hung device never holds up another. Publishes every status change.
 * With several servers (`cluster`), each device's connection lives on the one server that holds
 * its lease (devices/device-ownership.ts); the others hold a RemoteDevice that passes commands
 * to it, so `get` and `list` answer the same on every server.
 */
export class DevicesDomain {
  private readonly devices = new Map<string, DeviceConnection>();
  /** Every profile this run drives somewhere, with what opening it needs. */
  private readonly profiles = new Map<string, { profile: DeviceProfile; file: string }>();
  private ownership: DeviceOwnership | null = null;
  private readonly remotes = new Map<string, RemoteDevice>();
  private issues: LayoutIssue[] = [];
  /** Demo profiles that have no device in this run (no demo room, or no emulator for them). */
  private leftOut: string[] = [];
  private readonly listeners = new Set<(s: DeviceStatus) => void>();

  constructor(
    private readonly dir: string,
    private readonly driverOf: (name: string) => Driver | null,
    private readonly log: Logger,
    /** Commands waiting per device at most (FloodLimits.deviceQueue). */
    private readonly queueOpts: { maxQueued?: number } = {},
    /** Several servers: who drives which device is decided by leases (absent: this server drives them all). */
    private readonly cluster: DeviceClusterOptions | null = null,
  ) {}

  /**
   * Connects every device. A demo profile (`"demo": true`) is reached only at the address the
   * demo room gave it in this run (`demoRoom`); without one it does not exist, so a server
   * without the demo room never dials the demo's ports or opens its serial links.
   */
  start(demoRoom: ReadonlyMap<string, Transport> = new Map()): void {
    const { entries, issues } = readDeviceProfileFiles(this.dir, this.driverOf);
    this.issues = issues;
    const skipped: string[] = [];
    for (const entry of entries) {
      if (!entry.profile.demo) continue;
      const transport = demoRoom.get(entry.profile.id);
      if (transport) entry.profile = { ...entry.profile, transport };
      else skipped.push(entry.profile.id);
    }
    this.leftOut = skipped;
    if (skipped.length) this.log.info({ devices: skipped }, 'demo devices left out: they exist only with the demo room (DEMO_ROOM=1)');
    const cluster = this.cluster;
    // With several servers a serial port exists only on the machine it is wired to: only that one looks for it.
    const reachableHere = (p: DeviceProfile) => !cluster || !p.reachableFrom || p.reachableFrom.includes(cluster.serverName);
    for (const entry of entries) {
      const t = entry.profile.transport;
      const problem = t.kind === 'serial' && reachableHere(entry.profile) ? serialPathProblem(t.path) : null;
      if (problem) issues.push({ file: entry.file, path: 'transport.path', message: problem });
      if (cluster && t.kind === 'serial' && !entry.profile.reachableFrom && !entry.profile.demo) {
        issues.push({ file: entry.file, path: 'reachableFrom', message: 'a serial device of a center with several servers must name the machine its port is wired to (reachableFrom)' });
      }
    }
    for (const i of issues) this.log.error({ file: i.file, path: i.path }, `device profile: ${i.message}`);
    const refused = new Set(issues.map((i) => i.file));
    for (const { file, profile } of entries) {
      if (profile.demo && !demoRoom.has(profile.id)) continue;
      if (refused.has(file)) continue;
      this.profiles.set(profile.id, { profile, file });
    }
    if (this.cluster) {
      const ownership = new DeviceOwnership(this.cluster, {
        open: (p) => this.open(p),
        close: (id) => this.close(id),
        local: (id) => this.devices.get(id),
        changed: (s) => this.emit(s),
      });
      this.ownership = ownership;
      for (const { profile } of this.profiles.values()) this.remotes.set(profile.id, new RemoteDevice(profile, this.driverOf(profile.driver)!, ownership));
      ownership.start([...this.profiles.values()].map((e) => e.profile));
    } else {
      for (const { profile } of this.profiles.values()) this.open(profile);
    }
    this.log.info({ devices: entries.length, problems: this.issues.length }, 'devices started');
  }

  /** Opens the device's connection and queue on this server. */
  private open(profile: DeviceProfile): void {
    const file = this.profiles.get(profile.id)!.file;
    const driver = this.driverOf(profile.driver)!;
    const ctx: DriverContext = {};
    if (profile.address !== undefined) ctx.address = profile.address;
    if (profile.options) ctx.options = profile.options;
    try {
      const password = passwordFor(profile);
      if (password !== undefined) ctx.password = password;
    } catch (err) {
      this.issues.push({ file, path: 'credentials', message: (err as Error).message });
      this.log.error({ device: profile.id }, (err as Error).message);
    }
    const device = new DeviceConnection(profile, driver, transportFor(profile), ctx, this.queueOpts);
    device.on('status', (s) => {
      this.emit(this.ownership ? { ...s, owner: this.ownership.serverId } : s);
      this.ownership?.announce();
    });
    this.devices.set(profile.id, device);
    device.start();
  }

  private close(id: string): void {
    const device = this.devices.get(id);
    if (!device) return;
    this.devices.delete(id);
    device.stop();
    const remote = this.remotes.get(id);
    if (remote) this.emit(remote.status());
  }

  private emit(s: DeviceStatus): void {
    for (const l of this.listeners) l(s);
  }

  /** The device's own connection where this server drives it, else its stand-in; undefined for an unknown id. */
  get(id: string): DeviceHandle | undefined {
    return this.devices.get(id) ?? this.remotes.get(id);
  }

  list(): DeviceStatus[] {
    if (!this.ownership) return [...this.devices.values()].map((d) => d.status());
    const me = this.ownership.serverId;
    return [...this.profiles.keys()].map((id) => {
      const local = this.devices.get(id);
      return local ? { ...local.status(), owner: me } : this.remotes.get(id)!.status();
    });
  }

  /** Ids of the demo profiles left out in this run (they exist only with the demo room). */
  demoLeftOut(): readonly string[] {
    return this.leftOut;
  }

  errors(): LayoutIssue[] {
    return this.issues;
  }

  onStatus(listener: (s: DeviceStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async stop(): Promise<void> {
    await this.ownership?.stop();
    this.ownership = null;
    for (const d of this.devices.values()) d.stop();
    this.devices.clear();
  }
}
