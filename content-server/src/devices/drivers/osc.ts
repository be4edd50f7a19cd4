import { Buffer } from 'node:buffer';
import { decode as oscDecode, encode as oscEncode } from 'node-osc';
import { z } from 'zod';
import { DriverError, fromHex, parseArgs, toHex } from '../driver.js';
import type { DeviceCodec, DeviceEvent, Driver, DriverContext, EncodedFrame } from '../driver.js';
import { Deframer, framePacket, ntpToIso, OSC_FRAMINGS, splitPacket } from './osc-framing.js';
import type { OscFraming } from './osc-framing.js';

/**
 * OSC 1.0 over UDP, or over TCP with the framing the profile names (`options.framing`).
 * Packet bytes come from node-osc's `encode`/`decode`; this module validates what node-osc does
 * not (address form, int32 and float32 ranges, packet size), keeps the type tags node-osc's
 * decoder drops, and maps the catalog's audio and light commands onto console addresses.
 *
 * Options (all optional):
 * - `framing`: `none` (UDP, default), `length` (int32 prefix, OSC 1.0 over TCP, liblo) or
 *   `slip` (OSC 1.1 over TCP, osc.js). TCP carries no framing of its own, so the profile must
 *   name the one the device speaks.
 * - `addresses`: `{ volume, mute, light }` templates; `{channel}` is the decimal channel and
 *   `{channel:02}` pads it with zeros. Defaults follow the Behringer/Midas X32 (UDP port 10023):
 *   `/ch/{channel:02}/mix/fader` (float 0..1), `/ch/{channel:02}/mix/on` (int, 1 = audible),
 *   and `/light/{channel}/level`.
 * - `muteSense`: `on` (default, X32: the address says "channel on", so mute sends 0) or `mute`
 *   (the address says "muted", so mute sends 1). Change it when you change the mute address.
 * - `lightScale`: `unit` (float 0..1, default), `percent` (float 0..100, e.g. ETC Eos
 *   `/eos/chan/{channel}/at`) or `dmx` (int 0..255).
 *
 * Incoming messages become `unsolicited` events, one per message (bundles are flattened), with
 * `state.info` = `{ address, types, value, arg1, arg2..., [address]: value }`: `types` is the
 * type tag string without the comma, `value` the first argument, `argN` the later ones
 * (0-based), and the address itself as a key holding the value (several values: JSON texts
 * joined by spaces), so merged device state keeps one entry per address. Floats are
 * given as the shortest decimal that is the same float32 (0.1, not 0.10000000149011612); blobs
 * and MIDI as hex, nil as `nil`; `timetag` (ISO) when a bundle was not "immediately". `raw` is
 * the OSC message itself, framing and bundle header removed.
 */

const FLOAT32_MAX = 3.4028234663852886e38;
const Int32 = z.number().int().min(-2147483648).max(2147483647);
const Float32 = z.number().refine((v) => Number.isFinite(v) && Math.abs(v) <= FLOAT32_MAX, 'expected a float32');
const OscText = z.string().refine((s) => !s.includes('\0'), 'OSC strings cannot hold NUL');
// '#' and space are the only printable ASCII that no OSC address or pattern may hold.
const ADDRESS = /^\/[!"$-~]*$/;
const Address = z.string().regex(ADDRESS, 'expected an OSC address: / then printable ASCII, no space or #');
const HexOrBytes = z.union([
  z.string().regex(/^(\s*[0-9A-Fa-f]{2})*\s*$/, 'expected hex pairs'),
  z.array(z.number().int().min(0).max(255)),
]);

const TypedArg = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('i'), value: Int32 }),
  z.strictObject({ type: z.literal('f'), value: Float32 }),
  z.strictObject({ type: z.literal('s'), value: OscText }),
  z.strictObject({ type: z.literal('b'), value: HexOrBytes }),
  z.strictObject({ type: z.literal('T'), value: z.literal(true).optional() }),
  z.strictObject({ type: z.literal('F'), value: z.literal(false).optional() }),
  z.strictObject({ type: z.literal('N'), value: z.null().optional() }),
]);
// A plain 1 or 1.0 in JSON is the same number, hence an int: pass {type:'f'} for float faders.
const PlainArg = z.union([
  z.number().refine(
    (v) => (Number.isInteger(v) ? Int32.safeParse(v).success : Float32.safeParse(v).success),
    'out of range: int32 for an integer (pass {type:"f"} for a float), float32 otherwise',
  ),
  OscText,
  z.boolean(),
]);
const OscArg = z.union([TypedArg, PlainArg], { error: 'expected a number, string, boolean or {type, value} with type i f s b T F N' });
type OscArgIn = z.infer<typeof OscArg>;

