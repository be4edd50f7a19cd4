import { z } from 'zod';
import { ascii, DriverError, parseArgs } from '../driver.js';
import type { DeviceCodec, DeviceEvent, DeviceState, Driver, EncodedFrame } from '../driver.js';
import { latin1Bytes, LineSplitter } from './text-lines.js';

/**
 * Blackmagic Videohub Ethernet protocol (TCP 9990): blocks of an upper-case header ending in
 * `:`, lines, and a blank line; `\n` ends each line (a `\r` before it is tolerated). Ports are
 * 0-based on the wire and 1-based everywhere else.
 *
 * On connect the router sends its whole state: `PROTOCOL PREAMBLE:` becomes a `greeting` (then
 * an `unsolicited` with `info.protocolVersion`), every later block an `unsolicited` event with
 * what it says: `VIDEOHUB DEVICE:` fields in `info` (camelCase keys, `model` for the model
 * name), labels as `info.inputLabel<n>` / `outputLabel<n>` / `monitorLabel<n>` /
 * `serialLabel<n>`, locks as `info.outputLock<n>` (`unlocked`, `locked` by another client,
 * `owned` by this one), routes in `routes`. Blocks it does not know are passed on without
 * state, as the protocol asks clients to ignore them.
 *
 * `ACK` only means the router understood: it is an `ack` without state, and the status block
 * the router sends next (an `unsolicited` with the new routes) is the truth. `NAK` is a `nak`.
 * Labels are UTF-8.
 */

const LF = 0x0a;
const MAX_LINE = 4096;
/** Largest routers have 288 ports a side; a block far longer than that is not a Videohub. */
const MAX_BLOCK_LINES = 4096;
const MAX_PORT = 4096;

const HEADER = /^([A-Z][A-Z0-9 _-]*):$/;
const LABEL_BLOCKS: Readonly<Record<string, string>> = {
  'INPUT LABELS': 'inputLabel',
  'OUTPUT LABELS': 'outputLabel',
  'MONITORING OUTPUT LABELS': 'monitorLabel',
  'SERIAL PORT LABELS': 'serialLabel',
};
const LOCKS: Readonly<Record<string, string>> = { U: 'unlocked', L: 'locked', O: 'owned' };

const Port = z.number().int().min(1).max(MAX_PORT);
const RouteArgs = z.strictObject({ input: Port, output: Port });
const NoArgs = z.strictObject({});

/** A block being read: its header (or ACK / NAK), its lines, and the bytes each line took. */
interface Block {
  header: string;
  lines: string[];
  raw: Uint8Array[];
}

function joinBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const utf8 = (line: string): string => new TextDecoder().decode(latin1Bytes(line));
const camel = (key: string): string =>
  key
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+(.)/g, (_m, c: string) => c.toUpperCase());

/** `n rest` lines, n a 0-based port number; lines that are not are ignored, as the spec asks. */
function portLines(lines: string[]): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  for (const l of lines) {
    const m = /^(\d+) (.*)$/.exec(l);
    if (m) out.push([Number(m[1]), m[2]!]);
  }
  return out;
}

function blockState(header: string, lines: string[]): DeviceState | undefined {
  if (header === 'VIDEO OUTPUT ROUTING') {
    const routes: Record<number, number> = {};
    for (const [out, rest] of portLines(lines)) if (/^\d+$/.test(rest)) routes[out + 1] = Number(rest) + 1;
    return Object.keys(routes).length > 0 ? { routes } : undefined;
  }
  const info: Record<string, string | number | boolean> = {};
  const labelKey = LABEL_BLOCKS[header];
  if (labelKey) for (const [port, label] of portLines(lines)) info[`${labelKey}${port + 1}`] = utf8(label);
  else if (header === 'VIDEO OUTPUT LOCKS') {
    for (const [port, lock] of portLines(lines)) {
      const v = LOCKS[lock.trim()];
      if (v) info[`outputLock${port + 1}`] = v;
    }
  } else if (header === 'VIDEOHUB DEVICE') {
    for (const l of lines) {
      const m = /^([^:]+):\s?(.*)$/.exec(l);
      if (!m) continue;
      const key = camel(m[1]!);
      const raw = utf8(m[2]!);
      info[key] = /^\d+$/.test(raw) ? Number(raw) : raw === 'true' ? true : raw === 'false' ? false : raw;
      if (key === 'modelName') info['model'] = raw;
    }
  } else if (header === 'PROTOCOL PREAMBLE') {
    const v = lines.map((l) => /^Version:\s*(\S+)/.exec(l)).find((m) => m);
    if (v) info['protocolVersion'] = v[1]!;
  }
  return Object.keys(info).length > 0 ? { info } : undefined;
}

