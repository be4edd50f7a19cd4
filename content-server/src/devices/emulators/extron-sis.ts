import { ascii } from '../driver.js';
import type { DeviceEmulator } from './emulator.js';

/** What ends an SIS command; the driver sends no CR. */
const ENDS = new Set(['!', '%', '&', '$', '.', ',']);
const KIND_WORD: Readonly<Record<string, string>> = { '!': 'All', '%': 'Vid', '&': 'RGB', '$': 'Aud' };
/** Characters an SIS command is made of; anything else (line noise, CR LF) is dropped. */
const SIS_CHAR = /^[0-9A-Za-z*!%&$.,]$/;
const MAX_COMMAND = 32;

export interface ExtronSisOptions {
  inputs?: number;
  outputs?: number;
  /** Global presets it can save and recall (1..presets). */
  presets?: number;
  /** Model name in the copyright banner. */
  model?: string;
  /** Send the copyright banner on each new connection, as a telnet session on a real unit does. */
  banner?: boolean;
  /** The clock for the banner's date line. */
  now?: () => Date;
}

export interface MatrixState {
  /** Video tie of each output (index 0 = output 1); 0 = untied. */
  video: number[];
  /** Audio tie of each output; 0 = untied. */
  audio: number[];
  /** Saved presets by number. */
  presets: Map<number, { video: number[]; audio: number[] }>;
}

/**
 * An Extron matrix switcher speaking SIS (RS-232 or telnet): commands carry no terminator and
 * end at their symbol. `X*Y!` ties input X to output Y, audio and video (`%` video, `&` RGB,
 * `$` audio; X 0 unties), answered `OutYY InXX All|Vid|RGB|Aud`; `X*!` ties X to every output
 * (`InXX All`); `Y!` / `Y%` / `Y&` / `Y$` read output Y's tie (the bare input number);
 * `N,` saves preset N (`SprNN`), `N.` recalls it (`RprNN`). Errors, as CrossPoint and DXP
 * units give them: `E01` input out of range, `E12` output out of range, `E11` preset out of
 * range or never saved, `E10` anything else (an unknown letter, a command it cannot read).
 * Numbers are answered with two digits. On connect it greets with the copyright banner and
 * the date, as real units do (the driver reads them as unsolicited).
 */
export class ExtronSisEmulator implements DeviceEmulator {
  readonly inputs: number;
  readonly outputs: number;
  readonly presets: number;
  readonly model: string;
  readonly state: MatrixState;
  /** Commands it read (whole, symbol included), for tests and the demo's device view. */
  readonly received: string[] = [];
  private buf = '';
  private readonly banner: boolean;
  private readonly now: () => Date;

  constructor(options: ExtronSisOptions = {}) {
    this.inputs = count('inputs', options.inputs ?? 8);
    this.outputs = count('outputs', options.outputs ?? 8);
    this.presets = count('presets', options.presets ?? 32);
    this.model = options.model ?? `DXP ${this.inputs}${this.outputs} HDMI`;
    this.banner = options.banner ?? true;
    this.now = options.now ?? (() => new Date());
    // Out n shows In n where the matrix has one, as a switcher fresh from the factory.
    const start = Array.from({ length: this.outputs }, (_, i) => (i < this.inputs ? i + 1 : 0));
    this.state = { video: [...start], audio: [...start], presets: new Map() };
  }

  greeting(): Uint8Array | null {
    this.buf = '';
    if (!this.banner) return null;
    const date = this.now().toUTCString().replace(/ GMT$/, '');
    return ascii(`(c) Copyright 2010, Extron Electronics, ${this.model}, V1.04, 60-1112-01\r\n${date}\r\n`);
  }

  receive(chunk: Uint8Array): Uint8Array[] {
    const replies: Uint8Array[] = [];
    for (const b of chunk) {
      const c = String.fromCharCode(b);
      if (!SIS_CHAR.test(c)) continue;
      this.buf += c;
      // A letter that starts no command this unit knows is refused at once, as SIS does.
      if (/[A-Za-z]/.test(c) || this.buf.length > MAX_COMMAND) {
        this.buf = '';
        replies.push(line('E10'));
        continue;
      }
      if (!ENDS.has(c)) continue;
      const command = this.buf;
      this.buf = '';
      this.received.push(command);
      replies.push(line(this.answer(command)));
    }
    return replies;
  }

  private answer(command: string): string {
    const s = this.state;
    let m = /^(\d+)\*(\d*)([!%&$])$/.exec(command);
    if (m) {
      const input = Number(m[1]);
      const symbol = m[3]!;
      if (input > this.inputs) return 'E01';
      const all = m[2] === '';
      const output = Number(m[2]);
      if (!all && (output < 1 || output > this.outputs)) return 'E12';
      const outs = all ? Array.from({ length: this.outputs }, (_, i) => i) : [output - 1];
      for (const o of outs) {
        if (symbol !== '$') s.video[o] = input;
        if (symbol === '!' || symbol === '$') s.audio[o] = input;
      }
      return all ? `In${pad(input)} ${KIND_WORD[symbol]}` : `Out${pad(output)} In${pad(input)} ${KIND_WORD[symbol]}`;
    }
    m = /^(\d+)([!%&$])$/.exec(command);
    if (m) {
      const output = Number(m[1]);
      if (output < 1 || output > this.outputs) return 'E12';
      const tie = m[2] === '$' ? s.audio[output - 1] : s.video[output - 1];
      return pad(tie ?? 0);
    }
    m = /^(\d+)([.,])$/.exec(command);
    if (m) {
      const n = Number(m[1]);
      if (n < 1 || n > this.presets) return 'E11';
      if (m[2] === ',') {
        s.presets.set(n, { video: [...s.video], audio: [...s.audio] });
        return `Spr${pad(n)}`;
      }
      const saved = s.presets.get(n);
      if (!saved) return 'E11';
      s.video = [...saved.video];
      s.audio = [...saved.audio];
      return `Rpr${pad(n)}`;
    }
    return 'E10';
  }
}

/** Sizes come from profiles (JSON): refuse what no switcher has. */
function count(what: string, n: unknown): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 999) throw new RangeError(`Extron emulator: ${what} must be 1-999; got ${String(n)}`);
  return n;
}

const pad = (n: number): string => String(n).padStart(2, '0');
const line = (s: string): Uint8Array => ascii(`${s}\r\n`);
