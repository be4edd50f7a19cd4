import { ascii, DriverError, parseArgs } from '../driver.js';
import type { DeviceCodec, DeviceEvent, DeviceState, Driver, DriverContext, EncodedFrame } from '../driver.js';
import {
  DISPLAY_COMMANDS,
  FrameScanner,
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
 * LG commercial displays over RS-232: `[c1][c2] [set id] [data]\r` in ASCII, set ID and data as
 * two hex digits (set ID 10 is `0a`), e.g. `ka 01 01\r`. The reply
 * `[c2] [set id] OK|NG[data]x` ends in a literal `x`, not a CR; LG writes its hex in lower
 * case and so does this codec. `ff` as data reads the current value.
 *
 * Set ID 00 reaches every display on the chain and each one still answers with its own ID:
 * the first answer completes the command, the others are `unsolicited` (with their state).
 *
 * Volume mute is inverted on LG: `ke 01 00` mutes (volume off), `ke 01 01` unmutes.
 * In standby LG's manuals promise an answer to `ka` (power) only, so `status` reads power alone.
 */

const CR = 0x0d;
const LF = 0x0a;
const X = 0x78; // 'x', the reply terminator
const MAX_DATA_DIGITS = 16;

/** `xb` input codes, the "DTV" variants (LG lists a "PC" twin for most, e.g. a0 for HDMI1). */
const INPUTS: Readonly<Record<Source, string>> = { hdmi1: '90', hdmi2: '91', dp: 'c0', dvi: '70' };
const INPUT_NAMES: Readonly<Record<string, string>> = {
  '70': 'dvi',
  '80': 'dvi',
  '90': 'hdmi1',
  a0: 'hdmi1',
  '91': 'hdmi2',
  a1: 'hdmi2',
  c0: 'dp',
  d0: 'dp',
};

/** NG data codes (LG's RS-232C reference). */
const NG_CODES: Readonly<Record<string, string>> = {
  '00': 'illegal code',
  '01': 'function not supported',
  '02': 'wait more time (the display is busy)',
};

const hexLower = (n: number): string => n.toString(16).padStart(2, '0');
const at = (b: Uint8Array, i: number): number => b[i] ?? 0;
const isLowerLetter = (b: number): boolean => b >= 0x61 && b <= 0x7a;
const isSpace = (b: number): boolean => b === 0x20;
/** `c2 SP id id SP`: the fixed head of every reply. */
const HEAD: ReadonlyArray<(b: number) => boolean> = [isLowerLetter, isSpace, isHexByte, isHexByte, isSpace];

/** `c2 SP id id SP O K|N G hex* x`, byte by byte, so a partial reply waits and noise resyncs. */
function checkFrame(buf: Uint8Array, i: number): FrameCheck {
  const first = at(buf, i);
  // Line ends some models add after the `x` are filler, not noise worth reporting.
  if (first === CR || first === LF) return { kind: 'skip', length: 1 };
  for (const [k, test] of HEAD.entries()) {
    const b = buf[i + k];
    if (b === undefined) return { kind: 'need' };
    if (!test(b)) return { kind: 'no' };
  }
  const s1 = buf[i + 5];
  const s2 = buf[i + 6];
  if (s1 === undefined) return { kind: 'need' };
  if (s1 !== 0x4f && s1 !== 0x4e) return { kind: 'no' }; // O | N
  if (s2 === undefined) return { kind: 'need' };
  if (s2 !== (s1 === 0x4f ? 0x4b : 0x47)) return { kind: 'no' }; // K | G
  for (let j = i + 7; j <= i + 7 + MAX_DATA_DIGITS; j++) {
    const b = buf[j];
    if (b === undefined) return { kind: 'need' };
    if (b === X) return { kind: 'frame', length: j - i + 1 };
    if (!isHexByte(b)) return { kind: 'no' };
  }
  return { kind: 'no' };
}

/** What an `OK` reply to command letter `c2` says. */
function stateOf(c2: string, data: string): DeviceState | undefined {
  if (!/^[0-9a-f]{2}$/.test(data)) return undefined;
  const v = parseInt(data, 16);
  switch (c2) {
    case 'a':
      return v === 1 ? { power: 'on' } : v === 0 ? { power: 'off' } : undefined;
    case 'b':
      return { input: INPUT_NAMES[data] ?? `0x${data}`, info: { inputCode: data } };
    case 'e':
      return { mute: v === 0 };
    case 'f':
      return { volume: v };
    case 'h':
      return { brightness: v };
    default:
      return undefined;
  }
}

export const lgDriver: Driver = {
  name: 'lg',
  transports: ['serial'],
  oneInFlight: true,
  commands: DISPLAY_COMMANDS,
  createCodec(ctx?: DriverContext): DeviceCodec {
    const setId = parseAddress(ctx?.address, { protocol: 'lg', min: 0, max: 99, fallback: 1, all: { value: 0, words: ['all', '*'] } });
    const broadcast = setId === 0;
    const where = broadcast ? 'all sets' : `set ${setId}`;
    const outstanding = new Outstanding();
    const scanner = new FrameScanner('LG', checkFrame);

    const frame = (c1c2: string, data: string, what: string): EncodedFrame => {
      outstanding.expect(c1c2.charAt(1));
      return { bytes: ascii(`${c1c2} ${hexLower(setId)} ${data}\r`), expectReply: true, summary: `${what} (${where})` };
    };

    const decode = (f: Uint8Array): DeviceEvent[] => {
      const s = latin1(f);
      const c2 = s.charAt(0);
      const replyId = parseInt(s.slice(2, 4), 16);
      const ok = s.slice(5, 7) === 'OK';
      const data = s.slice(7, -1).toLowerCase();
      const answersUs = (broadcast || replyId === setId) && outstanding.take(c2);
      if (!answersUs) return [replyEvent('unsolicited', f, ok ? stateOf(c2, data) : undefined)];
      if (ok) return [replyEvent('ack', f, stateOf(c2, data))];
      const meaning = NG_CODES[data] ?? 'refused';
      return [{ type: 'nak', code: `NG${data}`, message: `set ${replyId} refused command ${c2}: ${meaning}`, raw: f }];
    };

    return {
      encode(command, args) {
        switch (command) {
          case 'power': {
            const a = parseArgs(command, PowerArgs, args);
            return frame('ka', a.on ? '01' : '00', `power ${onOff(a.on)}`);
          }
          case 'input': {
            const a = parseArgs(command, InputArgs, args);
            return frame('xb', sourceCode('LG', INPUTS, a.source), `input ${a.source}`);
          }
          case 'volume': {
            const a = parseArgs(command, LevelArgs, args);
            return frame('kf', hexLower(a.level), `volume ${a.level}`);
          }
          case 'mute': {
            const a = parseArgs(command, MuteArgs, args);
            // LG: 00 = mute on (volume off), 01 = mute off.
            return frame('ke', a.on ? '00' : '01', `mute ${onOff(a.on)}`);
          }
          case 'brightness': {
            const a = parseArgs(command, LevelArgs, args);
            return frame('kh', hexLower(a.level), `brightness ${a.level}`);
          }
          case 'status':
            parseArgs(command, NoArgs, args);
            return frame('ka', 'ff', 'power status?');
          default:
            throw new DriverError(`lg: unknown command ${command}`, null);
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
