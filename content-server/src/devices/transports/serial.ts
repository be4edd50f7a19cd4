import { existsSync } from 'node:fs';
import { SerialPort } from 'serialport';
import { Transport } from './transport.js';

export interface SerialOptions {
  path: string;
  baudRate: number;
  dataBits: 7 | 8;
  parity: 'none' | 'even' | 'odd';
  stopBits: 1 | 2;
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
