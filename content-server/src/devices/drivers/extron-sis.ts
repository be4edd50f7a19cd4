import { z } from 'zod';
import { ascii, DriverError, parseArgs } from '../driver.js';
import type { DeviceCodec, DeviceEvent, DeviceState, Driver, DriverContext, EncodedFrame } from '../driver.js';
import { isPrintable, latin1Bytes, LineSplitter, splitNoise } from './text-lines.js';

/**
 * Extron SIS (Simple Instruction Set) for matrix switchers, over RS-232 or telnet (port 23).
 * Commands carry no terminator (`1*3!`); replies end in CR LF. Numbers are parsed, never
 * matched as strings: `Out03 In01 All` (CrossPoint) and `Out3 In1 All` (DXP) are the same.
 *
 * Reply or front-panel change? A tie made on the front panel prints the same `Out.. In.. All`
 * line as the answer to a tie command, so the codec remembers what it encoded last and only a
 * line that answers exactly that (same output and input and a matching kind; same preset; a
 * number after a read) is an `ack`; everything else is `unsolicited`, with the state it reports.
 * `E..` errors are always a `nak`: a switcher only sends them in answer to a command.
 *
 * State: `routes` holds video ties (All, Vid, RGB); audio follows in `info.audioOut<n>` (an
 * All tie sets both). Input 0 means untied. `In5 All` (input 5 to every output) names no
 * outputs: it fills `routes` only when the profile gives `options.outputs` (the output count).
 *
 * Not handled: a telnet password prompt (`Password:` without CR LF); configure the switcher's
 * telnet port without a password, or put the password login in the transport.
 */

const CR = 0x0d;
const LF = 0x0a;
const MAX_LINE = 512;
const SYMBOL = { all: '!', video: '%', audio: '$', rgb: '&' } as const;
const KIND_OF_WORD: Readonly<Record<string, Kind>> = { ALL: 'all', VID: 'video', AUD: 'audio', RGB: 'rgb' };
type Kind = keyof typeof SYMBOL;

/** Error codes as Extron's CrossPoint, DXP and IN18xx guides list them. */
const ERRORS: Readonly<Record<string, string>> = {
  E01: 'invalid input number',
  E06: 'invalid input change',
  E10: 'invalid command',
  E11: 'invalid preset number',
  E12: 'invalid output or port number',
  E13: 'invalid value (out of range)',
  E14: 'not valid for this configuration',
  E17: 'invalid command for signal type, or system timed out',
  E21: 'invalid room number',
  E22: 'busy',
  E24: 'privilege violation',
  E25: 'device not present',
  E26: 'maximum number of connections exceeded',
  E27: 'invalid event number',
  E28: 'bad filename or file not found',
  E30: 'hardware failure',
  E31: 'attempt to break port pass-through when it has not been set',
  E33: 'bad file type',
};

const Port = z.number().int().max(9999);
const KindArg = z.enum(['all', 'video', 'audio', 'rgb']).default('all');
const RouteArgs = z.strictObject({
  input: Port.min(0),
  output: z.union([Port.min(1), z.literal('all')]),
  kind: KindArg,
});
const PresetArgs = z.strictObject({ preset: z.number().int().min(1).max(999) });
const StatusArgs = z.strictObject({ output: Port.min(1), kind: KindArg });
const OptionsSchema = z.object({ outputs: z.number().int().min(1).max(9999).optional() });

type Pending =
  | { type: 'tie'; input: number; output: number; kind: Kind }
  | { type: 'tieAll'; input: number; kind: Kind }
  | { type: 'recall' | 'save'; preset: number }
  | { type: 'read'; output: number; kind: Kind };

/**
 * RGB and video ties are interchangeable on Extron matrices, and a video-only model may answer
 * a `!` tie with `Vid`: any two non-audio kinds answer each other; audio only answers audio.
 */
const sameKind = (a: Kind, b: Kind): boolean => (a === 'audio') === (b === 'audio');

function tieState(outputs: number[], input: number, kind: Kind): DeviceState {
  const state: DeviceState = {};
  if (kind !== 'audio') state.routes = Object.fromEntries(outputs.map((o) => [o, input]));
  if (kind === 'all' || kind === 'audio') state.info = Object.fromEntries(outputs.map((o) => [`audioOut${o}`, input]));
  return state;
}

/** A reply at the end of a line, not glued to a word before it. */
const REPLY_AT_END = /(?<![A-Za-z0-9])(?:E\d\d|Out\s*\d+\s*In\s*\d+\s*(?:All|Vid|Aud|RGB)|(?<!\d\s*)(?:Out\s*Multi\s*)?In\s*\d+\s*(?:All|Vid|Aud|RGB)|[RS]pr\s*\d+)$/i;

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

