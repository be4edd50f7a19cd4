import type { DeviceStatus, LayoutIssue, Transport } from '@ioc/protocol';
import type { Logger } from '../logger.js';
import { DeviceConnection, passwordFor, transportFor } from './device-connection.js';
import type { Driver, DriverContext } from './driver.js';
import { readDeviceProfileFiles } from './profiles.js';
import { serialPathProblem } from './transports/serial.js';

export { DeviceConnection, InvalidDeviceCommand } from './device-connection.js';
export type { CommandOutcome } from './device-queue.js';

/**
 * The devices of the room: one connection per profile in `<layouts>/devices/`, each with its
 * own queue, so a dead or hung device never holds up another. Publishes every status change.
 */
export class DevicesDomain {
  private readonly devices = new Map<string, DeviceConnection>();
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
    for (const entry of entries) {
      const t = entry.profile.transport;
      const problem = t.kind === 'serial' ? serialPathProblem(t.path) : null;
      if (problem) issues.push({ file: entry.file, path: 'transport.path', message: problem });
    }
    for (const i of issues) this.log.error({ file: i.file, path: i.path }, `device profile: ${i.message}`);
    const refused = new Set(issues.map((i) => i.file));
    for (const { file, profile } of entries) {
      if (profile.demo && !demoRoom.has(profile.id)) continue;
      if (refused.has(file)) continue;
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
        for (const l of this.listeners) l(s);
      });
      this.devices.set(profile.id, device);
      device.start();
    }
    this.log.info({ devices: entries.length, problems: this.issues.length }, 'devices started');
  }

  get(id: string): DeviceConnection | undefined {
    return this.devices.get(id);
  }

  list(): DeviceStatus[] {
    return [...this.devices.values()].map((d) => d.status());
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

  stop(): void {
    for (const d of this.devices.values()) d.stop();
    this.devices.clear();
  }
}
