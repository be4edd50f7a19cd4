import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import type { DeviceProfile, DeviceStatus } from '@ioc/protocol';
import { DeviceQueue, type CommandOutcome } from './device-queue.js';
import { DriverError, parseArgs, type DeviceCodec, type DeviceEvent, type DeviceState, type Driver, type DriverContext } from './driver.js';
import { SerialTransport } from './transports/serial.js';
import { TcpTransport } from './transports/tcp.js';
import type { Transport } from './transports/transport.js';
import { UdpTransport } from './transports/udp.js';

export function transportFor(profile: DeviceProfile): Transport {
  const t = profile.transport;
  switch (t.kind) {
    case 'serial':
      return new SerialTransport({ path: t.path, baudRate: t.baudRate, dataBits: t.dataBits, parity: t.parity, stopBits: t.stopBits });
    case 'tcp':
      return new TcpTransport(t.host, t.port);
    case 'udp':
      return new UdpTransport(t.host, t.port);
  }
}

/** Reads a device's password from the environment or a secrets file; never from the profile. */
export function passwordFor(profile: DeviceProfile, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const c = profile.credentials;
  if (!c) return undefined;
  if (c.passwordEnv) {
    const value = env[c.passwordEnv];
    if (value === undefined) throw new Error(`device ${profile.id}: environment variable ${c.passwordEnv} is not set`);
    return value;
  }
  if (c.passwordFile) return readFileSync(c.passwordFile, 'utf8').trim();
  return undefined;
}

/** Throws InvalidDeviceCommand, naming the field, when `args` do not fit the driver's command (on the owner and on any server passing the command on). */
export function checkDeviceArgs(driver: Driver, command: string, args: unknown): void {
  const known = driver.commands[command];
  if (!known) return;
  try {
    parseArgs(command, known.args, args);
  } catch (err) {
    if (err instanceof DriverError) throw new InvalidDeviceCommand(err.message, err.field);
    throw err;
  }
}

/** A refused command that never reached the device (bad arguments for this driver). */
export class InvalidDeviceCommand extends Error {
  constructor(
    message: string,
    readonly field: string | null,
  ) {
    super(message);
  }
}

/**
 * One device: its transport, its driver's codec (new for each connection) and its queue. It
 * keeps what the device's replies say about its state, and emits `status` when anything a
 * console shows changes.
 */
export class DeviceConnection extends EventEmitter<{ status: [DeviceStatus] }> {
  private codec: DeviceCodec;
  private readonly queue: DeviceQueue;
  private readonly state: DeviceState = {};
  private lastReplyAt: number | null = null;
  private protocolError: string | null = null;
  private greeted = false;

  constructor(
    readonly profile: DeviceProfile,
    private readonly driver: Driver,
    private readonly transport: Transport,
    private readonly ctx: DriverContext = {},
    queueOpts: { maxQueued?: number } = {},
  ) {
    super();
    this.codec = driver.createCodec(ctx);
    // The queue sees the link ready only once the device has greeted, where the protocol greets.
    const greeted = () => this.greeted;
    const link = {
      get ready() {
        return transport.ready && (!driver.waitsForGreeting || greeted());
      },
      write: (bytes: Uint8Array) => transport.write(bytes),
    };
    this.queue = new DeviceQueue(link, { timing: profile.timing, oneInFlight: driver.oneInFlight, ...queueOpts });
    transport.on('up', () => {
      this.codec = driver.createCodec(ctx);
      this.greeted = false;
      this.queue.linkUp();
      this.changed();
      this.readState();
    });
    transport.on('down', () => {
      this.greeted = false;
      this.queue.linkDown();
      this.changed();
    });
    transport.on('data', (chunk) => {
      for (const event of this.codec.feed(chunk)) this.onEvent(event);
    });
  }

  start(): void {
    this.transport.start();
  }

  stop(): void {
    this.queue.cancelAll(`device ${this.profile.id} stopped`);
    this.transport.stop();
  }

  /**
   * Encodes and queues one device-level command. Bad arguments throw InvalidDeviceCommand at
   * once (nothing is queued); everything else resolves with the command's outcome. `urgent`:
   * ahead of the normal commands waiting (see DeviceQueue.submit).
   */
  async send(command: string, args: unknown, opts: { urgent?: boolean } = {}): Promise<CommandOutcome & { summary: string }> {
    // Arguments are checked now, against the driver's schema (no connection state involved);
    // the bytes are made at send time by the codec of the connection they go out on.
    checkDeviceArgs(this.driver, command, args);
    let summary = command;
    this.changed();
    const gapMs = this.profile.timing.commandGapMs[command];
    const outcome = await this.queue.submit(
      () => {
        const frame = this.codec.encode(command, args);
        summary = frame.summary;
        return frame;
      },
      { ...(gapMs !== undefined && { gapMs }), ...(opts.urgent && { urgent: true }) },
    );
    this.changed();
    return { ...outcome, summary };
  }

  /**
   * Asks the device what it is doing, once per connection, so that consoles show its state
   * before anyone sends a command (a protocol with a greeting is asked after it: the queue
   * waits). Drivers whose status needs arguments (a matrix output) are not asked.
   */
  private readState(): void {
    const status = this.driver.commands['status'];
    if (!status || !status.args.safeParse({}).success) return;
    void this.send('status', {}).catch(() => undefined);
  }

  /** Whether the device's driver has this device-level command. */
  supports(command: string): boolean {
    return Object.hasOwn(this.driver.commands, command);
  }

  status(): DeviceStatus {
    const t = this.transport;
    const status = this.protocolError ? 'error' : t.status === 'online' ? 'online' : t.status === 'connecting' ? 'connecting' : 'offline';
    return {
      id: this.profile.id,
      name: this.profile.name,
      driver: this.profile.driver,
      status,
      queued: this.queue.length,
      lastReplyAt: this.lastReplyAt,
      lastError: this.protocolError ?? t.lastError,
      state: { ...this.state },
      ...(this.profile.wallDisplay && { wallDisplay: this.profile.wallDisplay }),
    };
  }

  private onEvent(event: DeviceEvent): void {
    if (event.type === 'garbage') return;
    this.lastReplyAt = Date.now();
    if (event.type === 'greeting' && !event.authFailed && !this.greeted) {
      this.greeted = true;
      this.queue.linkUp();
    }
    if (event.type === 'greeting' && event.authFailed) this.protocolError = 'the device refused the password (PJLink ERRA)';
    else if (event.type === 'ack' || event.type === 'greeting') this.protocolError = null;
    if ((event.type === 'ack' || event.type === 'unsolicited') && event.state) mergeState(this.state, event.state);
    this.queue.handle(event);
    this.changed();
  }

  private changed(): void {
    this.emit('status', this.status());
  }
}

function mergeState(into: DeviceState, from: DeviceState): void {
  const { routes, info, ...rest } = from;
  Object.assign(into, rest);
  if (routes) into.routes = { ...into.routes, ...routes };
  if (info) into.info = { ...into.info, ...info };
}