const MessageArgs = z.strictObject({ address: Address, args: z.array(OscArg).default([]) });
const BundleArgs = z.strictObject({
  timetag: z.union([z.literal('immediately'), z.iso.datetime({ offset: true })]).default('immediately'),
  messages: z.array(MessageArgs).min(1),
});
const Channel = z.number().int().min(1).max(65535);
const Level = z.number().min(0).max(100);
const VolumeArgs = z.strictObject({ channel: Channel, level: Level });
const MuteArgs = z.strictObject({ channel: Channel, on: z.boolean() });
const LightArgs = z.strictObject({ channel: Channel, level: Level });

const AddressTemplate = z
  .string()
  .regex(ADDRESS, 'expected an OSC address template')
  .refine((s) => !/\{channel(?!\}|:0\d+\})/.test(s), 'write the channel as {channel} or {channel:0N}');
const OptionsSchema = z.strictObject({
  framing: z.enum(OSC_FRAMINGS).default('none'),
  addresses: z
    .strictObject({ volume: AddressTemplate.optional(), mute: AddressTemplate.optional(), light: AddressTemplate.optional() })
    .default({}),
  muteSense: z.enum(['on', 'mute']).default('on'),
  lightScale: z.enum(['unit', 'percent', 'dmx']).default('unit'),
});
type OscOptions = z.infer<typeof OptionsSchema>;

export const DEFAULT_OSC_ADDRESSES = {
  volume: '/ch/{channel:02}/mix/fader',
  mute: '/ch/{channel:02}/mix/on',
  light: '/light/{channel}/level',
} as const;

/** What node-osc's encoder takes: explicit types only, so it never guesses for us. */
interface NodeOscArg {
  type: 'i' | 'f' | 's' | 'b' | 'T' | 'F' | 'N';
  value: number | string | boolean | null | Buffer;
}

function toNodeOscArg(arg: OscArgIn): NodeOscArg {
  if (typeof arg === 'number') return { type: Number.isInteger(arg) ? 'i' : 'f', value: arg };
  if (typeof arg === 'string') return { type: 's', value: arg };
  if (typeof arg === 'boolean') return { type: arg ? 'T' : 'F', value: arg };
  switch (arg.type) {
    case 'b':
      return { type: 'b', value: Buffer.from(typeof arg.value === 'string' ? fromHex(arg.value) : arg.value) };
    // node-osc skips its explicit-type branch when `value` is undefined, then throws on the
    // object: T, F and N need a value even though none goes on the wire.
    case 'T':
      return { type: 'T', value: true };
    case 'F':
      return { type: 'F', value: false };
    case 'N':
      return { type: 'N', value: null };
    default:
      return { type: arg.type, value: arg.value };
  }
}

/** The shortest decimal that reads back as the same float32, for logs and state. */
export function float32Value(v: number): number | string {
  if (!Number.isFinite(v)) return String(v);
  for (let p = 1; p <= 9; p++) {
    const c = Number(v.toPrecision(p));
    if (Math.fround(c) === v) return c;
  }
  return v;
}

function argText(a: NodeOscArg): string {
  switch (a.type) {
    case 'f': {
      const v = float32Value(Math.fround(a.value as number));
      return typeof v === 'number' && Number.isInteger(v) ? v.toFixed(1) : String(v);
    }
    case 's':
      return JSON.stringify(a.value);
    case 'b':
      return `<${(a.value as Buffer).length} bytes>`;
    case 'T':
      return 'true';
    case 'F':
      return 'false';
    case 'N':
      return 'nil';
    default:
      return String(a.value);
  }
}

const messageText = (address: string, args: NodeOscArg[]): string => [address, ...args.map(argText)].join(' ');

function fillAddress(template: string, channel: number, field: string): string {
  const address = template.replace(/\{channel(?::0(\d+))?\}/g, (_m, width: string | undefined) =>
    String(channel).padStart(width ? Number(width) : 0, '0'),
  );
  if (!ADDRESS.test(address)) throw new DriverError(`address template gives ${address}, not an OSC address`, field);
  return address;
}

function readPaddedString(bytes: Uint8Array, at: number): { text: string; next: number } {
  let end = at;
  while (end < bytes.length && bytes[end] !== 0) end++;
  return { text: new TextDecoder().decode(bytes.subarray(at, end)), next: (Math.floor((end - at) / 4) + 1) * 4 + at };
}

interface DecodedMessage {
  address: string;
  args: Array<{ value: unknown }>;
}

function infoValue(tag: string, v: unknown): string | number | boolean {
  if (tag === 'f' && typeof v === 'number') return float32Value(v);
  if (v === null) return 'nil';
  if (v instanceof Uint8Array) return toHex(v);
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return String(v);
}

