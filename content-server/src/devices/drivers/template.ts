import { z } from 'zod';
import { concatBytes, DriverError, fromHex, parseArgs, text, toHex } from '../driver.js';
import type { DeviceCodec, DeviceEvent, Driver, DriverContext } from '../driver.js';

/**
 * The driver for "anything else": each profile writes its own commands in
 * `options.commands`, name -> `{ format, template, reply?, args? }`.
 *
 * `encode(name, args)` takes any name defined there (or `send` with `{ name, args }`, the one
 * command the driver itself lists, for callers that only know the catalog). A profile may not
 * define `send` itself, so the two can never be confused.
 *
 * Templates:
 * - `ascii`: text; `\r`, `\n`, `\t`, `\\`, `\{`, `\}` and `\xHH` escapes. `{name}` is the
 *   argument in decimal; `{name:03}` pads it with zeros, `{name:3}` with spaces, `{name:02X}` /
 *   `{name:02x}` writes it in hex digits (LG-style ASCII hex). Strings are padded on the right.
 * - `hex`: hex pairs, spaces ignored. `{name}` is the int big-endian in `hexWidth` bytes
 *   (default 1); `{name:2}` says 2 bytes. Strings go in as their bytes.
 * - `{checksum:sum8}` / `{checksum:xor}`: one byte, the sum modulo 256 or the XOR of all the bytes
 *   before it; `{checksum:sum8@1}` starts at byte 1 (Samsung MDC leaves out its 0xAA header).
 * - Enum args: `values` is a list (the value is written as given) or a map from the name the
 *   caller passes to what is written (a number is written like an int; in hex format a string
 *   is hex pairs).
 *
 * Replies: if every command is `hex`, whatever arrives is collected and tested as hex
 * (`A0 01 A1`, as `toHex` writes it) against the last command's `reply.error`, then `reply.ok`;
 * anchor them with `^` and `$`. Otherwise replies are lines ending in CR and/or LF, tested the
 * same way. A match is `nak` (code: the `code` named group, else the match) or `ack`, whose other
 * named groups go into `state.info`; anything else is `unsolicited`. A command with neither
 * regex expects no reply.
 */

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Longest reply we hold while waiting for a match; past it the bytes are handed on unmatched. */
const MAX_HOLD = 1024;

const Regex = z.string().refine((s) => tryRegExp(s) !== null, 'not a valid regular expression');

function tryRegExp(s: string): RegExp | null {
  try {
    return new RegExp(s);
  } catch {
    return null;
  }
}

const ArgDef = z
  .strictObject({
    type: z.enum(['int', 'string', 'enum']),
    min: z.number().int().optional(),
    max: z.number().int().optional(),
    values: z.union([z.array(z.string().min(1)).min(1), z.record(z.string().min(1), z.union([z.string(), z.number().int()]))]).optional(),
    hexWidth: z.number().int().min(1).max(4).optional(),
    pad: z.number().int().min(1).max(64).optional(),
  })
  .refine((a) => a.type !== 'enum' || a.values !== undefined, { message: 'an enum needs values', path: ['values'] });
type ArgDef = z.infer<typeof ArgDef>;

const CommandDef = z.strictObject({
  format: z.enum(['ascii', 'hex']),
  template: z.string().min(1),
  reply: z.strictObject({ ok: Regex.optional(), error: Regex.optional() }).optional(),
  args: z
    .record(z.string().regex(NAME, 'expected an argument name: letters, digits, _'), ArgDef)
    .refine((a) => !('checksum' in a), '{checksum:...} is reserved; name the argument otherwise')
    .optional(),
});
type CommandDef = z.infer<typeof CommandDef>;

const OptionsSchema = z.strictObject({
  commands: z
    .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'expected a command name: letters, digits, _ . -'), CommandDef)
    .refine((c) => !('send' in c), 'send is the generic command; name yours otherwise'),
});

type Token =
  | { kind: 'bytes'; bytes: Uint8Array }
  | { kind: 'arg'; name: string; zero: boolean; width: number | null; radix: 'x' | 'X' | null }
  | { kind: 'checksum'; algo: 'sum8' | 'xor'; from: number };

