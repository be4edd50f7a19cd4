import { ascii, concatBytes } from '../driver.js';
import type { DeviceEmulator } from './emulator.js';

/** What a rule's reply may use and change: the device's own variables. */
export type TemplateDeviceState = Record<string, string | number | boolean>;

/**
 * One line the device understands. `reply` is sent with `eol` after it; as a string, `$1` and
 * `$<name>` stand for the match's groups. A function may read and change `state`, and may
 * return null to stay silent.
 */
export interface TemplateRule {
  match: RegExp;
  reply: string | ((m: RegExpExecArray, state: TemplateDeviceState) => string | null);
}

export interface TemplateEmulatorOptions {
  /** Tried in order; the first that matches a line answers it. Default: `SCREEN_RULES`. */
  rules?: readonly TemplateRule[];
  /** Said to a line no rule matches; null: say nothing. Default `ERR 1`. */
  unknown?: string | null;
  /** Sent after every reply. Default CR LF. */
  eol?: string;
  /** The device's variables at power-up. */
  state?: TemplateDeviceState;
}

const MAX_LINE = 1024;

/**
 * A generic ASCII line device for profiles that use the template driver: a line ends at CR or
 * LF (blank lines are skipped), bytes outside printable ASCII are line noise and dropped, and
 * the first rule whose regex matches the line answers it. A line no rule knows gets `unknown`
 * (`ERR 1`); errors a rule finds (a value out of range) are the rule's own reply. With no rules
 * given it is the projection-screen controller of `SCREEN_RULES`.
 */
export class TemplateEmulator implements DeviceEmulator {
  readonly state: TemplateDeviceState;
  /** Lines it read (noise dropped), for tests and the demo's device view. */
  readonly received: string[] = [];
  private readonly rules: readonly TemplateRule[];
  private readonly unknown: string | null;
  private readonly eol: string;
  private buf: Uint8Array = new Uint8Array(0);

  constructor(options: TemplateEmulatorOptions = {}) {
    this.rules = options.rules ?? SCREEN_RULES;
    this.unknown = options.unknown === undefined ? 'ERR 1' : options.unknown;
    this.eol = options.eol ?? '\r\n';
    this.state = { ...(options.state ?? (options.rules ? {} : SCREEN_STATE)) };
  }

  receive(chunk: Uint8Array): Uint8Array[] {
    this.buf = concatBytes(this.buf, chunk);
    const replies: Uint8Array[] = [];
    let start = 0;
    for (let i = 0; i < this.buf.length; i++) {
      if (this.buf[i] !== 0x0d && this.buf[i] !== 0x0a) continue;
      const line = String.fromCharCode(...this.buf.subarray(start, i).filter((b) => b >= 0x20 && b <= 0x7e));
      start = i + 1;
      if (line === '') continue;
      this.received.push(line);
      const reply = this.answer(line);
      if (reply !== null) replies.push(ascii(`${reply}${this.eol}`));
    }
    this.buf = this.buf.slice(start);
    if (this.buf.length > MAX_LINE) this.buf = new Uint8Array(0);
    return replies;
  }

  private answer(line: string): string | null {
    for (const rule of this.rules) {
      rule.match.lastIndex = 0; // a /g or /y regex keeps where it stopped
      const m = rule.match.exec(line);
      if (!m) continue;
      if (typeof rule.reply === 'function') return rule.reply(m, this.state);
      return rule.reply.replace(/\$(\d+|<([A-Za-z_]\w*)>)/g, (_all, n: string, name: string | undefined) =>
        (name !== undefined ? m.groups?.[name] : m[Number(n)]) ?? '',
      );
    }
    return this.unknown;
  }
}

/** Sets one variable and answers `OK`. */
function set(state: TemplateDeviceState, key: string, value: string): string {
  state[key] = value;
  return 'OK';
}

const SCREEN_STATE: TemplateDeviceState = { position: 'UP', volume: 20, input: 'HDMI1' };

/**
 * A motorised projection screen with an amplifier, as a serial ASCII device: `SCR UP|DOWN` →
 * `OK`, `SCR?` → `SCR=UP|DOWN`, `VOL nnn` → `VOL=n` (`ERR 2` above 100), `IN {HDMI1|HDMI2}`
 * → `OK` (`ERR 2` for another input), `LBL text` → `OK`; anything else `ERR 1`.
 */
export const SCREEN_RULES: readonly TemplateRule[] = [
  { match: /^SCR (UP|DOWN)$/, reply: (m, s) => set(s, 'position', m[1]!) },
  { match: /^SCR\?$/, reply: (_m, s) => `SCR=${String(s['position'])}` },
  {
    match: /^VOL (\d{1,3})$/,
    reply: (m, s) => {
      const level = Number(m[1]);
      if (level > 100) return 'ERR 2';
      s['volume'] = level;
      return `VOL=${level}`;
    },
  },
  { match: /^IN \{(HDMI[12])\}$/, reply: (m, s) => set(s, 'input', m[1]!) },
  { match: /^IN /, reply: 'ERR 2' },
  { match: /^LBL (?<label>.*?) *$/, reply: (m, s) => set(s, 'label', m.groups?.['label'] ?? '') },
];

/**
 * The template driver's `options.commands` for the screen of `SCREEN_RULES`, for profiles and
 * tests. The volume and input arguments allow more than the screen does, so that its own
 * `ERR 2` can be seen.
 */
export const SCREEN_COMMANDS = {
  'screen.up': { format: 'ascii', template: 'SCR UP\\r', reply: { ok: '^OK$', error: '^ERR(?: (?<code>\\d+))?$' } },
  'screen.down': { format: 'ascii', template: 'SCR DOWN\\r', reply: { ok: '^OK$', error: '^ERR(?: (?<code>\\d+))?$' } },
  'screen.status': { format: 'ascii', template: 'SCR?\\r', reply: { ok: '^SCR=(?<position>UP|DOWN)$', error: '^ERR(?: (?<code>\\d+))?$' } },
  'screen.volume': {
    format: 'ascii',
    template: 'VOL {level:03}\\r',
    reply: { ok: '^VOL=(?<volume>\\d+)$', error: '^ERR(?: (?<code>\\d+))?$' },
    args: { level: { type: 'int', min: 0, max: 999 } },
  },
  'screen.input': {
    format: 'ascii',
    template: 'IN \\{{src}\\}\\r',
    reply: { ok: '^OK$', error: '^ERR(?: (?<code>\\d+))?$' },
    args: { src: { type: 'enum', values: ['HDMI1', 'HDMI2', 'DVI'] } },
  },
  'screen.label': {
    format: 'ascii',
    template: 'LBL {text}\\r',
    reply: { ok: '^OK$', error: '^ERR(?: (?<code>\\d+))?$' },
    args: { text: { type: 'string', pad: 12 } },
  },
} as const;
