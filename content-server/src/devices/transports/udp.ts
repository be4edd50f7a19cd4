import { createSocket, type Socket } from 'node:dgram';
import { lookup } from 'node:dns';
import { Transport } from './transport.js';

/** UDP link (OSC). Connectionless: online once the local socket is bound. */
export class UdpTransport extends Transport {
  private socket: Socket | null = null;
  /** The addresses the host name resolves to: replies come from one of them, not from the name. */
  private readonly peers = new Set<string>();

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {
    super();
  }

  write(bytes: Uint8Array): void {
    if (!this.socket || !this.ready) throw new Error(`udp ${this.host}:${this.port} is not open`);
    this.socket.send(bytes, this.port, this.host);
  }

  protected open(): void {
    const socket = createSocket(this.host.includes(':') ? 'udp6' : 'udp4');
    this.socket = socket;
    lookup(this.host, { all: true }, (err, addresses) => {
      if (!err) for (const a of addresses) this.peers.add(a.address);
    });
    // Replies (e.g. OSC state from a console) come back to the port we send from; datagrams
    // from any other host are not this device's.
    socket.on('message', (msg, from) => {
      if (from.address === this.host || this.peers.has(from.address) || this.host === 'localhost') this.emit('data', new Uint8Array(msg));
    });
    socket.on('error', (err) => {
      this.lastError = err.message;
      socket.close();
    });
    socket.once('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.markDown(this.lastError ?? 'udp socket closed');
    });
    socket.bind(0, () => this.markUp());
  }

  protected close(): void {
    const socket = this.socket;
    this.socket = null;
    socket?.close();
  }
}