interface Compiled {
  name: string;
  def: CommandDef;
  tokens: Token[];
  schema: z.ZodType<Record<string, unknown>>;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

function unescapeAscii(s: string, field: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? '';
    if (c === '{' || c === '}') throw new DriverError(`stray ${c} in template (write \\${c} for the character)`, field);
    if (c !== '\\') {
      out.push(...utf8(c));
      continue;
    }
    const e = s[++i];
    const simple: Record<string, number> = { r: 13, n: 10, t: 9, '\\': 92, '{': 123, '}': 125 };
    if (e !== undefined && e in simple) out.push(simple[e] ?? 0);
    else if (e === 'x' && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) {
      out.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else throw new DriverError(`bad escape \\${e ?? ''} in template`, field);
  }
  return Uint8Array.from(out);
}

/** Splits a template into literal bytes and placeholders, checking every placeholder against `args`. */
function compileTemplate(def: CommandDef, field: string): Token[] {
  const tokens: Token[] = [];
  // A backslash escapes the next character, so `\{` is not a placeholder.
  const parts = def.template.split(/(\{[^{}]*\})/);
  const joined: string[] = [];
  for (const p of parts) {
    const prev = joined[joined.length - 1];
    if (p.startsWith('{') && prev !== undefined && /(^|[^\\])(\\\\)*\\$/.test(prev)) joined[joined.length - 1] = prev + p;
    else joined.push(p);
  }
  for (const part of joined) {
    const ph = /^\{([A-Za-z_][A-Za-z0-9_]*)(?::([^}]*))?\}$/.exec(part);
    if (!ph) {
      if (part === '') continue;
      if (def.format === 'ascii') tokens.push({ kind: 'bytes', bytes: unescapeAscii(part, field) });
      else if (/[{}]/.test(part)) throw new DriverError(`bad placeholder in ${part}`, field);
      else tokens.push({ kind: 'bytes', bytes: fromHexField(part, field) });
      continue;
    }
    const name = ph[1] ?? '';
    const spec = ph[2] ?? '';
    if (name === 'checksum') {
      const m = /^(sum8|xor)(?:@(\d+))?$/.exec(spec);
      if (!m) throw new DriverError(`checksum must be {checksum:sum8} or {checksum:xor}, optionally @start`, field);
      tokens.push({ kind: 'checksum', algo: m[1] === 'xor' ? 'xor' : 'sum8', from: Number(m[2] ?? 0) });
      continue;
    }
    if (!def.args?.[name]) throw new DriverError(`placeholder {${name}} names no declared argument`, field);
    const m = def.format === 'ascii' ? /^(0?)(\d*)([xX]?)$/.exec(spec) : /^()([1-4]?)()$/.exec(spec);
    if (!m) throw new DriverError(`bad format :${spec} in {${name}} for ${def.format}`, field);
    const radix = m[3] === 'x' || m[3] === 'X' ? m[3] : null;
    tokens.push({ kind: 'arg', name, zero: m[1] === '0', width: m[2] ? Number(m[2]) : null, radix });
  }
  return tokens;
}

function fromHexField(hex: string, field: string): Uint8Array {
  if (!/^(\s*[0-9A-Fa-f]{2})*\s*$/.test(hex)) throw new DriverError(`not hex pairs: ${hex.trim()}`, field);
  return fromHex(hex);
}

function argSchema(def: ArgDef): z.ZodType {
  if (def.type === 'int') {
    let s = z.number().int();
    if (def.min !== undefined) s = s.min(def.min);
    if (def.max !== undefined) s = s.max(def.max);
    return s;
  }
  if (def.type === 'string') return z.string().regex(/^[^\x00-\x1f\x7f]*$/, 'control characters are not allowed');
  const names = Array.isArray(def.values) ? def.values : Object.keys(def.values ?? {});
  return z.enum(names as [string, ...string[]]);
}

function compile(name: string, def: CommandDef): Compiled {
  const field = `commands.${name}.template`;
  const tokens = compileTemplate(def, field);
  if (def.format === 'hex' && def.args) {
    for (const [argName, a] of Object.entries(def.args)) {
      if (a.type !== 'enum') continue;
      for (const v of Object.values(a.values ?? {})) if (typeof v === 'string') fromHexField(v, `commands.${name}.args.${argName}.values`);
    }
  }
  const shape = Object.fromEntries(Object.entries(def.args ?? {}).map(([k, a]) => [k, argSchema(a)]));
  return { name, def, tokens, schema: z.strictObject(shape) as unknown as z.ZodType<Record<string, unknown>> };
}

function renderInt(v: number, t: Extract<Token, { kind: 'arg' }>, def: ArgDef, format: 'ascii' | 'hex'): Uint8Array {
  if (format === 'hex') {
    const width = t.width ?? def.hexWidth ?? 1;
    if (v < 0 || v >= 2 ** (8 * width)) throw new DriverError(`${t.name}: ${v} does not fit in ${width} byte(s)`, t.name);
    return Uint8Array.from({ length: width }, (_, i) => Math.floor(v / 2 ** (8 * (width - 1 - i))) % 256);
  }
  let s = t.radix ? Math.abs(v).toString(16) : String(Math.abs(v));
  if (t.radix === 'X') s = s.toUpperCase();
  const width = t.width ?? def.pad ?? null;
  const zero = t.width !== null ? t.zero : def.pad !== undefined;
  if (width !== null) s = s.padStart(width - (v < 0 ? 1 : 0), zero ? '0' : ' ');
  s = (v < 0 ? '-' : '') + s;
  if (width !== null && s.length > width) throw new DriverError(`${t.name}: ${v} does not fit in ${width} digit(s)`, t.name);
  return utf8(s);
}

