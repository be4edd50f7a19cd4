import type { DeviceProfile, DeviceStatus } from '@ioc/protocol';
import type { CommandOutcome } from './device-queue.js';

/**
 * What commands, macros and consoles use of a device: the device's own connection on the server
 * that owns its queue (DeviceConnection), or a stand-in on any other server that passes commands
 * to the owner over the cluster bus (RemoteDevice). Both check a command's arguments against the
 * driver before anything is sent.
 */
export interface DeviceHandle {
  readonly profile: DeviceProfile;
  supports(command: string): boolean;
  status(): DeviceStatus;
  send(command: string, args: unknown, opts?: { urgent?: boolean }): Promise<CommandOutcome & { summary: string }>;
}