export const videohubDriver: Driver = {
  name: 'videohub',
  transports: ['tcp'],
  oneInFlight: true,
  commands: {
    route: { args: RouteArgs, label: { vi: 'Định tuyến đầu vào sang đầu ra', en: 'Route input to output' } },
    status: { args: NoArgs, label: { vi: 'Đọc bảng định tuyến', en: 'Read routing' } },
    ping: { args: NoArgs, label: { vi: 'Kiểm tra kết nối', en: 'Ping' } },
  },
  createCodec(): DeviceCodec {
    const splitter = new LineSplitter({ terminators: [LF], skip: [0x0d, 0x00], maxLength: MAX_LINE });
    let block: Block | null = null;

    const frame = (textBlock: string, summary: string): EncodedFrame => ({ bytes: ascii(textBlock), expectReply: true, summary });

    const finish = ({ header, lines, raw: parts }: Block): DeviceEvent[] => {
      const raw = joinBytes(parts);
      if (header === 'ACK') return [{ type: 'ack', raw }];
      if (header === 'NAK') return [{ type: 'nak', code: 'NAK', message: 'the Videohub did not understand or could not carry out the request', raw }];
      const state = blockState(header, lines);
      const status: DeviceEvent = state ? { type: 'unsolicited', state, raw } : { type: 'unsolicited', raw };
      if (header === 'PROTOCOL PREAMBLE') return [{ type: 'greeting', raw }, status];
      return [status];
    };

    const onLine = (line: string, raw: Uint8Array): DeviceEvent[] => {
      if (block) {
        block.raw.push(raw);
        if (line.trim() !== '') {
          if (block.lines.length >= MAX_BLOCK_LINES) {
            const dropped = joinBytes(block.raw);
            block = null;
            return [{ type: 'garbage', reason: `block longer than ${MAX_BLOCK_LINES} lines`, raw: dropped }];
          }
          block.lines.push(line);
          return [];
        }
        const done = block;
        block = null;
        return finish(done);
      }
      if (line.trim() === '') return []; // a stray blank line between blocks
      const trimmed = line.trimEnd();
      const header = trimmed === 'ACK' || trimmed === 'NAK' ? trimmed : HEADER.exec(trimmed)?.[1];
      if (header) {
        block = { header, lines: [], raw: [raw] };
        return [];
      }
      // Noise glued in front of a header: keep the header, report the rest. A bare ACK or NAK
      // needs non-text noise before it, so that a stray word ending in "ack" is not an answer.
      const m = /([A-Z][A-Z0-9 _-]*:|ACK|NAK)$/.exec(trimmed);
      const noise = m ? trimmed.slice(0, m.index) : '';
      if (m && noise && (m[1]!.endsWith(':') || /[^\x20-\x7E]/.test(noise))) {
        const name = m[1]!.replace(/:$/, '');
        block = { header: name, lines: [], raw: [latin1Bytes(`${m[1]}\n`)] };
        return [{ type: 'garbage', reason: 'noise before a Videohub block', raw: latin1Bytes(noise) }];
      }
      return [{ type: 'garbage', reason: 'not a Videohub block header', raw }];
    };

    return {
      encode(command, args) {
        switch (command) {
          case 'route': {
            const a = parseArgs(command, RouteArgs, args);
            return frame(`VIDEO OUTPUT ROUTING:\n${a.output - 1} ${a.input - 1}\n\n`, `route input ${a.input} to output ${a.output}`);
          }
          case 'status':
            parseArgs(command, NoArgs, args);
            return frame('VIDEO OUTPUT ROUTING:\n\n', 'routing?');
          case 'ping':
            parseArgs(command, NoArgs, args);
            return frame('PING:\n\n', 'ping');
          default:
            throw new DriverError(`videohub: unknown command ${command}`, null);
        }
      },
      feed(chunk) {
        return splitter.push(chunk).flatMap((p): DeviceEvent[] => {
          if (p.kind === 'overflow') {
            block = null;
            return [{ type: 'garbage', reason: `line longer than ${MAX_LINE} bytes`, raw: p.raw }];
          }
          return onLine(p.line, p.raw);
        });
      },
      reset() {
        splitter.reset();
        block = null;
      },
    };
  },
};
