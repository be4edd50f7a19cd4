import { describe, expect, it } from 'vitest';
import { checkJsonValue, scanJsonText } from './json-bounds.js';

const b = { depth: 3, items: 5 };

describe('JSON bounds', () => {
  it.each([
    ['{}', null],
    ['[[[]]]', null],
    ['[[[[]]]]', 'depth'],
    ['{"a":{"b":{"c":1}}}', null],
    ['{"a":{"b":{"c":{}}}}', 'depth'],
    ['[1,2,3,4,5]', null],
    ['[1,2,3,4,5,6]', 'items'],
    ['{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6}', 'items'],
    // Brackets, commas and escaped quotes inside strings are text, not structure.
    ['["[[[[[[,,,,,,\\"]]]]]]"]', null],
    ['"\\\\"', null],
    ['[[],[],[],[],[]]', null],
    ['[[],[],[],[],[],[]]', 'items'],
  ])('%s -> %s, the same from the text and from the value', (text, kind) => {
    expect(scanJsonText(text, b)?.kind ?? null).toBe(kind);
    expect(scanJsonText(Buffer.from(text), b)?.kind ?? null).toBe(kind);
    expect(checkJsonValue(JSON.parse(text), b)?.kind ?? null).toBe(kind);
  });

  it('scans 100k levels without recursion, and counts string characters of decoded values', () => {
    expect(scanJsonText('['.repeat(100_000) + ']'.repeat(100_000), { depth: 32, items: 1e9 })?.kind).toBe('depth');
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(checkJsonValue(deep, { depth: 32, items: 1e9 })?.kind).toBe('depth');
    expect(checkJsonValue({ k: 'x'.repeat(10) }, { depth: 3, items: 5, chars: 10 })?.kind).toBe('chars');
    expect(checkJsonValue({ k: 'x'.repeat(9) }, { depth: 3, items: 5, chars: 10 })).toBeNull();
  });
});
