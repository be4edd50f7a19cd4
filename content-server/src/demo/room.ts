import type { DeviceProfile } from '@ioc/protocol';
import { emulatorFor, OscPeer, serveTcp } from '../devices/emulators/index.js';
import type { Logger } from '../logger.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export interface DemoRoom {
  /** Device ids that have an emulator behind them. */
  emulated: string[];
  close(): Promise<void>;
}

/**
 * The demo room: an emulated device behind every profile that points at this machine
 * (loopback TCP or UDP), so that the whole room works on a laptop. The emulators answer like
 * the real devices (see `devices/emulators/`); the server reaches them over real sockets, the
 * same way it reaches real ones. A port already in use is reported and left alone.
 */
export async function startDemoRoom(profiles: readonly DeviceProfile[], log: Logger): Promise<DemoRoom> {
  const closers: Array<() => Promise<void>> = [];
  const emulated: string[] = [];
  for (const p of profiles) {
    const t = p.transport;
    if (t.kind === 'serial' || !LOOPBACK.has(t.host)) continue;
    try {
      if (p.driver === 'osc' && t.kind === 'udp') {
        const peer = new OscPeer();
        await peer.start(t.port, t.host === 'localhost' ? '127.0.0.1' : t.host);
        closers.push(() => peer.close());
      } else if (t.kind === 'tcp' && p.driver !== 'osc') {
        const options = { ...(p.options ?? {}), ...(p.address !== undefined && { address: p.address }) };
        const served = await serveTcp(emulatorFor(p.driver, options), t.port, t.host === 'localhost' ? '127.0.0.1' : t.host);
        closers.push(() => served.close());
      } else {
        continue;
      }
      emulated.push(p.id);
    } catch (err) {
      log.warn({ device: p.id, port: t.port, err: (err as Error).message }, 'demo room: cannot start the emulator for this device');
    }
  }
  log.info({ devices: emulated }, 'demo room: emulated devices started');
  return {
    emulated,
    close: async () => {
      await Promise.all(closers.map((c) => c()));
    },
  };
}
