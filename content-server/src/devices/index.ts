import type { DeviceStatus, LayoutIssue } from '@ioc/protocol';
import type { Logger } from '../logger.js';
import { DeviceConnection, passwordFor, transportFor } from './device-connection.js';
import type { Driver, DriverContext } from './driver.js';
import { readDeviceProfileFiles } from './profiles.js';

export { DeviceConnection, InvalidDeviceCommand } from './device-connection.js';
export type { CommandOutcome } from './device-queue.js';

/**
 * The devices of the room: one connection per profile in `<layouts>/devices/`, each with its
 * own queue, so a dead or hung device never holds up another. Publishes every status change.
 */
export class DevicesDomain {
  private readonly devices = new Map<string, DeviceConnection>();
  private issues: LayoutIssue[] = [];
  private readonly listeners = new Set<(s: DeviceStatus) => void>();

  constructor(
    private readonly dir: string,
    private readonly driverOf: (name: string) => Driver | null,
    private readonly log: Logger,
  ) {}

  start(): void {
    const { entries, issues } = readDeviceProfileFiles(this.dir, this.driverOf);
    this.issues = issues;
    for (const i of issues) this.log.error({ file: i.file, path: i.path }, `device profile: ${i.message}`);
    for (const { file, profile } of entries) {
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
      const device = new DeviceConnection(profile, driver, transportFor(profile), ctx);
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
