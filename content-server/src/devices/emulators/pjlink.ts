import { createHash, randomBytes } from 'node:crypto';
import { ascii, concatBytes, text } from '../driver.js';
import type { DeviceEmulator } from './emulator.js';

const INPUTS = new Set(['11', '12', '21', '31', '32', '33', '51']);

export interface ProjectorState {
  power: 0 | 1 | 2 | 3;
  input: string;
  /** AVMT: 30 off, 31 video mute, 21 audio mute, 11 both. */
  mute: string;
  lampHours: number;
}

/**
 * A PJLink class 1 projector (one per connection, as real ones serve one client at a time):
 * greets with `PJLINK 0` or `PJLINK 1 <random>`, checks the MD5 digest on the first command when
 * a password is set (`PJLINK ERRA` and hang-up when wrong), answers `%1BODY=...`, and refuses
 * what the standard says it refuses (ERR1 unknown command, ERR2 bad parameter, ERR3 unavailable
 * while cooling or warming).
 */
export class PjlinkEmulator implements DeviceEmulator {
  readonly state: ProjectorState = { power: 0, input: '31', mute: '30', lampHours: 1200 };
  readonly received: string[] = [];
  private buf: Uint8Array = new Uint8Array(0);
  private random: string | null = null;
  private authed = false;
  /** Set when the emulator wants the connection closed (wrong password). */
  closeRequested = false;

  constructor(
    private readonly password: string | null = null,
    private readonly nextRandom: () => string = () => randomBytes(4).toString('hex'),
  ) {}

  greeting(): Uint8Array {
    this.authed = this.password === null;
    this.closeRequested = false;
    this.buf = new Uint8Array(0);
    if (this.password === null) return ascii('PJLINK 0\r');
    this.random = this.nextRandom();
    return ascii(`PJLINK 1 ${this.random}\r`);
  }

  receive(chunk: Uint8Array): Uint8Array[] {
    this.buf = concatBytes(this.buf, chunk);
    const replies: Uint8Array[] = [];
    for (let cr = this.buf.indexOf(0x0d); cr >= 0 && !this.closeRequested; cr = this.buf.indexOf(0x0d)) {
      let line = text(this.buf.subarray(0, cr));
      this.buf = this.buf.slice(cr + 1);
      this.received.push(line);
      if (!this.authed) {
        const digest = createHash('md5').update(`${this.random}${this.password}`).digest('hex');
        if (!line.startsWith(digest)) {
          this.closeRequested = true;
          replies.push(ascii('PJLINK ERRA\r'));
          break;
        }
        line = line.slice(32);
        this.authed = true;
      }
      replies.push(ascii(`${this.answer(line)}\r`));
    }
    return replies;
  }

  private answer(line: string): string {
    const m = /^%1([A-Z0-9]{4}) (.*)$/.exec(line);
    if (!m) return '%1ERR1';
    const [, body, param] = m as unknown as [string, string, string];
    const s = this.state;
    const reply = (value: string) => `%1${body}=${value}`;
    const busy = s.power === 2 || s.power === 3;
    switch (body) {
      case 'POWR':
        if (param === '?') return reply(String(s.power));
        if (param !== '0' && param !== '1') return reply('ERR2');
        s.power = param === '1' ? 1 : 0;
        return reply('OK');
      case 'INPT':
        if (param === '?') return reply(s.power === 1 ? s.input : 'ERR3');
        if (!INPUTS.has(param)) return reply('ERR2');
        if (s.power !== 1 || busy) return reply('ERR3');
        s.input = param;
        return reply('OK');
      case 'AVMT':
        if (param === '?') return reply(s.mute);
        if (!['10', '11', '20', '21', '30', '31'].includes(param)) return reply('ERR2');
        s.mute = param;
        return reply('OK');
      case 'LAMP':
        return param === '?' ? reply(`${s.lampHours} ${s.power === 1 ? 1 : 0}`) : reply('ERR2');
      case 'ERST':
        return param === '?' ? reply('000000') : reply('ERR2');
      case 'NAME':
        return param === '?' ? reply('Phong hop A') : reply('ERR2');
      case 'CLSS':
        return param === '?' ? reply('1') : reply('ERR2');
      default:
        return reply('ERR1');
    }
  }
}
