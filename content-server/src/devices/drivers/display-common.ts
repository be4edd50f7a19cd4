import { DisplaySourceSchema, type DisplaySource } from '@ioc/protocol';
import { z } from 'zod';
import { concatBytes, DriverError } from '../driver.js';
import type { DeviceEvent, DeviceState, DriverCommand } from '../driver.js';

/**
 * What the three display drivers (Samsung MDC, LG, NEC) share: the argument schemas of their
 * common commands, address parsing, a byte-stream frame scanner and the bookkeeping that
 * matches replies to the commands sent.
 */

export const SOURCES = DisplaySourceSchema.options;
export type Source = DisplaySource;

const Level = z.number().int().min(0).max(100);
export const PowerArgs = z.strictObject({ on: z.boolean() });
export const InputArgs = z.strictObject({ source: z.enum(SOURCES) });
export const LevelArgs = z.strictObject({ level: Level });
export const MuteArgs = z.strictObject({ on: z.boolean() });
export const NoArgs = z.strictObject({});

/** The commands every display driver offers; drivers add their own. */
export const DISPLAY_COMMANDS = {
  power: { args: PowerArgs, label: { vi: 'Bật/tắt nguồn', en: 'Power on/off' } },
  input: { args: InputArgs, label: { vi: 'Chọn nguồn vào', en: 'Select input' } },
  volume: { args: LevelArgs, label: { vi: 'Âm lượng', en: 'Volume' } },
  mute: { args: MuteArgs, label: { vi: 'Tắt tiếng', en: 'Audio mute' } },
  brightness: { args: LevelArgs, label: { vi: 'Độ sáng', en: 'Brightness' } },
  status: { args: NoArgs, label: { vi: 'Đọc trạng thái', en: 'Read status' } },
} satisfies Record<string, DriverCommand>;

export const onOff = (on: boolean): string => (on ? 'on' : 'off');
export const hex2 = (n: number): string => n.toString(16).toUpperCase().padStart(2, '0');

/** Looks a source up in a protocol's table; a source it cannot select is the `source` field's fault. */
export function sourceCode<T>(protocol: string, table: Readonly<Partial<Record<Source, T>>>, source: Source): T {
  const code = table[source];
  if (code === undefined) throw new DriverError(`input: source: ${protocol} cannot select ${source}`, 'source');
  return code;
}

export interface AddressRule {
  protocol: string;
  min: number;
  max: number;
  fallback: number;
  /** The number that addresses every display, and the words that may name it. */
  all?: { value: number; words: readonly string[] };
}

/** Reads `DriverContext.address` (a number or a decimal string); anything else is refused as `address`. */
export function parseAddress(raw: number | string | undefined, rule: AddressRule): number {
  if (raw === undefined) return rule.fallback;
  const word = typeof raw === 'string' ? raw.trim().toLowerCase() : null;
  if (word !== null && rule.all?.words.includes(word)) return rule.all.value;
  const n = typeof raw === 'number' ? raw : word !== null && /^\d{1,3}$/.test(word) ? Number(word) : NaN;
  if (Number.isInteger(n) && n >= rule.min && n <= rule.max) return n;
  throw new DriverError(`${rule.protocol}: address: expected an integer ${rule.min}-${rule.max}; got ${String(raw)}`, 'address');
}

/** An ack, nak-free reply or unsolicited event, with `state` only when there is one (exactOptionalPropertyTypes). */
export function replyEvent(type: 'ack' | 'unsolicited', raw: Uint8Array, state: DeviceState | undefined): DeviceEvent {
  return state ? { type, state, raw } : { type, raw };
}

/**
 * Commands are encoded when they are queued, not when they go on the wire, so a codec cannot
 * know which one is in flight; it only knows the order they were encoded in, which is the order
 * they are sent. A reply that answers one of them also ends every command encoded before it
 * (answered or abandoned). A reply that answers none is a late or foreign one: `unsolicited`.
 */
export class Outstanding {
  private keys: string[] = [];

  constructor(private readonly limit = 64) {}

  expect(key: string): void {
    this.keys.push(key);
    if (this.keys.length > this.limit) this.keys.shift();
  }

  /** True when `key` was outstanding (it and everything before it are then dropped). */
  take(key: string): boolean {
    const i = this.keys.indexOf(key);
    if (i < 0) return false;
    this.keys.splice(0, i + 1);
    return true;
  }

  /** For replies that answer whatever was sent (a "busy" message): drops the oldest. */
  takeOldest(): boolean {
    return this.keys.shift() !== undefined;
  }

  clear(): void {
    this.keys = [];
  }
}

/** What a protocol makes of the bytes from `at` on. */
export type FrameCheck =
  /** A frame may start here but has not arrived in full: wait. */
  | { kind: 'need' }
  /** No frame starts here: the byte is noise. */
  | { kind: 'no' }
  /** A complete, valid frame of `length` bytes. */
  | { kind: 'frame'; length: number }
  /** A complete frame that fails its check (checksum): dropped whole, reported as garbage. */
  | { kind: 'bad'; length: number; reason: string }
  /** Filler between frames (line ends some devices add): dropped silently. */
  | { kind: 'skip'; length: number };

/**
 * Finds frames in a byte stream that arrives in arbitrary pieces. Noise before a frame is one
 * `garbage` event per run; a corrupt frame is dropped and scanning goes on after it, so one bad
 * reply never hides the next good one. `check` must bound the frame length, so a partial frame
 * held here cannot grow without limit.
 */
export class FrameScanner {
  private buf = new Uint8Array(0);

  constructor(
    private readonly protocol: string,
    private readonly check: (buf: Uint8Array, at: number) => FrameCheck,
  ) {}

  push(chunk: Uint8Array, onFrame: (frame: Uint8Array) => DeviceEvent[]): DeviceEvent[] {
    const buf = concatBytes(this.buf, chunk);
    const events: DeviceEvent[] = [];
    let noiseFrom = 0;
    let i = 0;
    const flushNoise = (): void => {
      if (i > noiseFrom) events.push({ type: 'garbage', reason: `noise, not a ${this.protocol} frame`, raw: buf.slice(noiseFrom, i) });
    };
    scan: while (i < buf.length) {
      const r = this.check(buf, i);
      switch (r.kind) {
        case 'no':
          i++;
          continue;
        case 'need':
          break scan;
        case 'frame':
          flushNoise();
          events.push(...onFrame(buf.slice(i, i + r.length)));
          break;
        case 'bad':
          flushNoise();
          events.push({ type: 'garbage', reason: r.reason, raw: buf.slice(i, i + r.length) });
          break;
        case 'skip':
          flushNoise();
          break;
      }
      i += r.length;
      noiseFrom = i;
    }
    flushNoise();
    this.buf = buf.slice(i);
    return events;
  }

  reset(): void {
    this.buf = new Uint8Array(0);
  }
}

/** Latin-1 text of some bytes (not TextDecoder('latin1'), which is windows-1252 for 0x80-0x9F). */
export const latin1 = (b: Uint8Array): string => String.fromCharCode(...b);
export const isHexByte = (b: number | undefined): boolean =>
  b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66));
