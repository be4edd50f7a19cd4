import { Socket } from 'node:net';
import { Transport } from './transport.js';

/** TCP client link (PJLink, Videohub, MDC on 1515, Extron telnet, OSC over TCP). */
export class TcpTransport extends Transport {
  private socket: Socket | null = null;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly connectTimeoutMs = 3000,
    backoff?: { initialMs: number; maxMs: number },
  ) {
    super(backoff);
  }

  write(bytes: Uint8Array): void {
    if (!this.socket || !this.ready) throw new Error(`tcp ${this.host}:${this.port} is not connected`);
    this.socket.write(bytes);
  }

  protected open(): void {
    const socket = new Socket();
    this.socket = socket;
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 5000);
    // A device that never answers the SYN must not leave us "connecting" forever.
    socket.setTimeout(this.connectTimeoutMs, () => {
      if (!this.ready) socket.destroy(new Error(`no connection within ${this.connectTimeoutMs} ms`));
    });
    socket.once('connect', () => {
      socket.setTimeout(0);
      this.markUp();
    });
    socket.on('data', (chunk: Buffer) => this.emit('data', new Uint8Array(chunk)));
    socket.on('error', (err) => (this.lastError = err.message));
    socket.once('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.markDown(this.lastError ?? 'connection closed by the device');
    });
    socket.connect(this.port, this.host);
  }

  protected close(): void {
    const socket = this.socket;
    this.socket = null;
    socket?.destroy();
  }
}
