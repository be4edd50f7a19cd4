import { SerialPort } from 'serialport';
import { Transport } from './transport.js';

export interface SerialOptions {
  path: string;
  baudRate: number;
  dataBits: 7 | 8;
  parity: 'none' | 'even' | 'odd';
  stopBits: 1 | 2;
}

/** RS-232 link. A port that disappears (USB adapter pulled) is reopened when it comes back. */
export class SerialTransport extends Transport {
  private port: SerialPort | null = null;

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
    port.once('close', () => {
      if (this.port !== port) return;
      this.port = null;
      this.markDown(this.lastError ?? `serial port ${this.options.path} closed`);
    });
    port.open((err) => {
      if (this.port !== port) return;
      if (err) {
        this.port = null;
        return this.markDown(err.message);
      }
      this.markUp();
    });
  }

  protected close(): void {
    const port = this.port;
    this.port = null;
    if (port?.isOpen) port.close();
  }
}
