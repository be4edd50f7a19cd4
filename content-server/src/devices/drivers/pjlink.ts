import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ascii, DriverError, parseArgs } from '../driver.js';
import type { DeviceCodec, DeviceEvent, DeviceState, Driver, DriverContext, EncodedFrame } from '../driver.js';
import { isPrintable, latin1Bytes, LineSplitter, splitNoise } from './text-lines.js';

/**
 * PJLink class 1 (JBMIA), TCP 4352: `%1BODY param\r`, replies `%1BODY=value\r`.
 *
 * Authentication: the projector greets with `PJLINK 0\r` (none) or `PJLINK 1 <random>\r`. After
 * the second, the next command encoded carries lowercase hex MD5(random + password) in front of
 * it, once per connection, as the spec and the reference controllers do. `PJLINK ERRA\r` (wrong
 * password) gives a `greeting` with `authFailed` and a `nak` `ERRA`, so the command in flight
 * fails at once instead of timing out and being retried with a digest that cannot work.
 *
 * Replies are matched to the command last encoded by their 4-letter body: a reply whose body
 * differs (a late answer to a timed-out command) is `unsolicited`, so it never completes the
 * wrong command. A set command's `OK` carries the state it implies for input and mute; power
 * does not, as the projector then passes through warming or cooling: query `status` for that.
 *
 * Inputs: `source` is a PJLink code, class 1 form (`11`-`59`: 1 RGB, 2 video, 3 digital,
 * 4 storage, 5 network, then the terminal number) or an alias: hdmi1 31, hdmi2 32, hdmi3 33,
 * vga 11, rgb1 11, rgb2 12, video 21, network 51. DisplayPort has no alias: makers put it on
 * different digital numbers (query INST on the device), so give the code or add an alias in
 * the profile: `options.inputs: { dp: '33' }`.
 */

const MAX_PACKET = 136; // bytes, terminator included (PJLink class 1 spec)
const CR = 0x0d;

const DEFAULT_INPUTS: Readonly<Record<string, string>> = {
  hdmi1: '31',
  hdmi2: '32',
  hdmi3: '33',
  vga: '11',
  rgb1: '11',
  rgb2: '12',
  video: '21',
  network: '51',
};
const INPUT_CODE = /^[1-5][1-9]$/;

const ERRORS: Readonly<Record<string, string>> = {
  ERR1: 'undefined command',
  ERR2: 'out of parameter',
  ERR3: 'unavailable time (e.g. the projector is in standby or warming up)',
  ERR4: 'projector/display failure',
};

const POWER = { '0': 'off', '1': 'on', '2': 'cooling', '3': 'warming' } as const;
const INFO_BODIES = { name: 'NAME', manufacturer: 'INF1', model: 'INF2', other: 'INFO', class: 'CLSS' } as const;
const INFO_KEYS: Readonly<Record<string, string>> = { NAME: 'name', INF1: 'manufacturer', INF2: 'model', INFO: 'other', CLSS: 'class' };
const ERST_PARTS = ['fan', 'lamp', 'temperature', 'cover', 'filter', 'other'] as const;
const ERST_LEVELS: Readonly<Record<string, string>> = { '0': 'ok', '1': 'warning', '2': 'error' };
const MUTE_TARGET = { video: '1', audio: '2', all: '3' } as const;

const PowerArgs = z.strictObject({ on: z.boolean() });
const InputArgs = z.strictObject({ source: z.string().min(1) });
const MuteArgs = z.strictObject({ on: z.boolean(), target: z.enum(['all', 'video', 'audio']).default('all') });
const NoArgs = z.strictObject({});
const InfoArgs = z.strictObject({ field: z.enum(['name', 'manufacturer', 'model', 'other', 'class']).default('name') });
const OptionsSchema = z.object({
  inputs: z.record(z.string().min(1), z.string().regex(INPUT_CODE, 'expected a PJLink class 1 input code, 11 to 59')).optional(),
});

const md5hex = (s: string): string => createHash('md5').update(s, 'utf8').digest('hex');

