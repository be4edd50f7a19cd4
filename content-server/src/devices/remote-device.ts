import type { DeviceProfile, DeviceStatus } from '@ioc/protocol';
import { checkDeviceArgs } from './device-connection.js';
import type { DeviceHandle } from './device-handle.js';
import type { DeviceOwnership } from './device-ownership.js';
import type { CommandOutcome } from './device-queue.js';
import type { Driver } from './driver.js';

/**
 * A device another server drives: its commands are checked here against the driver, as on the
 * owner, then passed to the owner's queue (DeviceOwnership.send); its status is what the owner
 * last said, or offline with no owner.
 */
export class RemoteDevice implements DeviceHandle {
  constructor(
    readonly profile: DeviceProfile,
    private readonly driver: Driver,
    private readonly ownership: DeviceOwnership,
  ) {}

  supports(command: string): boolean {
    return Object.hasOwn(this.driver.commands, command);
  }

  status(): DeviceStatus {
    return (
      this.ownership.remoteStatus(this.profile.id) ?? {
        id: this.profile.id,
        name: this.profile.name,
        driver: this.profile.driver,
        status: 'offline',
        queued: 0,
        lastReplyAt: null,
        lastError: 'no server drives this device now / hiện không máy chủ nào điều khiển thiết bị này',
        state: {},
        owner: null,
        ...(this.profile.wallDisplay && { wallDisplay: this.profile.wallDisplay }),
      }
    );
  }

  async send(command: string, args: unknown, opts: { urgent?: boolean } = {}): Promise<CommandOutcome & { summary: string }> {
    checkDeviceArgs(this.driver, command, args);
    return this.ownership.send(this.profile, command, args, opts);
  }
}
