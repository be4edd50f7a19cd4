// Test support (not compiled into dist): a pair of connected pseudo-terminals made by socat,
// the way serial devices are tested here: the server opens one end, an emulator the other.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PtyPair {
  /** The end the server opens (the control system's serial port). */
  server: string;
  /** The end the emulated device opens. */
  device: string;
  close(): void;
}

/** Starts `socat` with two linked ptys and waits until both exist. */
export async function ptyPair(): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-pty-'));
  const [server, device] = [join(dir, 'ttySERVER'), join(dir, 'ttyDEVICE')];
  const socat = spawn('socat', [`pty,raw,echo=0,link=${server}`, `pty,raw,echo=0,link=${device}`], { stdio: 'ignore' });
  const deadline = Date.now() + 5000;
  while (!(existsSync(server) && existsSync(device))) {
    if (socat.exitCode !== null) throw new Error(`socat exited with ${socat.exitCode}: is it installed?`);
    if (Date.now() > deadline) throw new Error('socat did not create the pty pair within 5 s');
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    server,
    device,
    close: () => {
      socat.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
