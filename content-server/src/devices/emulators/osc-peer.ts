import { Buffer } from 'node:buffer';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { decode as oscDecode, encode as oscEncode } from 'node-osc';
import { DEFAULT_OSC_ADDRESSES } from '../drivers/osc.js';

/** An argument to send: plain (an integer is `i`, another number `f`) or with its OSC type. */
export type OscPeerArg =
  | number
  | string
  | boolean
  | { type: 'i' | 'f'; value: number }
  | { type: 's'; value: string }
  | { type: 'b'; value: Uint8Array }
  | { type: 'T' | 'F' | 'N' };

/** NTP time tag of the bundle a message came in (seconds 0, fraction 1: "immediately"). */
export interface OscTimetag {
  seconds: number;
  fraction: number;
}

export interface OscReceived {
  address: string;
  /** The type tag string without its comma, e.g. `f`. */
  types: string;
  /** Values as node-osc decodes them (floats as float32 read into a double; blobs as Buffer). */
  args: unknown[];
  /** Null for a bare message; the bundle's time tag for a message out of a bundle. */
  timetag: OscTimetag | null;
  /** Which datagram it came in (0 = the first), so the messages of one bundle can be told. */
  packet: number;
  from: { address: string; port: number };
}

export interface MixerState {
  /** Per channel: `fader` 0..1, `on` true when audible (X32 `/mix/on` 1). */
  channels: Record<number, { fader: number; on: boolean }>;
  /** Per light channel: the last level sent, as sent. */
  lights: Record<number, number>;
}

const BUNDLE = Buffer.from('#bundle\0', 'latin1');
/** A channel the mixer has not heard of yet sits at 0 dB (X32 fader 0.75) and is on. */
const FRESH_CHANNEL = { fader: 0.75, on: true };

/** `/ch/{channel:02}/mix/fader` -> /^\/ch\/(\d+)\/mix\/fader$/ */
const pattern = (template: string): RegExp =>
  new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{channel(?::0\d+)?\}/, '(\\d+)')}$`);
const FADER = pattern(DEFAULT_OSC_ADDRESSES.volume);
const ON = pattern(DEFAULT_OSC_ADDRESSES.mute);
const LIGHT = pattern(DEFAULT_OSC_ADDRESSES.light);

/**
 * A real OSC peer on UDP, standing for an audio console (Behringer/Midas X32 addresses, the osc
 * driver's defaults) and a light desk. It records every message it receives, bundles
 * flattened, with address, type tags and values; keeps fader, channel-on and light levels; and
 * answers a message with no arguments to an address it holds a value for with that value, as
 * the X32 answers a query. `send` talks back to whoever spoke last (the server's socket).
 * A datagram that is not OSC is recorded in `errors` and otherwise ignored.
 */
export class OscPeer {
  readonly received: OscReceived[] = [];
  readonly errors: string[] = [];
  readonly mixer: MixerState = { channels: {}, lights: {} };
  /** The last arguments heard at each address (what a query is answered with). */
  readonly values = new Map<string, { types: string; args: unknown[] }>();
  private socket: Socket | null = null;
  private packets = 0;
  /** Who spoke last: where `send` goes. */
  private remote: RemoteInfo | null = null;

  /** Binds the UDP port (0 = any free one) and returns the port bound. */
  async start(port = 0, host = '127.0.0.1'): Promise<number> {
    const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    socket.on('message', (msg, rinfo) => this.onDatagram(msg, rinfo));
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    socket.on('error', (err) => this.errors.push(err.message));
    this.socket = socket;
    return socket.address().port;
  }

  /** Sends a message to whoever spoke last (rejects if nobody has yet). */
  async send(address: string, ...args: OscPeerArg[]): Promise<void> {
    if (!this.remote) throw new Error('osc peer: nobody has sent anything yet; use sendTo');
    return this.sendTo(this.remote.port, this.remote.address, address, ...args);
  }

  async sendTo(port: number, host: string, address: string, ...args: OscPeerArg[]): Promise<void> {
    const socket = this.socket;
    if (!socket) throw new Error('osc peer: not started');
    const packet = oscEncode({ oscType: 'message', address, args: args.map(nodeOscArg) });
    await new Promise<void>((resolve, reject) => socket.send(packet, port, host, (err) => (err ? reject(err) : resolve())));
  }

  close(): Promise<void> {
    const socket = this.socket;
    this.socket = null;
    return new Promise((resolve) => (socket ? socket.close(() => resolve()) : resolve()));
  }

  private onDatagram(msg: Buffer, rinfo: RemoteInfo): void {
    this.remote = rinfo;
    const packet = this.packets++;
    const from = { address: rinfo.address, port: rinfo.port };
    let messages: OscReceived[];
    try {
      messages = split(msg, null).map(({ bytes, timetag }) => ({ ...readMessage(bytes), timetag, packet, from }));
    } catch (e) {
      this.errors.push(`datagram ${packet} from ${rinfo.address}:${rinfo.port}: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    for (const m of messages) {
      this.received.push(m);
      if (m.args.length === 0) this.answerQuery(m.address);
      else this.apply(m);
    }
  }

  private apply({ address, types, args }: OscReceived): void {
    this.values.set(address, { types, args });
    const v = args[0];
    let m = FADER.exec(address);
    if (m && typeof v === 'number') this.channel(Number(m[1])).fader = Math.min(1, Math.max(0, v));
    m = ON.exec(address);
    if (m && typeof v === 'number') this.channel(Number(m[1])).on = v !== 0;
    m = LIGHT.exec(address);
    if (m && typeof v === 'number') this.mixer.lights[Number(m[1])] = v;
  }

  private channel(n: number): { fader: number; on: boolean } {
    return (this.mixer.channels[n] ??= { ...FRESH_CHANNEL });
  }

  private answerQuery(address: string): void {
    let value = this.values.get(address);
    const fader = FADER.exec(address);
    const on = ON.exec(address);
    if (fader) value = { types: 'f', args: [this.channel(Number(fader[1])).fader] };
    else if (on) value = { types: 'i', args: [this.channel(Number(on[1])).on ? 1 : 0] };
    if (!value) return;
    const args = value.args.map((a, i): OscPeerArg => typed(value.types[i] ?? '', a));
    void this.send(address, ...args).catch((e: Error) => this.errors.push(`answer to ${address}: ${e.message}`));
  }
}