export const extronSisDriver: Driver = {
  name: 'extron-sis',
  transports: ['serial', 'tcp'],
  oneInFlight: true,
  commands: {
    route: { args: RouteArgs, label: { vi: 'Chuyển mạch đầu vào sang đầu ra', en: 'Tie input to output' } },
    'preset.recall': { args: PresetArgs, label: { vi: 'Gọi cấu hình lưu sẵn', en: 'Recall preset' } },
    'preset.save': { args: PresetArgs, label: { vi: 'Lưu cấu hình', en: 'Save preset' } },
    status: { args: StatusArgs, label: { vi: 'Đầu vào đang nối tới đầu ra', en: 'Input tied to an output' } },
  },
  createCodec(ctx?: DriverContext): DeviceCodec {
    const opts = parseArgs('extron-sis options', OptionsSchema, ctx?.options ?? {});
    // Either byte ends a line: CR LF is the rule, but a lone CR or LF must not stall the parser.
    const lines = new LineSplitter({ terminators: [CR, LF], skip: [0x00], maxLength: MAX_LINE });
    let pending: Pending | null = null;

    const frame = (command: string, p: Pending, summary: string): EncodedFrame => {
      pending = p;
      return { bytes: ascii(command), expectReply: true, summary };
    };

    /** Classifies one line; `answers` says whether it answers the pending command. */
    const classify = (line: string): { answers: boolean; state?: DeviceState } | { nak: string } | null => {
      const p = pending;
      let m = /^E(\d\d)$/.exec(line);
      if (m) return { nak: `E${m[1]}` };
      m = /^Out\s*(\d+)\s*In\s*(\d+)\s*(All|Vid|Aud|RGB)$/i.exec(line);
      if (m) {
        const [output, input, kind] = [Number(m[1]), Number(m[2]), KIND_OF_WORD[m[3]!.toUpperCase()]!];
        const answers = p?.type === 'tie' && p.output === output && p.input === input && sameKind(p.kind, kind);
        return { answers, state: tieState([output], input, kind) };
      }
      m = /^(?:Out\s*Multi\s*)?In\s*(\d+)\s*(All|Vid|Aud|RGB)$/i.exec(line);
      if (m) {
        const [input, kind] = [Number(m[1]), KIND_OF_WORD[m[2]!.toUpperCase()]!];
        const answers = p?.type === 'tieAll' && p.input === input && sameKind(p.kind, kind);
        if (opts.outputs) return { answers, state: tieState(range(opts.outputs), input, kind) };
        return { answers, state: { info: { [kind === 'audio' ? 'audioAllOutputs' : 'allOutputs']: input } } };
      }
      m = /^(Rpr|Spr)\s*(\d+)$/i.exec(line);
      if (m) {
        const type = m[1]!.toLowerCase() === 'rpr' ? 'recall' : 'save';
        const preset = Number(m[2]);
        const answers = p?.type === type && p.preset === preset;
        return { answers, state: { info: { [type === 'recall' ? 'lastPresetRecalled' : 'lastPresetSaved']: preset } } };
      }
      m = /^(\d+)$/.exec(line);
      if (m) {
        if (p?.type !== 'read') return { answers: false };
        // `X!` reads one number for video and audio together; only the video tie is sure.
        return { answers: true, state: tieState([p.output], Number(m[1]), p.kind === 'all' ? 'video' : p.kind) };
      }
      m = /copyright.*extron/i.exec(line);
      if (m) {
        const info: Record<string, string> = { banner: line.trim() };
        const v = /\bV(\d+\.\d+(?:\.\d+)?)/.exec(line);
        if (v) info['firmware'] = v[1]!;
        return { answers: false, state: { info } };
      }
      return null;
    };

    const decode = (line: string, raw: Uint8Array): DeviceEvent[] => {
      let body = line.trim();
      let c = isPrintable(body) ? classify(body) : null;
      const events: DeviceEvent[] = [];
      if (c === null) {
        // Noise before a reply on the same line (line hits, a half-sent banner): skip to the reply.
        const found = splitNoise(body, REPLY_AT_END);
        if (found && found.noise) {
          events.push({ type: 'garbage', reason: 'noise before an SIS reply', raw: latin1Bytes(found.noise) });
          body = found.rest;
          raw = latin1Bytes(`${body}\r\n`);
          c = classify(body);
        }
      }
      if (c === null) return [...events, isPrintable(body) ? { type: 'unsolicited', raw } : { type: 'garbage', reason: 'not an SIS line', raw }];
      if ('nak' in c) {
        pending = null;
        return [...events, { type: 'nak', code: c.nak, message: ERRORS[c.nak] ?? 'error (a code the SIS guides do not list)', raw }];
      }
      if (c.answers) pending = null;
      const type = c.answers ? 'ack' : 'unsolicited';
      return [...events, c.state ? { type, state: c.state, raw } : { type, raw }];
    };

    return {
      encode(command, args) {
        switch (command) {
          case 'route': {
            const a = parseArgs(command, RouteArgs, args);
            const what = a.kind === 'all' ? 'video+audio' : a.kind;
            if (a.output === 'all') {
              return frame(`${a.input}*${SYMBOL[a.kind]}`, { type: 'tieAll', input: a.input, kind: a.kind }, `tie input ${a.input} to all outputs (${what})`);
            }
            const summary = a.input === 0 ? `untie output ${a.output} (${what})` : `tie input ${a.input} to output ${a.output} (${what})`;
            return frame(`${a.input}*${a.output}${SYMBOL[a.kind]}`, { type: 'tie', input: a.input, output: a.output, kind: a.kind }, summary);
          }
          case 'preset.recall': {
            const a = parseArgs(command, PresetArgs, args);
            return frame(`${a.preset}.`, { type: 'recall', preset: a.preset }, `recall preset ${a.preset}`);
          }
          case 'preset.save': {
            const a = parseArgs(command, PresetArgs, args);
            return frame(`${a.preset},`, { type: 'save', preset: a.preset }, `save preset ${a.preset}`);
          }
          case 'status': {
            const a = parseArgs(command, StatusArgs, args);
            return frame(`${a.output}${SYMBOL[a.kind]}`, { type: 'read', output: a.output, kind: a.kind }, `input tied to output ${a.output}?`);
          }
          default:
            throw new DriverError(`extron-sis: unknown command ${command}`, null);
        }
      },
      feed(chunk) {
        return lines.push(chunk).flatMap((p): DeviceEvent[] => {
          if (p.kind === 'overflow') return [{ type: 'garbage', reason: `line longer than ${MAX_LINE} bytes`, raw: p.raw }];
          if (p.line.trim().length === 0) return []; // the LF of CR LF, or blank lines
          return decode(p.line, p.raw);
        });
      },
      reset() {
        lines.reset();
      },
    };
  },
};
