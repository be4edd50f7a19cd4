import { DriverError, parseArgs } from '../driver.js';
import type { DeviceCodec, DeviceEvent, DeviceState, Driver, DriverContext, EncodedFrame } from '../driver.js';
import {
  DISPLAY_COMMANDS,
  FrameScanner,
  hex2,
  InputArgs,
  isHexByte,
  latin1,
  LevelArgs,
  MuteArgs,
  NoArgs,
  onOff,
  Outstanding,
  parseAddress,
  PowerArgs,
  replyEvent,
  sourceCode,
  type FrameCheck,
  type Source,
} from './display-common.js';

/**
 * NEC large-format displays ("External Control" manual), RS-232 or TCP 7142:
 * `SOH '0' dest '0' type len STX message ETX BCC CR`. `len` counts STX to ETX as two ASCII
 * hex digits; BCC is the XOR of every byte after SOH up to and including ETX. Message bytes are
 * ASCII hex: OP code page 00, OP code 60 and value 0011 go out as `00600011`.
 *
 * Destination: monitor ID n is the byte 0x40 + n (`A` for 1 ... 0xA4 for 100), `*` all.
 * Replies carry `0` as destination and the monitor's own ID as source. Whether monitors answer
 * a `*` command differs between models and links, so a broadcast expects no reply; answers that
 * do come are `unsolicited`. Give each monitor its own ID to get confirmations.
 *
 * Timing: the manual asks for at least 600 ms between packets (the profile's `gapMs`). While
 * it powers on or switches input the monitor answers anything with a NULL message (`BE`): a
 * `nak` with code `BE`, which the caller may retry later.
 *
 * A set parameter only changes the current value; `save` writes the current settings to the
 * monitor's memory so they survive a power cycle.
 */

const SOH = 0x01;
const STX = 0x02;
const ETX = 0x03;
const CR = 0x0d;
const ZERO = 0x30; // '0'
const BROADCAST = 0x2a; // '*'
const MAX_LEN = 0xff;

/** Message types: A command, B its reply, C get parameter, D its reply, E set parameter, F its reply. */
type MsgType = 'A' | 'C' | 'E';

/** OP code page + OP code, as sent. */
const OP = { input: '0060', volume: '0062', mute: '008D', brightness: '0010' } as const;
const OP_NAME: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(OP).map(([k, v]) => [v, k]));

const INPUTS: Readonly<Record<Source, number>> = { hdmi1: 0x11, hdmi2: 0x12, dp: 0x0f, dvi: 0x03 };
const INPUT_NAMES: Readonly<Record<number, string>> = {
  0x01: 'vga',
  0x03: 'dvi',
  0x0f: 'dp',
  0x10: 'dp2',
  0x11: 'hdmi1',
  0x12: 'hdmi2',
  0x82: 'hdmi3',
  0x83: 'hdmi4',
};
/** Power modes of the status reply; standby and suspend are off as far as the operator is concerned. */
const POWER_MODES: Readonly<Record<number, string>> = { 1: 'on', 2: 'standby', 3: 'suspend', 4: 'off' };

const RESULTS: Readonly<Record<string, string>> = {
  '01': 'unsupported operation with this monitor, or not possible in its current state',
};

const codes = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));
const hex4 = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');
const at = (b: Uint8Array, i: number): number => b[i] ?? 0;
const hexValue = (b: Uint8Array, i: number): number => parseInt(String.fromCharCode(at(b, i), at(b, i + 1)), 16);

function bcc(bytes: Uint8Array): number {
  let x = 0;
  for (const b of bytes) x ^= b;
  return x;
}

