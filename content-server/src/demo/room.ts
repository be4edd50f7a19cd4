import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DeviceProfile, Transport } from '@ioc/protocol';
import { emulatorFor, OscPeer, serveSerial, serveTcp } from '../devices/emulators/index.js';
import type { Logger } from '../logger.js';

const LOOPBACK = '127.0.0.1';

export interface DemoRoom {
  /** Device ids that have an emulator behind them. */
  emulated: string[];
  /** Where each emulated demo device is reached in this run (replaces its profile's transport). */
  transports: ReadonlyMap<string, Transport>;
  /** This run's folder for serial links, under the data folder; removed on close. */
  dir: string;
  close(): Promise<void>;
}

/**
 * The demo room: an emulated device behind every demo profile (`"demo": true`), so that the
 * whole room works on a laptop. Each emulator listens on a port the system picks for this run
 * (loopback, port 0), so two servers on one machine never fight over a port; a serial device
 * gets a socat pty pair in a folder of this run under the data folder. The server then reaches
 * each device at the address returned in `transports`, over real sockets, the same way it
 * reaches real ones; the profile files are never rewritten.
 */
export async function startDemoRoom(profiles: readonly DeviceProfile[], opts: { dataDir: string; log: Logger }): Promise<DemoRoom> {
  const { log } = opts;
  const dir = runFolder(opts.dataDir);
  const closers: Array<() => Promise<void>> = [];
  const transports = new Map<string, Transport>();
  for (const p of profiles) {
    if (!p.demo) continue;
    const t = p.transport;
    const options = { ...(p.options ?? {}), ...(p.address !== undefined && { address: p.address }) };
    try {
      if (t.kind === 'serial') {
        const path = join(dir, `tty-${p.id}`);
        const served = await emulateSerial(p, path, t.baudRate, log);
        if (!served) continue;
        closers.push(served);
        transports.set(p.id, { ...t, path });
      } else if (p.driver === 'osc' && t.kind === 'udp') {
        const peer = new OscPeer();
        const port = await peer.start(0, LOOPBACK);
        closers.push(() => peer.close());
        transports.set(p.id, { kind: 'udp', host: LOOPBACK, port });
      } else if (t.kind === 'tcp' && p.driver !== 'osc') {
        const served = await serveTcp(emulatorFor(p.driver, options), 0, LOOPBACK);
        closers.push(() => served.close());
        transports.set(p.id, { kind: 'tcp', host: LOOPBACK, port: served.port });
      }
    } catch (err) {
      log.warn({ device: p.id, err: (err as Error).message }, 'demo room: cannot start the emulator for this device');
    }
  }
  log.info({ devices: [...transports.keys()], dir }, 'demo room: emulated devices started');
  return {
    emulated: [...transports.keys()],
    transports,
    dir,
    close: async () => {
      await Promise.all(closers.map((c) => c()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * `<dataDir>/demo-room/run-<pid>`, made empty. Folders of runs whose process is gone are
 * removed: their links may point at ptys the system has since given to someone else.
 */
function runFolder(dataDir: string): string {
  const root = join(dataDir, 'demo-room');
  mkdirSync(root, { recursive: true });
  for (const name of readdirSync(root)) {
    const pid = /^run-(\d+)$/.exec(name)?.[1];
    if (pid !== undefined && Number(pid) !== process.pid && alive(Number(pid))) continue;
    rmSync(join(root, name), { recursive: true, force: true });
  }
  const dir = join(root, `run-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A pty pair at `path` (server end) and `<path>.device` (emulator end), with the emulator on it. */
async function emulateSerial(p: DeviceProfile, path: string, baudRate: number, log: Logger): Promise<(() => Promise<void>) | null> {
  const deviceEnd = `${path}.device`;
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
