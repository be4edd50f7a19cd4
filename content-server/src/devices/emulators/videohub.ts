import { concatBytes } from '../driver.js';
import type { DeviceEmulator } from './emulator.js';

const LF = 0x0a;
/** Longest line kept while waiting for its LF (labels are short; this is a runaway client). */
const MAX_LINE = 4096;
const HEADER = /([A-Z][A-Z0-9 _-]*):$/;
/** A block longer than this is not from a sane client: it is dropped and NAKed. */
const MAX_BLOCK_LINES = 1024;

export interface VideohubOptions {
  inputs?: number;
  outputs?: number;
  model?: string;
  friendlyName?: string;
  uniqueId?: string;
}

export interface RouterState {
  /** Input (0-based, as on the wire) routed to each output (index 0-based). */
  routing: number[];
  inputLabels: string[];
  outputLabels: string[];
}

/**
 * A Blackmagic Videohub router on TCP 9990. On connect it sends its whole state:
 * `PROTOCOL PREAMBLE:`, `VIDEOHUB DEVICE:`, `INPUT LABELS:`, `OUTPUT LABELS:`,
 * `VIDEO OUTPUT LOCKS:`, `VIDEO OUTPUT ROUTING:` and `END PRELUDE:`. A client block (header,
 * `out in` or `port label` lines, blank line; ports 0-based) is answered `ACK` and then the
 * block with what changed; a header alone asks for the whole block (`ACK`, then the block).
 * `PING:` is answered `ACK`. It answers `NAK` to a block it does not know and to a change with
 * a port out of range or a line it cannot read, and then changes nothing of that block.
 * Labels are UTF-8. A line before any header (noise) is ignored.
 */
export class VideohubEmulator implements DeviceEmulator {
  readonly inputs: number;
  readonly outputs: number;
  readonly state: RouterState;
  /** Client blocks it read (header and lines), for tests and the demo's device view. */
  readonly received: Array<{ header: string; lines: string[] }> = [];
  private readonly device: Readonly<Record<string, string>>;
  private buf: Uint8Array = new Uint8Array(0);
  private block: { header: string; lines: string[] } | null = null;

  constructor(options: VideohubOptions = {}) {
    this.inputs = count('inputs', options.inputs ?? 12);
    this.outputs = count('outputs', options.outputs ?? 12);
    this.state = {
      routing: Array.from({ length: this.outputs }, (_, o) => o % this.inputs),
      inputLabels: Array.from({ length: this.inputs }, (_, i) => `Input ${i + 1}`),
      outputLabels: Array.from({ length: this.outputs }, (_, o) => `Output ${o + 1}`),
    };
    this.device = {
      'Device present': 'true',
      'Model name': options.model ?? `Smart Videohub ${this.inputs}x${this.outputs}`,
      'Friendly name': options.friendlyName ?? 'Videohub',
      'Unique ID': options.uniqueId ?? '7C2E0D000001',
      'Video inputs': String(this.inputs),
      'Video processing units': '0',
      'Video outputs': String(this.outputs),
      'Video monitoring outputs': '0',
      'Serial ports': '0',
    };
  }

  greeting(): Uint8Array {
    this.buf = new Uint8Array(0);
    this.block = null;
    const blocks = [
      block('PROTOCOL PREAMBLE', ['Version: 2.8']),
      this.deviceInfo(),
      this.labels('INPUT LABELS', this.state.inputLabels),
      this.labels('OUTPUT LABELS', this.state.outputLabels),
      block('VIDEO OUTPUT LOCKS', this.state.routing.map((_, o) => `${o} U`)),
      this.routing(),
      block('END PRELUDE', []),
    ];
    return utf8(blocks.join(''));
  }

  receive(chunk: Uint8Array): Uint8Array[] {
    this.buf = concatBytes(this.buf, chunk);
    const replies: Uint8Array[] = [];
    for (let lf = this.buf.indexOf(LF); lf >= 0; lf = this.buf.indexOf(LF)) {
      const line = new TextDecoder().decode(this.buf.subarray(0, lf)).replace(/\r$/, '');
      this.buf = this.buf.slice(lf + 1);
      if (!this.block) {
        const header = HEADER.exec(line.trimEnd());
        if (header) this.block = { header: header[1]!, lines: [] };
        continue;
      }
      if (line.trim() !== '') {
        this.block.lines.push(line);
        if (this.block.lines.length > MAX_BLOCK_LINES) {
          this.block = null;
          replies.push(utf8('NAK\n\n'));
        }
        continue;
      }
      const done = this.block;
      this.block = null;
      this.received.push(done);
      replies.push(...this.answer(done.header, done.lines).map(utf8));
    }
    if (this.buf.length > MAX_LINE) this.buf = new Uint8Array(0);
    return replies;
  }

  private answer(header: string, lines: string[]): string[] {
    const ACK = 'ACK\n\n';
    const NAK = 'NAK\n\n';
    const s = this.state;
    if (header === 'PING') return [ACK];
    if (header === 'VIDEOHUB DEVICE' && lines.length === 0) return [ACK, this.deviceInfo()];
    const table = TABLES[header];
    if (!table) return [NAK];
    const render = (ports?: number[]) => (table === 'routing' ? this.routing(ports) : this.labels(header, s[table], ports));
    if (lines.length === 0) return [ACK, render()];
    const size = table === 'inputLabels' ? this.inputs : this.outputs;
    const changes: Array<[number, string]> = [];
    for (const l of lines) {
      const m = /^(\d+) (.+)$/.exec(l);
      if (!m || Number(m[1]) >= size) return [NAK];
      if (table === 'routing' && !(/^\d+$/.test(m[2]!) && Number(m[2]) < this.inputs)) return [NAK];
      changes.push([Number(m[1]), m[2]!]);
    }
    for (const [port, value] of changes) {
      if (table === 'routing') s.routing[port] = Number(value);
      else s[table][port] = value;
    }
    return [ACK, render(changes.map(([port]) => port))];
  }

  private deviceInfo(): string {
    return block('VIDEOHUB DEVICE', Object.entries(this.device).map(([k, v]) => `${k}: ${v}`));
  }

  /** The routing block, for all outputs or only those given. */
  private routing(outputs?: number[]): string {
    const ports = outputs ?? this.state.routing.map((_, o) => o);
    return block('VIDEO OUTPUT ROUTING', ports.map((o) => `${o} ${this.state.routing[o]}`));
  }

  private labels(header: string, labels: string[], ports?: number[]): string {
    return block(header, (ports ?? labels.map((_, i) => i)).map((i) => `${i} ${labels[i]}`));
  }
}

/** Sizes come from profiles (JSON): refuse what no router has (the largest has 288 a side). */
function count(what: string, n: unknown): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 288) throw new RangeError(`Videohub emulator: ${what} must be 1-288; got ${String(n)}`);
  return n;
}

/** Blocks a client may read and change, by header. */
const TABLES: Readonly<Record<string, 'routing' | 'inputLabels' | 'outputLabels'>> = {
  'VIDEO OUTPUT ROUTING': 'routing',
  'INPUT LABELS': 'inputLabels',
  'OUTPUT LABELS': 'outputLabels',
};

const block = (header: string, lines: string[]): string => `${header}:\n${lines.map((l) => `${l}\n`).join('')}\n`;
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