function typed(tag: string, value: unknown): OscPeerArg {
  if ((tag === 'i' || tag === 'f') && typeof value === 'number') return { type: tag, value };
  if (tag === 's' && typeof value === 'string') return { type: 's', value };
  if (tag === 'b' && value instanceof Uint8Array) return { type: 'b', value };
  if (tag === 'T' || tag === 'F') return { type: tag };
  return { type: 'N' };
}

function nodeOscArg(a: OscPeerArg): unknown {
  if (typeof a !== 'object') return a;
  if (a.type === 'b') return { type: 'b', value: Buffer.from(a.value) };
  // node-osc needs a value even where none goes on the wire.
  if (a.type === 'T') return { type: 'T', value: true };
  if (a.type === 'F') return { type: 'F', value: false };
  if (a.type === 'N') return { type: 'N', value: null };
  return a;
}

/** The messages of a packet, bundles (nested too) flattened, each with its bundle's time tag. */
function split(p: Buffer, timetag: OscTimetag | null): Array<{ bytes: Buffer; timetag: OscTimetag | null }> {
  if (p.length % 4 !== 0) throw new Error(`size ${p.length} is not a multiple of 4`);
  if (!p.subarray(0, 8).equals(BUNDLE)) return [{ bytes: p, timetag }];
  if (p.length < 16) throw new Error('bundle without a time tag');
  const tag = { seconds: p.readUInt32BE(8), fraction: p.readUInt32BE(12) };
  const out: Array<{ bytes: Buffer; timetag: OscTimetag | null }> = [];
  for (let at = 16; at < p.length; ) {
    const size = p.readInt32BE(at);
    if (size <= 0 || at + 4 + size > p.length) throw new Error(`bundle element size ${size} overruns the packet`);
    out.push(...split(p.subarray(at + 4, at + 4 + size), tag));
    at += 4 + size;
  }
  return out;
}

/** Address and type tags read here (node-osc drops the tags), values by node-osc. */
function readMessage(bytes: Buffer): { address: string; types: string; args: unknown[] } {
  const address = cString(bytes, 0);
  if (!address.text.startsWith('/')) throw new Error(`address ${JSON.stringify(address.text.slice(0, 40))} does not start with /`);
  const tags = address.next < bytes.length ? cString(bytes, address.next).text : '';
  const decoded = oscDecode(bytes) as { address: string; args?: Array<{ value: unknown }> };
  return { address: decoded.address, types: tags.replace(/^,/, ''), args: (decoded.args ?? []).map((a) => a.value) };
}

function cString(bytes: Buffer, at: number): { text: string; next: number } {
  const end = bytes.indexOf(0, at);
  if (end < 0) throw new Error('string without its NUL');
  return { text: bytes.toString('utf8', at, end), next: at + (Math.floor((end - at) / 4) + 1) * 4 };
}
