import { concatBytes, text } from '../driver.js';
import type { DeviceEmulator } from './emulator.js';

const SOH = 0x01;
const STX = 0x02;
const ETX = 0x03;
const CR = 0x0d;
const ZERO = 0x30; // '0': the reserved byte, and the controller's address
const BROADCAST = 0x2a; // '*'
/** Result codes: 00 done, 01 unsupported (by this monitor, or in its current state). */
const OK = '00';
const UNSUPPORTED = '01';
/** The NULL message: the monitor has no answer now (busy powering up or switching input). */
const NULL_MESSAGE = 'BE';

/** Power modes as the power status read reports them. */
export const NEC_POWER = { on: 1, standby: 2, suspend: 3, off: 4 } as const;

/** A set/get parameter: its OP code page + code, maximum, and the values it accepts. */
interface Param {
  name: 'input' | 'volume' | 'mute' | 'brightness';
  max: number;
  accepts(v: number): boolean;
}
/** Input codes: VGA, DVI, DisplayPort 1/2, HDMI 1/2, HDMI 3/4 (as the driver reads them). */
const INPUTS = new Set([0x01, 0x03, 0x0f, 0x10, 0x11, 0x12, 0x82, 0x83]);
const PARAMS: Readonly<Record<string, Param>> = {
  '0060': { name: 'input', max: 0x88, accepts: (v) => INPUTS.has(v) },
  '0062': { name: 'volume', max: 100, accepts: (v) => v <= 100 },
  '008D': { name: 'mute', max: 2, accepts: (v) => v <= 2 },
  '0010': { name: 'brightness', max: 100, accepts: (v) => v <= 100 },
};

export interface NecMonitorState {
  /** 1 on, 2 standby, 3 suspend, 4 off (the `C203D6` power control sets 1 or 4). */
  power: number;
  /** OP 0060, e.g. 0x11 HDMI1. */
  input: number;
  /** OP 0062, 0-100. */
  volume: number;
  /** OP 008D: 1 muted; 0 or 2 unmuted (NEC's examples unmute with 2). */
  mute: number;
  /** OP 0010, 0-100. */
  brightness: number;
  /** Times `0C` (save current settings) was obeyed. */
  saves: number;
}

/**
 * An NEC large-format display on RS-232 or TCP 7142: `SOH '0' dest '0' type len STX msg ETX
 * BCC CR` in, `SOH '0' '0' id type+1 len STX reply ETX BCC CR` out, BCC the XOR from after SOH
 * through ETX. It answers its own monitor ID (0x40 + n: `A` is monitor 1), obeys `*` without
 * answering, and ignores packets with a bad BCC or for another monitor (the controller times
 * out). Commands (type A): power control `C203D6`, power status read `01D6`, save `0C`; get
 * (C) and set (E) parameter for input, volume, mute and brightness. A parameter it does not
 * have, or a value it does not accept, gets result 01 (unsupported). An unknown command, and
 * every packet while `busy` is set (as when powering up), gets the NULL message `BE`.
 */
export class NecEmulator implements DeviceEmulator {
  readonly state: NecMonitorState = { power: NEC_POWER.off, input: 0x11, volume: 30, mute: 2, brightness: 70, saves: 0 };
  /** Messages (the text between STX and ETX) it obeyed or answered, for tests and the demo's device view. */
  readonly received: string[] = [];
  /** While true, every packet addressed to it is answered with the NULL message and not obeyed. */
  busy = false;
  private buf: Uint8Array = new Uint8Array(0);
  private readonly address: number;

  constructor(readonly id = 1) {
    if (!Number.isInteger(id) || id < 1 || id > 100) throw new RangeError(`NEC monitor ID must be 1-100; got ${id}`);
    this.address = 0x40 + id;
  }

  receive(chunk: Uint8Array): Uint8Array[] {
    this.buf = concatBytes(this.buf, chunk);
    const replies: Uint8Array[] = [];
    for (;;) {
      const start = this.buf.indexOf(SOH);
      if (start < 0) {
        this.buf = new Uint8Array(0);
        break;
      }
      const b = this.buf.subarray(start);
      if (b.length < 7) {
        this.buf = this.buf.slice(start);
        break;
      }
      const len = parseInt(text(b.subarray(5, 7)), 16);
      const size = 7 + len + 2;
      const framed = Number.isInteger(len) && len >= 2 && b[1] === ZERO && b[3] === ZERO;
      if (framed && b.length < size) {
        this.buf = this.buf.slice(start);
        break;
      }
      if (!framed || b[7] !== STX || b[6 + len] !== ETX || b[size - 1] !== CR || bcc(b.subarray(1, 7 + len)) !== b[7 + len]) {
        this.buf = this.buf.slice(start + 1); // not a good packet: resync on the next SOH
        continue;
      }
      this.buf = this.buf.slice(start + size);
      const dest = b[2]!;
      if (dest !== this.address && dest !== BROADCAST) continue;
      const type = String.fromCharCode(b[4]!);
      const msg = text(b.subarray(8, 6 + len)).toUpperCase();
      this.received.push(msg);
      const reply = this.busy ? this.packet('B', NULL_MESSAGE) : this.apply(type, msg);
      if (dest !== BROADCAST) replies.push(reply);
    }
    return replies;
  }

  private apply(type: string, msg: string): Uint8Array {
    const s = this.state;
    if (type === 'A') {
      const power = /^C203D6(000[14])$/.exec(msg);
      if (power) {
        s.power = power[1] === '0001' ? NEC_POWER.on : NEC_POWER.off;
        return this.packet('B', `${OK}C203D6${power[1]}`);
      }
      if (msg === '01D6') return this.packet('B', `02${OK}D600${hex(4, 4)}${hex(s.power, 4)}`);
      if (msg === '0C') {
        s.saves++;
        return this.packet('B', `${OK}0C`);
      }
      return this.packet('B', NULL_MESSAGE);
    }
    const m = type === 'C' ? /^([0-9A-F]{4})$/.exec(msg) : type === 'E' ? /^([0-9A-F]{4})([0-9A-F]{4})$/.exec(msg) : null;
    if (!m) return this.packet('B', NULL_MESSAGE);
    const op = m[1]!;
    const replyType = type === 'C' ? 'D' : 'F';
    const param = PARAMS[op];
    const value = m[2] === undefined ? undefined : parseInt(m[2], 16);
    if (!param || (value !== undefined && !param.accepts(value))) return this.packet(replyType, `${UNSUPPORTED}${op}`);
    if (value !== undefined) s[param.name] = value;
    return this.packet(replyType, `${OK}${op}00${hex(param.max, 4)}${hex(s[param.name], 4)}`);
  }

  /** A reply packet from this monitor to the controller. */
  private packet(type: string, message: string): Uint8Array {
    const len = hex(message.length + 2, 2);
    const body = Uint8Array.from([ZERO, ZERO, this.address, type.charCodeAt(0), ...codes(len), STX, ...codes(message), ETX]);
    return Uint8Array.from([SOH, ...body, bcc(body), CR]);
  }
}

const hex = (n: number, digits: number): string => n.toString(16).toUpperCase().padStart(digits, '0');
const codes = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

function bcc(bytes: Uint8Array): number {
  let x = 0;
  for (const b of bytes) x ^= b;
  return x;
}