/** A reply packet: fixed 7-byte header, `len` message bytes, BCC, CR. */
function checkFrame(buf: Uint8Array, i: number): FrameCheck {
  const have = buf.length - i;
  if (at(buf, i) !== SOH) return { kind: 'no' };
  const head: ReadonlyArray<(b: number) => boolean> = [
    (b) => b === ZERO, // reserved
    (b) => b === ZERO, // destination: the controller
    (b) => b >= 0x20, // source: the monitor's ID
    (b) => b === 0x42 || b === 0x44 || b === 0x46, // B | D | F
    isHexByte,
    isHexByte,
  ];
  for (const [k, test] of head.entries()) {
    const b = buf[i + 1 + k];
    if (b === undefined) return { kind: 'need' };
    if (!test(b)) return { kind: 'no' };
  }
  const len = hexValue(buf, i + 5);
  if (len < 2) return { kind: 'no' };
  const length = 7 + len + 2;
  if (have < length) return { kind: 'need' };
  // A wrong length means the header is not what it seems: resync from the next byte.
  if (at(buf, i + 7) !== STX || at(buf, i + 6 + len) !== ETX || at(buf, i + length - 1) !== CR) return { kind: 'no' };
  const expected = bcc(buf.subarray(i + 1, i + 7 + len));
  const got = at(buf, i + 7 + len);
  if (expected !== got) return { kind: 'bad', length, reason: `NEC checksum (BCC) mismatch: expected ${hex2(expected)}, got ${hex2(got)}` };
  return { kind: 'frame', length };
}

function paramState(op: string, value: number): DeviceState | undefined {
  switch (op) {
    case OP.input:
      return { input: INPUT_NAMES[value] ?? `0x${hex2(value)}`, info: { inputCode: `0x${hex2(value)}` } };
    case OP.volume:
      return { volume: value };
    case OP.brightness:
      return { brightness: value };
    case OP.mute:
      return { mute: value === 1 }; // 1 mute, 0 or 2 unmute depending on the model
    default:
      return undefined;
  }
}

interface Reply {
  /** Which command it answers, as `Outstanding` keys them. */
  key: string;
  result: string;
  state: DeviceState | undefined;
}

/** Reads a reply message (the text between STX and ETX) of type B, D or F. */
function parseReply(type: string, msg: string): Reply | 'null' | null {
  if (type === 'B') {
    if (msg === 'BE') return 'null';
    let m = /^([0-9A-F]{2})C203D6([0-9A-F]{4})$/.exec(msg);
    if (m) {
      const mode = parseInt(m[2] ?? '', 16);
      return { key: 'power', result: m[1] ?? '', state: mode === 1 ? { power: 'on' } : mode === 4 ? { power: 'off' } : undefined };
    }
    m = /^02([0-9A-F]{2})D6[0-9A-F]{2}[0-9A-F]{4}([0-9A-F]{4})$/.exec(msg);
    if (m) {
      const mode = POWER_MODES[parseInt(m[2] ?? '', 16)];
      const state: DeviceState | undefined = mode ? { power: mode === 'on' ? 'on' : 'off', info: { powerMode: mode } } : undefined;
      return { key: 'power?', result: m[1] ?? '', state };
    }
    m = /^([0-9A-F]{2})0C$/.exec(msg);
    return m ? { key: 'save', result: m[1] ?? '', state: undefined } : null;
  }
  // D | F: result, OP page + code, then type, max and current value (absent on some errors).
  const m = /^([0-9A-F]{2})([0-9A-F]{4})(?:[0-9A-F]{2}[0-9A-F]{4}([0-9A-F]{4}))?$/.exec(msg);
  if (!m) return null;
  const op = m[2] ?? '';
  const current = m[3] === undefined ? undefined : parseInt(m[3], 16);
  return { key: `param:${op}`, result: m[1] ?? '', state: current === undefined ? undefined : paramState(op, current) };
}

