import { existsSync, lstatSync, readlinkSync, statSync } from 'node:fs';
import { SerialPort } from 'serialport';
import { Transport } from './transport.js';

export interface SerialOptions {
  path: string;
  baudRate: number;
  dataBits: 7 | 8;
  parity: 'none' | 'even' | 'odd';
  stopBits: 1 | 2;
}

/**
 * Why a configured serial path must not be opened, or null. A link whose target is gone is
 * refused: a pty link left behind (by socat) names a /dev/pts number the system may since have
 * given to a user's terminal. Links to existing devices (`/dev/serial/by-id/...`) and paths that
 * do not exist yet (an adapter not plugged in) are fine.
 */
export function serialPathProblem(path: string): string | null {
  try {
    if (!lstatSync(path).isSymbolicLink()) return null;
  } catch {
    return null;
  }
  try {
    statSync(path);
    return null;
  } catch {
    let target = '?';
    try {
      target = readlinkSync(path);
    } catch {
      // gone between the two calls: still refused below
    }
    return `serial path ${path} is a dangling link (to ${target}, which does not exist); refusing to open it. Remove the link, or point the profile at the device itself (e.g. /dev/serial/by-id/...)`;
  }
}

/** How often an open port checks that its device node still exists. */
const PRESENCE_CHECK_MS = 1000;

/** RS-232 link. A port that disappears (USB adapter pulled) is reopened when it comes back. */
export class SerialTransport extends Transport {
  private port: SerialPort | null = null;
  private presence: NodeJS.Timeout | null = null;

  constructor(
    private readonly options: SerialOptions,
    backoff?: { initialMs: number; maxMs: number },
  ) {
    super(backoff);
  }

  write(bytes: Uint8Array): void {
    if (!this.port || !this.ready) throw new Error(`serial ${this.options.path} is not open`);
    this.port.write(Buffer.from(bytes));
  }

  protected open(): void {
    const problem = serialPathProblem(this.options.path);
    if (problem) return this.markDown(problem);
    const port = new SerialPort({ ...this.options, autoOpen: false });
    this.port = port;
    port.on('data', (chunk: Buffer) => this.emit('data', new Uint8Array(chunk)));
    port.on('error', (err) => (this.lastError = err.message));
    port.once('close', () => this.lost(port, this.lastError ?? `serial port ${this.options.path} closed`));
    port.open((err) => {
      if (this.port !== port) return;
      if (err) {
        this.port = null;
        return this.markDown(err.message);
      }
      this.markUp();
      this.watchPresence(port);
    });
  }

  protected close(): void {
    this.stopPresence();
    const port = this.port;
    this.port = null;
    if (port?.isOpen) port.close();
  }

  /**
   * The kernel's hang-up notice for a vanished port does not always reach the poller; the
   * device node disappearing (USB adapter pulled, pty master closed) always shows.
   */
  private watchPresence(port: SerialPort): void {
    this.stopPresence();
    this.presence = setInterval(() => {
      if (existsSync(this.options.path)) return;
      this.lost(port, `serial port ${this.options.path} disappeared`);
      if (port.isOpen) port.close(() => undefined);
    }, PRESENCE_CHECK_MS);
    this.presence.unref();
  }

  private stopPresence(): void {
    if (this.presence) clearInterval(this.presence);
    this.presence = null;
  }

  private lost(port: SerialPort, reason: string): void {
    if (this.port !== port) return;
    this.stopPresence();
    this.port = null;
    this.markDown(reason);
  }
}
