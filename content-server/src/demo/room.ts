import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DeviceProfile } from '@ioc/protocol';
import { emulatorFor, OscPeer, serveSerial, serveTcp } from '../devices/emulators/index.js';
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
    if (t.kind === 'serial') {
      const served = await emulateSerial(p, t.path, t.baudRate, log);
      if (served) {
        closers.push(served);
        emulated.push(p.id);
      }
      continue;
    }
    if (!LOOPBACK.has(t.host)) continue;
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

/** A pty pair at `path` (server end) and `<path>.device` (emulator end), with the emulator on it. */
async function emulateSerial(p: DeviceProfile, path: string, baudRate: number, log: Logger): Promise<(() => Promise<void>) | null> {
  if (path.startsWith('/dev/') || existsSync(path)) return null;
  const deviceEnd = `${path}.device`;
  try {
    mkdirSync(dirname(path), { recursive: true });
    rmSync(deviceEnd, { force: true });
  } catch (err) {
    log.warn({ device: p.id, path, err: (err as Error).message }, 'demo room: cannot make the serial port of this device');
    return null;
  }
  const socat: ChildProcess = spawn('socat', [`pty,raw,echo=0,link=${path}`, `pty,raw,echo=0,link=${deviceEnd}`], { stdio: 'ignore' });
  const failed = new Promise<string>((resolve) => {
    socat.once('error', (err) => resolve(err.message));
    socat.once('exit', (code) => resolve(`socat exited with ${code}`));
  });
  const deadline = Date.now() + 3000;
  let why: string | null = null;
  void failed.then((w) => (why = w));
  while (!(existsSync(path) && existsSync(deviceEnd))) {
    if (why !== null || Date.now() > deadline) {
      log.warn({ device: p.id, path, reason: why ?? 'no pty after 3 s' }, 'demo room: no emulator for this serial device (is socat installed?)');
      socat.kill('SIGKILL');
      return null;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  try {
    const options = { ...(p.options ?? {}), ...(p.address !== undefined && { address: p.address }) };
    const served = await serveSerial(emulatorFor(p.driver, options), deviceEnd, baudRate);
    return async () => {
      await served.close();
      socat.kill('SIGKILL');
    };
  } catch (err) {
    log.warn({ device: p.id, path, err: (err as Error).message }, 'demo room: cannot start the emulator for this serial device');
    socat.kill('SIGKILL');
    return null;
  }
}