export const necDriver: Driver = {
  name: 'nec',
  transports: ['serial', 'tcp'],
  oneInFlight: true,
  commands: {
    ...DISPLAY_COMMANDS,
    save: { args: NoArgs, label: { vi: 'Lưu thiết lập hiện tại', en: 'Save current settings' } },
  },
  createCodec(ctx?: DriverContext): DeviceCodec {
    const id = parseAddress(ctx?.address, { protocol: 'nec', min: 1, max: 100, fallback: 1, all: { value: 0, words: ['all', '*'] } });
    const broadcast = id === 0;
    const dest = broadcast ? BROADCAST : 0x40 + id;
    const where = broadcast ? 'all monitors' : `monitor ${id}`;
    const outstanding = new Outstanding();
    const scanner = new FrameScanner('NEC', checkFrame);

    const frame = (type: MsgType, message: string, key: string, what: string): EncodedFrame => {
      const len = message.length + 2;
      if (len > MAX_LEN) throw new DriverError(`nec: message of ${len} bytes is too long`);
      const body = Uint8Array.from([ZERO, dest, ZERO, type.charCodeAt(0), ...codes(hex2(len)), STX, ...codes(message), ETX]);
      const bytes = Uint8Array.from([SOH, ...body, bcc(body), CR]);
      if (!broadcast) outstanding.expect(key);
      return { bytes, expectReply: !broadcast, summary: `${what} (${where})` };
    };
    const setParam = (op: string, value: number, what: string): EncodedFrame => frame('E', `${op}${hex4(value)}`, `param:${op}`, what);

    const decode = (f: Uint8Array): DeviceEvent[] => {
      const source = at(f, 3);
      const type = String.fromCharCode(at(f, 4));
      const msg = latin1(f.subarray(8, f.length - 3)).toUpperCase();
      const reply = parseReply(type, msg);
      const fromOurs = !broadcast && source === dest;
      if (reply === 'null') {
        if (fromOurs && outstanding.takeOldest()) {
          return [{ type: 'nak', code: 'BE', message: `monitor ${id} is busy or has no answer (NULL message)`, raw: f, busy: true }];
        }
        return [{ type: 'unsolicited', raw: f }];
      }
      if (!reply) return [{ type: 'unsolicited', raw: f }];
      const ok = reply.result === '00';
      if (!fromOurs || !outstanding.take(reply.key)) return [replyEvent('unsolicited', f, ok ? reply.state : undefined)];
      if (ok) return [replyEvent('ack', f, reply.state)];
      const what = reply.key.startsWith('param:') ? (OP_NAME[reply.key.slice(6)] ?? reply.key) : reply.key;
      const meaning = RESULTS[reply.result] ?? 'refused';
      return [{ type: 'nak', code: reply.result, message: `monitor ${id} refused ${what}: ${meaning}`, raw: f }];
    };

    return {
      encode(command, args) {
        switch (command) {
          case 'power': {
            const a = parseArgs(command, PowerArgs, args);
            return frame('A', `C203D6${a.on ? '0001' : '0004'}`, 'power', `power ${onOff(a.on)}`);
          }
          case 'input': {
            const a = parseArgs(command, InputArgs, args);
            return setParam(OP.input, sourceCode('NEC', INPUTS, a.source), `input ${a.source}`);
          }
          case 'volume': {
            const a = parseArgs(command, LevelArgs, args);
            return setParam(OP.volume, a.level, `volume ${a.level}`);
          }
          case 'mute': {
            const a = parseArgs(command, MuteArgs, args);
            // NEC's published examples (P702 manual) unmute with 2, not 0.
            return setParam(OP.mute, a.on ? 1 : 2, `mute ${onOff(a.on)}`);
          }
          case 'brightness': {
            const a = parseArgs(command, LevelArgs, args);
            return setParam(OP.brightness, a.level, `brightness ${a.level}`);
          }
          case 'status':
            parseArgs(command, NoArgs, args);
            return frame('A', '01D6', 'power?', 'power status?');
          case 'save':
            parseArgs(command, NoArgs, args);
            return frame('A', '0C', 'save', 'save settings');
          default:
            throw new DriverError(`nec: unknown command ${command}`, null);
        }
      },
      feed(chunk) {
        return scanner.push(chunk, decode);
      },
      reset() {
        scanner.reset();
        outstanding.clear();
      },
    };
  },
};