function renderArg(c: Compiled, t: Extract<Token, { kind: 'arg' }>, value: unknown): Uint8Array {
  const def = c.def.args?.[t.name];
  if (!def) throw new DriverError(`${c.name}: no argument ${t.name}`, t.name);
  let v = value;
  if (def.type === 'enum' && def.values && !Array.isArray(def.values)) v = def.values[String(value)];
  if (typeof v === 'number') return renderInt(v, t, def, c.def.format);
  const s = String(v);
  if (c.def.format === 'hex' && def.type === 'enum') return fromHex(s);
  const bytes = utf8(s);
  const width = t.width ?? def.pad ?? null;
  if (width === null) return bytes;
  if (bytes.length > width) throw new DriverError(`${t.name}: longer than ${width}`, t.name);
  const out = new Uint8Array(width).fill(c.def.format === 'hex' ? 0 : 0x20);
  out.set(bytes, 0);
  return out;
}

function render(c: Compiled, args: Record<string, unknown>): Uint8Array {
  let out: Uint8Array = new Uint8Array(0);
  for (const t of c.tokens) {
    let piece: Uint8Array;
    if (t.kind === 'bytes') piece = t.bytes;
    else if (t.kind === 'arg') piece = renderArg(c, t, args[t.name]);
    else {
      const over = out.subarray(t.from);
      piece = Uint8Array.of(over.reduce((acc, b) => (t.algo === 'xor' ? acc ^ b : (acc + b) & 0xff), 0));
    }
    out = concatBytes(out, piece);
  }
  return out;
}

const SendArgs = z.strictObject({ name: z.string().min(1), args: z.record(z.string(), z.unknown()).optional() });

export const templateDriver: Driver = {
  name: 'template',
  transports: ['serial', 'tcp', 'udp'],
  // Replies are told apart only by the last command's regexes: one command at a time.
  oneInFlight: true,
  commands: {
    send: { args: SendArgs, label: { vi: 'Gửi lệnh theo mẫu', en: 'Send a profile command' } },
  },
  createCodec(ctx?: DriverContext): DeviceCodec {
    const opts = parseArgs('template options', OptionsSchema, ctx?.options ?? {});
    const compiled = new Map(Object.entries(opts.commands).map(([n, d]) => [n, compile(n, d)]));
    const hexReplies = compiled.size > 0 && [...compiled.values()].every((c) => c.def.format === 'hex');
    let pending: Compiled | null = null;
    let buf: Uint8Array = new Uint8Array(0);

    /** The event for one reply unit, or null if the pending command's regexes do not match it. */
    const match = (subject: string, raw: Uint8Array): DeviceEvent | null => {
      const reply = pending?.def.reply;
      if (!reply) return null;
      const err = reply.error !== undefined ? new RegExp(reply.error).exec(subject) : null;
      if (err) {
        pending = null;
        return { type: 'nak', code: err.groups?.['code'] ?? err[0], message: subject, raw };
      }
      const ok = reply.ok !== undefined ? new RegExp(reply.ok).exec(subject) : null;
      if (!ok) return null;
      pending = null;
      const info: Record<string, string | number> = {};
      for (const [k, v] of Object.entries(ok.groups ?? {})) {
        if (v !== undefined) info[k] = !hexReplies && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
      }
      return Object.keys(info).length > 0 ? { type: 'ack', state: { info }, raw } : { type: 'ack', raw };
    };

    return {
      encode(command, args) {
        let name = command;
        let a = args;
        if (command === 'send') {
          const s = parseArgs(command, SendArgs, args);
          name = s.name;
          a = s.args ?? {};
        }
        const c = compiled.get(name);
        if (!c) throw new DriverError(`template: no command ${name} in options.commands`, command === 'send' ? 'name' : null);
        const parsed = parseArgs(name, c.schema, a);
        const bytes = render(c, parsed);
        const expectReply = c.def.reply?.ok !== undefined || c.def.reply?.error !== undefined;
        pending = expectReply ? c : null;
        const shown = Object.entries(parsed).map(([k, v]) => `${k}=${String(v)}`);
        return { bytes, expectReply, summary: [name, ...shown].join(' ') };
      },
      feed(chunk) {
        buf = concatBytes(buf, chunk);
        const out: DeviceEvent[] = [];
        if (hexReplies) {
          const event = match(toHex(buf), buf);
          // Hold bytes while a reply is awaited (it may come in pieces), within MAX_HOLD.
          if (event) out.push(event);
          else if (pending?.def.reply && buf.length < MAX_HOLD) return out;
          else out.push({ type: 'unsolicited', raw: buf });
          buf = new Uint8Array(0);
          return out;
        }
        let start = 0;
        for (let i = 0; i < buf.length; i++) {
          if (buf[i] !== 13 && buf[i] !== 10) continue;
          const raw = buf.slice(start, i + 1);
          const line = text(buf.subarray(start, i));
          start = i + 1;
          if (line === '') continue; // the LF of a CR LF, or a blank line
          out.push(match(line, raw) ?? { type: 'unsolicited', state: { info: { line } }, raw });
        }
        buf = buf.slice(start);
        if (buf.length >= MAX_HOLD) {
          out.push({ type: 'garbage', reason: `no line end in ${MAX_HOLD} bytes`, raw: buf });
          buf = new Uint8Array(0);
        }
        return out;
      },
      reset() {
        buf = new Uint8Array(0);
        pending = null;
      },
    };
  },
};
