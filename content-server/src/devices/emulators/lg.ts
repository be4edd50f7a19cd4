import { ascii, concatBytes, text } from '../driver.js';
import type { DeviceEmulator } from './emulator.js';

const CR = 0x0d;
/** `[c1][c2] [set id] [data]`, with whatever noise came before it on the line cut off. */
const COMMAND = /([a-z])([a-z]) ([0-9a-f]{2}) ([0-9a-f]{2})$/i;
/** `xb` input codes LG lists (DTV and PC variants of DVI, HDMI1, HDMI2, DisplayPort). */
const INPUTS = new Set(['70', '80', '90', 'a0', '91', 'a1', 'c0', 'd0']);
/** NG data: LG's "illegal code" (a value out of range) and "function not supported". */
const NG_ILLEGAL = '00';
const NG_UNSUPPORTED = '01';
/** `ff` as data reads the current value instead of setting one. */
const READ = 'ff';

export interface LgDisplayState {
  /** `ka`: 0 standby, 1 on. */
  power: number;
  /** `xb`: the input code as LG writes it, e.g. `90` (HDMI1). */
  input: string;
  /** `kf`: 0-100. */
  volume: number;
  /** `ke` is inverted on the wire: data 00 mutes (volume off), 01 unmutes. */
  muted: boolean;
  /** `kh`: 0-100. */
  brightness: number;
}

/**
 * An LG commercial display on an RS-232 chain: `ka 01 01\r` in, `a 01 OK01x` out (the reply
 * ends in a literal `x`, no CR; hex in lower case). It answers its own set ID, and set ID 00
 * (every display obeys and answers with its own ID); commands for other IDs are ignored, as
 * another display on the chain answers them. `ff` reads a value. It refuses a value out of
 * range with `NG00` (illegal code) and a command it does not have with `NG01` (not supported).
 * Unlike some models, it answers every command in standby, not only `ka`.
 */
export class LgEmulator implements DeviceEmulator {
  readonly state: LgDisplayState = { power: 0, input: '90', volume: 20, muted: false, brightness: 60 };
  /** Command lines it took as commands (noise cut off), for tests and the demo's device view. */
  readonly received: string[] = [];
  private buf: Uint8Array = new Uint8Array(0);

  constructor(readonly setId = 1) {
    if (!Number.isInteger(setId) || setId < 1 || setId > 99) throw new RangeError(`LG set ID must be 1-99; got ${setId}`);
  }

  receive(chunk: Uint8Array): Uint8Array[] {
    this.buf = concatBytes(this.buf, chunk);
    const replies: Uint8Array[] = [];
    for (let cr = this.buf.indexOf(CR); cr >= 0; cr = this.buf.indexOf(CR)) {
      const m = COMMAND.exec(text(this.buf.subarray(0, cr)));
      this.buf = this.buf.slice(cr + 1);
      if (!m) continue;
      const [line, c1, c2, id, data] = m as unknown as [string, string, string, string, string];
      this.received.push(line);
      const target = parseInt(id, 16);
      if (target !== 0 && target !== this.setId) continue;
      replies.push(this.apply(`${c1}${c2}`.toLowerCase(), data.toLowerCase()));
    }
    // A line that never ends (no CR) is not kept for ever: only its tail can still become a command.
    if (this.buf.length > 64) this.buf = this.buf.slice(-16);
    return replies;
  }

  private apply(cmd: string, data: string): Uint8Array {
    const s = this.state;
    const c2 = cmd.charAt(1);
    const read = data === READ;
    const v = parseInt(data, 16);
    const ok = (value: number | string) => this.reply(c2, `OK${typeof value === 'number' ? hex(value) : value}`);
    const ng = (code: string) => this.reply(c2, `NG${code}`);
    switch (cmd) {
      case 'ka':
        if (!read) {
          if (v > 1) return ng(NG_ILLEGAL);
          s.power = v;
        }
        return ok(s.power);
      case 'xb':
        if (!read) {
          if (!INPUTS.has(data)) return ng(NG_ILLEGAL);
          s.input = data;
        }
        return ok(s.input);
      case 'kf':
        if (!read) {
          if (v > 100) return ng(NG_ILLEGAL);
          s.volume = v;
        }
        return ok(s.volume);
      case 'ke':
        if (!read) {
          if (v > 1) return ng(NG_ILLEGAL);
          s.muted = v === 0;
        }
        return ok(s.muted ? 0 : 1);
      case 'kh':
        if (!read) {
          if (v > 100) return ng(NG_ILLEGAL);
          s.brightness = v;
        }
        return ok(s.brightness);
      default:
        return ng(NG_UNSUPPORTED);
    }
  }

  private reply(c2: string, body: string): Uint8Array {
    return ascii(`${c2} ${hex(this.setId)} ${body}x`);
  }
}

const hex = (n: number): string => n.toString(16).padStart(2, '0');