/** What a reply's value says about the device, by body. */
function stateOf(body: string, value: string): DeviceState | undefined {
  switch (body) {
    case 'POWR': {
      const power = POWER[value as keyof typeof POWER];
      return power ? { power } : undefined;
    }
    case 'INPT':
      return { input: value };
    case 'AVMT':
      return muteState(value);
    case 'LAMP': {
      // Pairs of "hours on/off" per lamp: `12345 1 678 0`.
      const parts = value.trim().split(/\s+/);
      const info: Record<string, number | boolean> = {};
      for (let i = 0; i + 1 < parts.length; i += 2) {
        const n = i / 2 + 1;
        info[`lamp${n}Hours`] = Number(parts[i]);
        info[`lamp${n}On`] = parts[i + 1] === '1';
      }
      return Object.keys(info).length > 0 ? { info } : undefined;
    }
    case 'ERST': {
      if (!/^[0-2]{6}$/.test(value)) return undefined;
      const info: Record<string, string> = {};
      ERST_PARTS.forEach((part, i) => (info[`error.${part}`] = ERST_LEVELS[value.charAt(i)] ?? 'unknown'));
      return { info };
    }
    case 'INST':
      return { info: { inputs: value.trim() } };
    default: {
      const key = INFO_KEYS[body] ?? body.toLowerCase();
      return { info: { [key]: value } };
    }
  }
}

/** AVMT values: tens digit = what (1 video, 2 audio, 3 both), units = 1 on / 0 off. */
function muteState(value: string): DeviceState | undefined {
  const m = /^([123])([01])$/.exec(value);
  if (!m) return undefined;
  const on = m[2] === '1';
  const info: Record<string, boolean> = {};
  if (m[1] !== '2') info['videoMute'] = on;
  if (m[1] !== '1') info['audioMute'] = on;
  return { mute: on, info };
}

