import type { Label } from '@ioc/protocol';

/**
 * Depth and count bounds of what a client may send, checked before any work on it. Node's
 * JSON.stringify, zod and our own walkers recurse: a value nested 100k levels deep once
 * overflowed the stack in the audit's JSON.stringify and killed the process (issue 14). The
 * checks here never recurse, so they cannot fail the same way.
 */
export interface JsonBounds {
  /** Deepest nesting of objects and arrays (the top-level value is depth 1). */
  depth: number;
  /** Keys of every object plus items of every array, in the whole value. */
  items: number;
  /** Characters of every string (keys included), in the whole value; only for decoded values. */
  chars?: number;
}

/** HTTP JSON bodies: far above any legitimate request of the API (the deepest is a layout, about 8). */
export const HTTP_JSON_BOUNDS: JsonBounds = { depth: 32, items: 50_000 };
/** The ingest batch: 5,000 observations of at most ~12 fields each. */
export const INGEST_JSON_BOUNDS: JsonBounds = { depth: 32, items: 100_000 };

export interface BoundsProblem {
  kind: 'depth' | 'items' | 'chars';
  /** English and Vietnamese wording of the refusal. */
  text: Label;
}

const problem = (kind: BoundsProblem['kind'], b: JsonBounds): BoundsProblem => {
  switch (kind) {
    case 'depth':
      return { kind, text: { en: `the JSON is nested deeper than ${b.depth} levels`, vi: `dữ liệu JSON lồng sâu quá ${b.depth} cấp` } };
    case 'items':
      return { kind, text: { en: `the JSON has more than ${b.items} keys and items`, vi: `dữ liệu JSON có quá ${b.items} khóa và phần tử` } };
    case 'chars':
      return { kind, text: { en: `the strings of the JSON are longer than ${b.chars} characters in all`, vi: `các chuỗi của dữ liệu JSON dài quá ${b.chars} ký tự tổng cộng` } };
  }
};

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;

/**
 * One pass over JSON text (bytes or a string), before JSON.parse: the deepest nesting and the
 * number of keys and items. Malformed text is left to JSON.parse to describe; this only has to
 * be right for text that parses. Linear in the length, constant memory.
 */
export function scanJsonText(text: Uint8Array | string, b: JsonBounds): BoundsProblem | null {
  const at = typeof text === 'string' ? (i: number) => text.charCodeAt(i) : (i: number) => text[i]!;
  let depth = 0;
  let items = 0;
  let inString = false;
  // Whether the innermost open container has had a value yet (`[]` and `{}` count no item).
  let empty = false;
  for (let i = 0; i < text.length; i++) {
    const c = at(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    if (c === QUOTE) {
      inString = true;
      if (empty) {
        empty = false;
        items++;
      }
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (empty) items++;
      if (++depth > b.depth) return problem('depth', b);
      empty = true;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
      empty = false;
    } else if (c === COMMA) {
      items++;
    } else if (empty && c > 0x20) {
      // A number, true, false or null as the first item.
      empty = false;
      items++;
    }
    if (items > b.items) return problem('items', b);
  }
  return null;
}

/**
 * The same bounds over a value already decoded (socket.io decodes its packets itself), with an
 * explicit stack instead of recursion; also sums string lengths when `chars` is set.
 */
export function checkJsonValue(value: unknown, b: JsonBounds): BoundsProblem | null {
  let items = 0;
  let chars = 0;
  const stack: Array<{ v: unknown; d: number }> = [{ v: value, d: 1 }];
  while (stack.length > 0) {
    const { v, d } = stack.pop()!;
    if (typeof v === 'string') {
      chars += v.length;
      if (b.chars !== undefined && chars > b.chars) return problem('chars', b);
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (d > b.depth) return problem('depth', b);
    // Buffers (binary attachments) count by their length, as strings do.
    if (ArrayBuffer.isView(v)) {
      chars += v.byteLength;
      if (b.chars !== undefined && chars > b.chars) return problem('chars', b);
      continue;
    }
    const keys = Array.isArray(v) ? null : Object.keys(v);
    const n = keys ? keys.length : (v as unknown[]).length;
    items += n;
    if (items > b.items) return problem('items', b);
    if (keys) {
      for (const k of keys) {
        chars += k.length;
        stack.push({ v: (v as Record<string, unknown>)[k], d: d + 1 });
      }
      if (b.chars !== undefined && chars > b.chars) return problem('chars', b);
    } else for (const item of v as unknown[]) stack.push({ v: item, d: d + 1 });
  }
  return null;
}