function decodeMessage(bytes: Uint8Array, timetag: string | undefined): DeviceEvent {
  const address = readPaddedString(bytes, 0);
  if (!address.text.startsWith('/')) throw new Error(`OSC address ${JSON.stringify(address.text.slice(0, 40))} does not start with /`);
  // node-osc returns values without their type tags; read them here so int 1 and float 1 differ.
  const types = readPaddedString(bytes, address.next).text.slice(1);
  const msg = oscDecode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)) as DecodedMessage;
  const info: Record<string, string | number | boolean> = { address: msg.address, types };
  const values = msg.args.map((a, i) => infoValue(types[i] ?? '', a.value));
  values.forEach((v, i) => (info[i === 0 ? 'value' : `arg${i}`] = v));
  if (timetag) info['timetag'] = timetag;
  // The connection merges each event's info into the device state, so `value` only tells the
  // last message; keyed by address, the state keeps the last value of every address heard.
  const [only] = values;
  if (only !== undefined) info[msg.address] = values.length === 1 ? only : values.map((v) => JSON.stringify(v)).join(' ');
  return { type: 'unsolicited', state: { info }, raw: bytes };
}

function decodePacket(packet: Uint8Array): DeviceEvent[] {
  try {
    return splitPacket(packet).map((el) => decodeMessage(el.bytes, el.timetag && ntpToIso(el.timetag)));
  } catch (e) {
    return [{ type: 'garbage', reason: e instanceof Error ? e.message : String(e), raw: packet }];
  }
}

function lightArg(scale: OscOptions['lightScale'], level: number): NodeOscArg {
  if (scale === 'dmx') return { type: 'i', value: Math.round((level * 255) / 100) };
  return { type: 'f', value: scale === 'percent' ? level : level / 100 };
}

const label = (vi: string, en: string) => ({ vi, en });

export const oscDriver: Driver = {
  name: 'osc',
  transports: ['udp', 'tcp'],
  oneInFlight: false,
  commands: {
    'osc.send': { args: MessageArgs, label: label('Gửi thông điệp OSC', 'Send an OSC message') },
    'osc.bundle': { args: BundleArgs, label: label('Gửi gói OSC (bundle)', 'Send an OSC bundle') },
    'audio.volume': { args: VolumeArgs, label: label('Âm lượng kênh', 'Channel volume') },
    'audio.mute': { args: MuteArgs, label: label('Tắt tiếng kênh', 'Channel mute') },
    'light.level': { args: LightArgs, label: label('Mức sáng kênh', 'Light channel level') },
  },
  createCodec(ctx?: DriverContext): DeviceCodec {
    const opts = parseArgs('osc options', OptionsSchema, ctx?.options ?? {});
    const addresses = {
      volume: opts.addresses.volume ?? DEFAULT_OSC_ADDRESSES.volume,
      mute: opts.addresses.mute ?? DEFAULT_OSC_ADDRESSES.mute,
      light: opts.addresses.light ?? DEFAULT_OSC_ADDRESSES.light,
    };
    const framing: OscFraming = opts.framing;
    const deframer = new Deframer(framing);

    const frame = (packet: Buffer, summary: string): EncodedFrame => ({
      bytes: framePacket(framing, new Uint8Array(packet.buffer, packet.byteOffset, packet.length)),
      expectReply: false,
      summary,
    });
    const sendOne = (address: string, args: NodeOscArg[]): EncodedFrame =>
      frame(oscEncode({ oscType: 'message', address, args }), `osc ${messageText(address, args)}`);

    return {
      encode(command, args) {
        switch (command) {
          case 'osc.send': {
            const a = parseArgs(command, MessageArgs, args);
            return sendOne(a.address, a.args.map(toNodeOscArg));
          }
          case 'osc.bundle': {
            const a = parseArgs(command, BundleArgs, args);
            const elements = a.messages.map((m) => ({ oscType: 'message', address: m.address, args: m.args.map(toNodeOscArg) }));
            // node-osc writes 0 as "immediately" (NTP 0.1) and any other number as Unix seconds.
            const timetag = a.timetag === 'immediately' ? 0 : Date.parse(a.timetag) / 1000;
            const texts = elements.map((m) => messageText(m.address, m.args)).join('; ');
            return frame(oscEncode({ oscType: 'bundle', timetag, elements }), `osc bundle ${a.timetag}: ${texts}`);
          }
          case 'audio.volume': {
            const a = parseArgs(command, VolumeArgs, args);
            return sendOne(fillAddress(addresses.volume, a.channel, 'addresses.volume'), [{ type: 'f', value: a.level / 100 }]);
          }
          case 'audio.mute': {
            const a = parseArgs(command, MuteArgs, args);
            const sent = opts.muteSense === 'on' ? !a.on : a.on;
            return sendOne(fillAddress(addresses.mute, a.channel, 'addresses.mute'), [{ type: 'i', value: sent ? 1 : 0 }]);
          }
          case 'light.level': {
            const a = parseArgs(command, LightArgs, args);
            return sendOne(fillAddress(addresses.light, a.channel, 'addresses.light'), [lightArg(opts.lightScale, a.level)]);
          }
          default:
            throw new DriverError(`osc: unknown command ${command}`, null);
        }
      },
      feed(chunk) {
        return deframer.push(chunk).flatMap((d) =>
          'packet' in d ? decodePacket(d.packet) : [{ type: 'garbage', reason: d.garbage, raw: d.raw } as const],
        );
      },
      reset() {
        deframer.reset();
      },
    };
  },
};