export const pjlinkDriver: Driver = {
  name: 'pjlink',
  transports: ['tcp'],
  oneInFlight: true,
  waitsForGreeting: true,
  commands: {
    power: { args: PowerArgs, label: { vi: 'Bật/tắt nguồn', en: 'Power on/off' } },
    input: { args: InputArgs, label: { vi: 'Chọn nguồn vào', en: 'Select input' } },
    mute: { args: MuteArgs, label: { vi: 'Tắt hình/tiếng (AV mute)', en: 'AV mute' } },
    status: { args: NoArgs, label: { vi: 'Trạng thái nguồn', en: 'Power status' } },
    info: { args: InfoArgs, label: { vi: 'Thông tin thiết bị', en: 'Device information' } },
    lamp: { args: NoArgs, label: { vi: 'Giờ đèn', en: 'Lamp hours' } },
    errors: { args: NoArgs, label: { vi: 'Trạng thái lỗi', en: 'Error status' } },
  },
  createCodec(ctx?: DriverContext): DeviceCodec {
    const opts = parseArgs('pjlink options', OptionsSchema, ctx?.options ?? {});
    const aliases: Record<string, string> = { ...DEFAULT_INPUTS };
    for (const [k, v] of Object.entries(opts.inputs ?? {})) aliases[k.toLowerCase()] = v;
    const lines = new LineSplitter({ terminators: [CR], skip: [0x00, 0x0a], maxLength: MAX_PACKET - 1 });
    /** The random number of an auth greeting, until the command that answers it is encoded. */
    let nonce: string | null = null;
    /** Body of the command last encoded, until its reply comes. */
    let pending: string | null = null;
    /** The state an accepted set command implies (input and mute only, see above). */
    let lastSetState: DeviceState | undefined;

    const frame = (body: string, param: string, summary: string, implied?: DeviceState): EncodedFrame => {
      let prefix = '';
      let note = '';
      if (nonce !== null) {
        const password = ctx?.password;
        if (!password) throw new DriverError('pjlink: the projector asks for a password (PJLINK 1) and none is configured', 'password');
        prefix = md5hex(nonce + password);
        note = ' (authenticated)';
        nonce = null;
      }
      pending = body;
      lastSetState = implied;
      const line = `%1${body} ${param}\r`;
      // The digest is a function of the password: logs and the audit trail show it masked.
      const frame: EncodedFrame = { bytes: ascii(`${prefix}${line}`), expectReply: true, summary: summary + note };
      if (prefix) frame.logBytes = ascii(`${'*'.repeat(prefix.length)}${line}`);
      return frame;
    };

    const decode = (line: string, raw: Uint8Array): DeviceEvent[] => {
      const found = splitNoise(line, /%\d[A-Za-z0-9]{4}=|PJLINK /);
      if (!found || !isPrintable(found.rest)) return [{ type: 'garbage', reason: 'not a PJLink reply', raw }];
      const events: DeviceEvent[] = [];
      if (found.noise) events.push({ type: 'garbage', reason: 'noise before a PJLink reply', raw: latin1Bytes(found.noise) });
      const frameRaw = found.noise ? latin1Bytes(`${found.rest}\r`) : raw;
      const rest = found.rest;
      if (rest.startsWith('PJLINK ')) {
        const g = /^PJLINK (?:(0)|1 ([!-~]{1,32})|(ERRA))\s*$/i.exec(rest);
        if (!g) events.push({ type: 'garbage', reason: `malformed PJLink greeting: ${rest}`, raw: frameRaw });
        else if (g[3]) {
          events.push({ type: 'greeting', authFailed: true, raw: frameRaw });
          events.push({ type: 'nak', code: 'ERRA', message: 'authentication failed: the projector refused the password', raw: frameRaw });
          pending = null;
        } else {
          nonce = g[2] ?? null;
          events.push({ type: 'greeting', authRequired: nonce !== null, raw: frameRaw });
        }
        return events;
      }
      const body = rest.slice(2, 6).toUpperCase();
      const value = rest.slice(7);
      if (body !== pending) {
        const state = /^ERR[1-4A]$/i.test(value) || value.toUpperCase() === 'OK' ? undefined : stateOf(body, value);
        events.push(state ? { type: 'unsolicited', state, raw: frameRaw } : { type: 'unsolicited', raw: frameRaw });
        return events;
      }
      pending = null;
      const err = ERRORS[value.toUpperCase()];
      if (err) events.push({ type: 'nak', code: value.toUpperCase(), message: err, raw: frameRaw });
      else if (value.toUpperCase() === 'OK') {
        const state = lastSetState;
        events.push(state ? { type: 'ack', state, raw: frameRaw } : { type: 'ack', raw: frameRaw });
      } else {
        const state = stateOf(body, value);
        events.push(state ? { type: 'ack', state, raw: frameRaw } : { type: 'ack', raw: frameRaw });
      }
      return events;
    };

    return {
      encode(command, args) {
        switch (command) {
          case 'power': {
            const a = parseArgs(command, PowerArgs, args);
            return frame('POWR', a.on ? '1' : '0', `power ${a.on ? 'on' : 'off'}`);
          }
          case 'input': {
            const a = parseArgs(command, InputArgs, args);
            const wanted = a.source.trim().toLowerCase();
            const code = aliases[wanted] ?? (INPUT_CODE.test(wanted) ? wanted : null);
            if (!code) {
              const names = Object.keys(aliases).join(', ');
              throw new DriverError(`input: source: expected a PJLink input code (11-59) or one of ${names}; got ${a.source}`, 'source');
            }
            return frame('INPT', code, `input ${code}${code === wanted ? '' : ` (${wanted})`}`, { input: code });
          }
          case 'mute': {
            const a = parseArgs(command, MuteArgs, args);
            const value = `${MUTE_TARGET[a.target]}${a.on ? '1' : '0'}`;
            return frame('AVMT', value, `${a.target === 'all' ? 'AV' : a.target} mute ${a.on ? 'on' : 'off'}`, muteState(value));
          }
          case 'status':
            parseArgs(command, NoArgs, args);
            return frame('POWR', '?', 'power status?');
          case 'info': {
            const a = parseArgs(command, InfoArgs, args);
            return frame(INFO_BODIES[a.field], '?', `${a.field}?`);
          }
          case 'lamp':
            parseArgs(command, NoArgs, args);
            return frame('LAMP', '?', 'lamp hours?');
          case 'errors':
            parseArgs(command, NoArgs, args);
            return frame('ERST', '?', 'error status?');
          default:
            throw new DriverError(`pjlink: unknown command ${command}`, null);
        }
      },
      feed(chunk) {
        return lines.push(chunk).flatMap((p): DeviceEvent[] => {
          if (p.kind === 'overflow') return [{ type: 'garbage', reason: `line longer than the ${MAX_PACKET}-byte PJLink packet`, raw: p.raw }];
          if (p.line.length === 0) return []; // CR LF from devices that add LF
          return decode(p.line, p.raw);
        });
      },
      reset() {
        lines.reset();
      },
    };
  },
};
