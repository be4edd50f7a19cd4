import { DriverNameSchema, type DriverNameWire } from '@ioc/protocol';
import type { z } from 'zod';

/**
 * The contract every device driver implements. A driver is pure protocol: it turns a
 * device-level command into the exact bytes of its protocol, and turns the bytes a device sends
 * back into events. It never opens a port or a socket: transports (serial, TCP, UDP) and the
 * per-device queue with timeouts and retries live elsewhere, so drivers are tested byte-exact
 * without any I/O.
 */

/** Names of the drivers, as written in device profiles and `ops device encode --driver`. */
export const DRIVER_NAMES: readonly DriverNameWire[] = DriverNameSchema.options;
export type DriverName = DriverNameWire;

/** What a device is known to be doing, as far as its replies tell. Every field is optional. */
export interface DeviceState {
  power?: 'on' | 'off' | 'cooling' | 'warming';
  input?: string;
  volume?: number;
  mute?: boolean;
  brightness?: number;
  /** Matrix routing: output number -> input number, both 1-based as operators count. */
  routes?: Record<number, number>;
  /** Anything else a protocol reports (model, lamp hours, labels...). */
  info?: Record<string, string | number | boolean>;
}

/** One frame to put on the wire. */
export interface EncodedFrame {
  bytes: Uint8Array;
  /** False when the device will not answer (e.g. Samsung MDC broadcast ID 0xFE, OSC over UDP). */
  expectReply: boolean;
  /** Short human description for logs and the audit trail, e.g. `power on (display 1)`. */
  summary: string;
  /**
   * The bytes as logs, results and the audit trail show them, where `bytes` hold a secret
   * (PJLink's auth digest is masked); absent when the bytes can be shown as they are.
   */
  logBytes?: Uint8Array;
}

/** What the codec makes of the bytes a device sends. */
export type DeviceEvent =
  /** The answer to the command in flight: accepted, with any state it reports. */
  | { type: 'ack'; state?: DeviceState; raw: Uint8Array }
  /**
   * The answer to the command in flight: refused. `code` is the protocol's own (e.g. `ERR2`,
   * `E10`, NAK code). `busy`: the device could not take it now (NEC's NULL message), so it is
   * retried like a missing reply.
   */
  | { type: 'nak'; code: string; message: string; raw: Uint8Array; busy?: boolean }
  /** Something the device said on its own (status dump, front-panel change, banner). */
  | { type: 'unsolicited'; state?: DeviceState; raw: Uint8Array }
  /** A connection greeting (PJLink `PJLINK 0|1 ...`, Videohub preamble); `authFailed` on `PJLINK ERRA`. */
  | { type: 'greeting'; authRequired?: boolean; authFailed?: boolean; raw: Uint8Array }
  /** Bytes that are not part of any valid frame (noise, bad checksum); they were skipped. */
  | { type: 'garbage'; reason: string; raw: Uint8Array };

/** Where a command goes on a shared line or a multi-display device. */
export interface DriverContext {
  /** Display ID / set ID (Samsung MDC 0-254, 0xFE = all; LG set id 0-99, 0 = all; NEC monitor id 1-100, 'A'..). */
  address?: number | string;
  /** PJLink password (never logged). */
  password?: string;
  /** Driver-specific options from the device profile (e.g. OSC framing, template definitions). */
  options?: Record<string, unknown>;
}

/**
 * A codec holds the state of one connection (partial frames, a PJLink auth nonce). Make a new
 * one for each connection.
 */
export interface DeviceCodec {
  /** Encodes one device-level command; throws `DriverError` for an unknown command or bad arguments. */
  encode(command: string, args: unknown): EncodedFrame;
  /**
   * Feeds bytes as they arrive (possibly in pieces, possibly with noise); returns complete
   * events. Over UDP each call carries exactly one datagram.
   */
  feed(chunk: Uint8Array): DeviceEvent[];
  /** Forget partial input (after a timeout or a reconnect). */
  reset(): void;
}

/** A device-level command a driver understands, with its argument schema and a label. */
export interface DriverCommand {
  args: z.ZodType;
  label: { vi: string; en: string };
}

export interface Driver {
  readonly name: DriverName;
  /** Transports the protocol runs over. */
  readonly transports: ReadonlyArray<'serial' | 'tcp' | 'udp'>;
  /** The device-level commands, by name (e.g. `power`, `input`, `route`, `osc.send`). */
  readonly commands: Readonly<Record<string, DriverCommand>>;
  /** Whether the protocol allows only one command in flight (wait for the reply before the next). */
  readonly oneInFlight: boolean;
  /**
   * The device speaks first on every connection (PJLink's `PJLINK 0|1 ...`) and no command may
   * go out before that greeting has been read.
   */
  readonly waitsForGreeting?: boolean;
  createCodec(ctx?: DriverContext): DeviceCodec;
}

/** A command or its arguments cannot be encoded; `field` names the argument at fault. */
export class DriverError extends Error {
  constructor(
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = 'DriverError';
  }
}

/** Upper-case hex pairs separated by spaces, e.g. `AA 11 01 01 01 14` (the `ops device encode` output). */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

/** Parses hex with or without spaces (`AA 11 01` or `AA1101`); throws on odd length or bad digits. */
export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-fA-F]/.test(clean)) throw new DriverError(`not hex pairs: ${hex}`);
  return Uint8Array.from(clean.match(/../g) ?? [], (h) => parseInt(h, 16));
}

/** Validates `args` with a command's schema, throwing a DriverError that names the field. */
export function parseArgs<T>(command: string, schema: z.ZodType<T>, args: unknown): T {
  const r = schema.safeParse(args ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue?.path.join('.') || null;
  throw new DriverError(`${command}: ${field ? `${field}: ` : ''}${issue?.message ?? 'invalid arguments'}`, field);
}

/** Appends `chunk` to `buffer` (codecs keep partial frames between feeds). */
export function concatBytes(buffer: Uint8Array, chunk: Uint8Array): Uint8Array {
  if (buffer.length === 0) return chunk;
  const out = new Uint8Array(buffer.length + chunk.length);
  out.set(buffer, 0);
  out.set(chunk, buffer.length);
  return out;
}

export const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);
export const text = (b: Uint8Array): string => new TextDecoder('latin1').decode(b);
