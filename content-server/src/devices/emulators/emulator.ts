import { createServer, type Server } from 'node:net';
import { SerialPort } from 'serialport';

/**
 * A device emulator answers like the real device: bytes in, reply frames out, state kept
 * between commands. It is pure (no I/O), so it is tested byte by byte and served on a TCP port
 * or on one end of a socat pty pair with the helpers below.
 */
export interface DeviceEmulator {
  /** Bytes the device receives (possibly in pieces); returns the frames it sends back. */
  receive(chunk: Uint8Array): Uint8Array[];
  /** What the device says first on a new connection (PJLink, Videohub), if anything. */
  greeting?(): Uint8Array | null;
  /** True after a reply the device hangs up after (PJLink `ERRA`). */
  readonly closeRequested?: boolean;
}

/** Serves an emulator on a TCP port (0 = any free port); each connection gets the same device. */
export async function serveTcp(emulator: DeviceEmulator, port = 0, host = '127.0.0.1'): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer((socket) => {
    const hello = emulator.greeting?.();
    if (hello) socket.write(hello);
    socket.on('data', (d: Buffer) => {
      for (const reply of emulator.receive(new Uint8Array(d))) socket.write(reply);
      if (emulator.closeRequested) socket.end();
    });
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const bound = (server.address() as { port: number }).port;
  return {
    server,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.unref();
      }),
  };
}

/** Serves an emulator on a serial path (the device end of a socat pty pair). */
export async function serveSerial(emulator: DeviceEmulator, path: string, baudRate = 9600): Promise<{ close(): Promise<void> }> {
  const port = new SerialPort({ path, baudRate });
  await new Promise<void>((resolve, reject) => {
    port.once('open', () => resolve());
    port.once('error', reject);
  });
  port.on('data', (d: Buffer) => {
    for (const reply of emulator.receive(new Uint8Array(d))) port.write(Buffer.from(reply));
  });
  return { close: () => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())) };
}
