import { z } from 'zod';
import { DriverError, parseArgs } from '../driver.js';
import type { DeviceCodec, DeviceEvent, DeviceState, Driver, DriverContext, EncodedFrame } from '../driver.js';
import {
  DISPLAY_COMMANDS,
  FrameScanner,
  hex2,
  InputArgs,
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
 * Samsung MDC (Multiple Display Control), RS-232 or TCP 1515: binary frames
 * `AA cmd id len data... cs`, checksum = sum of the bytes after `AA`, modulo 256.
 * Replies: `AA FF id len 'A'|'N' rcmd data... cs`; on `N` the one data byte is the error code.
 *
 * Display ID 0xFE addresses every display on the chain and none of them answers, so such a
 * frame is sent with `expectReply: false`. A reply from another ID (a neighbour on a daisy
 * chain) or to a command not outstanding is `unsolicited`.
 *
 * Video wall: 0x84 turns it on/off; 0x89 sets the layout as one byte, rows in the high nibble
 * and columns in the low one (1-15 each), then the display's position, counted from 1 at the
 * top left along each row. Samsung's manuals print the layout byte only as a table; the nibble
 * order here follows the two public drivers that agree on it (vgavro/samsung-mdc,
 * samsung_mdc.MultipleDisplayControl): verify on the first wall before relying on it.
 *
 * Not handled: the TLS + PIN session newer firmware may require on TCP 1515 (turn "secured
 * protocol" off in the display's MDC settings, or terminate TLS in the transport).
 */

const HEADER = 0xaa;
const REPLY = 0xff;
const ACK = 0x41; // 'A'
const NAK = 0x4e; // 'N'
const BROADCAST = 0xfe;

const CMD = {
  status: 0x00,
  power: 0x11,
  volume: 0x12,
  mute: 0x13,
  input: 0x14,
  brightness: 0x25,
  wall: 0x84,
  wallLayout: 0x89,
} as const;
const CMD_NAME: Readonly<Record<number, string>> = Object.fromEntries(Object.entries(CMD).map(([k, v]) => [v, k]));

const INPUTS: Readonly<Record<Source, number>> = { hdmi1: 0x21, hdmi2: 0x23, dp: 0x25, dvi: 0x18 };
/** Codes a display may report, "PC" variants included, by the name the console uses. */
const INPUT_NAMES: Readonly<Record<number, string>> = {
  0x14: 'pc',
  0x18: 'dvi',
  0x1f: 'dvi',
  0x20: 'magicinfo',
  0x21: 'hdmi1',
  0x22: 'hdmi1',
  0x23: 'hdmi2',
  0x24: 'hdmi2',
  0x25: 'dp',
  0x26: 'dp2',
  0x31: 'hdmi3',
  0x32: 'hdmi3',
  0x33: 'hdmi4',
  0x34: 'hdmi4',
  0x60: 'media',
};

const WallArgs = z.strictObject({ on: z.boolean() });
const WallLayoutArgs = z.strictObject({
  rows: z.number().int().min(1).max(15),
  cols: z.number().int().min(1).max(15),
  position: z.number().int().min(1).max(225),
});

const MAX_DATA = 255;

/** One byte in a frame; the scanner only asks for indices it has checked exist. */
const at = (b: Uint8Array, i: number): number => b[i] ?? 0;

/** Reply frame boundaries: header, then `len + 1` more bytes after the 4-byte head. */
function checkFrame(buf: Uint8Array, i: number): FrameCheck {
  const have = buf.length - i;
  if (at(buf, i) !== HEADER) return { kind: 'no' };
  if (have < 2) return { kind: 'need' };
  if (at(buf, i + 1) !== REPLY) return { kind: 'no' };
  if (have < 4) return { kind: 'need' };
  const len = at(buf, i + 3);
  if (len < 2) return { kind: 'no' }; // every reply carries 'A'|'N' and r-cmd
  if (have < 5) return { kind: 'need' };
  const verdict = at(buf, i + 4);
  if (verdict !== ACK && verdict !== NAK) return { kind: 'no' };
  const length = 5 + len;
  if (have < length) return { kind: 'need' };
  const expected = checksum(buf.subarray(i + 1, i + 4 + len));
  const got = at(buf, i + 4 + len);
  if (expected !== got) return { kind: 'bad', length, reason: `Samsung MDC checksum mismatch: expected ${hex2(expected)}, got ${hex2(got)}` };
  return { kind: 'frame', length };
}

function checksum(bytes: Uint8Array): number {
  let sum = 0;
  for (const b of bytes) sum += b;
  return sum & 0xff;
}

/** What an accepted reply to `cmd` says, from its data bytes (after r-cmd). */
function stateOf(cmd: number, data: Uint8Array): DeviceState | undefined {
  const d0 = data[0];
  if (d0 === undefined) return undefined;
  const inputName = (code: number): string => INPUT_NAMES[code] ?? `0x${hex2(code)}`;
  const power = (v: number): DeviceState['power'] => (v === 1 ? 'on' : v === 0 ? 'off' : undefined);
  switch (cmd) {
    case CMD.status: {
      // power, volume, mute, input, aspect, N-time NF, F-time NF
      const [p, volume, mute, input, aspect] = data;
      const state: DeviceState = {};
      const pw = p === undefined ? undefined : power(p);
      if (pw) state.power = pw;
      if (volume !== undefined) state.volume = volume;
      if (mute !== undefined) state.mute = mute === 1;
      if (input !== undefined) {
        state.input = inputName(input);
        state.info = { inputCode: `0x${hex2(input)}`, ...(aspect === undefined ? {} : { aspect: `0x${hex2(aspect)}` }) };
      }
      return state;
    }
    case CMD.power: {
      const pw = power(d0);
      return pw ? { power: pw } : undefined;
    }
    case CMD.volume:
      return { volume: d0 };
    case CMD.mute:
      return { mute: d0 === 1 };
    case CMD.input:
      return { input: inputName(d0), info: { inputCode: `0x${hex2(d0)}` } };
    case CMD.brightness:
      return { brightness: d0 };
    case CMD.wall:
      return { info: { videoWall: d0 === 1 } };
    case CMD.wallLayout: {
      const position = data[1];
      return { info: { wallRows: d0 >> 4, wallCols: d0 & 0x0f, ...(position === undefined ? {} : { wallPosition: position }) } };
    }
    default:
      return undefined;
  }
}

export const samsungMdcDriver: Driver = {
  name: 'samsung-mdc',
  transports: ['serial', 'tcp'],
  oneInFlight: true,
  commands: {
    ...DISPLAY_COMMANDS,
    wall: { args: WallArgs, label: { vi: 'Bật/tắt chế độ ghép màn hình', en: 'Video wall on/off' } },
    'wall.layout': { args: WallLayoutArgs, label: { vi: 'Bố cục ghép màn hình (hàng, cột, vị trí)', en: 'Video wall layout (rows, columns, position)' } },
  },
  createCodec(ctx?: DriverContext): DeviceCodec {
    const id = parseAddress(ctx?.address, {
      protocol: 'samsung-mdc',
      min: 0,
      max: BROADCAST,
      fallback: 1,
      all: { value: BROADCAST, words: ['all', '*'] },
    });
    const broadcast = id === BROADCAST;
    const where = broadcast ? 'all displays' : `display ${id}`;
    const outstanding = new Outstanding();
    const scanner = new FrameScanner('Samsung MDC', checkFrame);

    const frame = (cmd: number, data: readonly number[], what: string): EncodedFrame => {
      if (data.length > MAX_DATA) throw new DriverError(`samsung-mdc: ${data.length} data bytes, more than ${MAX_DATA}`);
      const body = [cmd, id, data.length, ...data];
      const bytes = Uint8Array.from([HEADER, ...body, checksum(Uint8Array.from(body))]);
      if (!broadcast) outstanding.expect(hex2(cmd));
      return { bytes, expectReply: !broadcast, summary: `${what} (${where})` };
    };

    const decode = (f: Uint8Array): DeviceEvent[] => {
      const replyId = at(f, 2);
      const len = at(f, 3);
      const verdict = at(f, 4);
      const rcmd = at(f, 5);
      const data = f.subarray(6, 4 + len);
      const answersUs = !broadcast && replyId === id && outstanding.take(hex2(rcmd));
      if (!answersUs) return [replyEvent('unsolicited', f, verdict === ACK ? stateOf(rcmd, data) : undefined)];
      if (verdict === ACK) return [replyEvent('ack', f, stateOf(rcmd, data))];
      const err = data[0];
      const code = err === undefined ? 'N' : hex2(err);
      const name = CMD_NAME[rcmd] ?? `0x${hex2(rcmd)}`;
      return [{ type: 'nak', code, message: `display ${replyId} refused command 0x${hex2(rcmd)} (${name}), error code ${code}`, raw: f }];
    };

    return {
      encode(command, args) {
        switch (command) {
          case 'power': {
            const a = parseArgs(command, PowerArgs, args);
            return frame(CMD.power, [a.on ? 1 : 0], `power ${onOff(a.on)}`);
          }
          case 'input': {
            const a = parseArgs(command, InputArgs, args);
            return frame(CMD.input, [sourceCode('Samsung MDC', INPUTS, a.source)], `input ${a.source}`);
          }
          case 'volume': {
            const a = parseArgs(command, LevelArgs, args);
            return frame(CMD.volume, [a.level], `volume ${a.level}`);
          }
          case 'mute': {
            const a = parseArgs(command, MuteArgs, args);
            return frame(CMD.mute, [a.on ? 1 : 0], `mute ${onOff(a.on)}`);
          }
          case 'brightness': {
            const a = parseArgs(command, LevelArgs, args);
            return frame(CMD.brightness, [a.level], `brightness ${a.level}`);
          }
          case 'status':
            parseArgs(command, NoArgs, args);
            return frame(CMD.status, [], 'status?');
          case 'wall': {
            const a = parseArgs(command, WallArgs, args);
            return frame(CMD.wall, [a.on ? 1 : 0], `video wall ${onOff(a.on)}`);
          }
          case 'wall.layout': {
            const a = parseArgs(command, WallLayoutArgs, args);
            if (a.position > a.rows * a.cols) {
              throw new DriverError(`wall.layout: position: ${a.position} is outside a ${a.rows}x${a.cols} wall (1-${a.rows * a.cols})`, 'position');
            }
            const layout = (a.rows << 4) | a.cols;
            return frame(CMD.wallLayout, [layout, a.position], `video wall ${a.rows}x${a.cols} position ${a.position}`);
          }
          default:
            throw new DriverError(`samsung-mdc: unknown command ${command}`, null);
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
