import { describe, expect, it } from 'vitest';
import { ascii, DriverError, text, toHex } from '../driver.js';
import type { DeviceCodec, DeviceEvent } from '../driver.js';
import { lgDriver } from './lg.js';
import { bytewiseText as bytewise, fieldOf, strip } from './codec-test-kit.js';

const codec = (address?: number | string): DeviceCodec => lgDriver.createCodec(address === undefined ? {} : { address });
const sent = (c: DeviceCodec, command: string, args: unknown = {}): string => text(c.encode(command, args).bytes);
const feed = (c: DeviceCodec, s: string): DeviceEvent[] => c.feed(ascii(s));

describe('lg encode', () => {
  it('power on set 1 is `ka 01 01` CR (the manual example)', () => {
    const f = codec().encode('power', { on: true });
    expect(toHex(f.bytes)).toBe('6B 61 20 30 31 20 30 31 0D');
    expect(f).toMatchObject({ expectReply: true, summary: 'power on (set 1)' });
  });

  it('encodes every command, data as lower-case hex', () => {
    const c = codec();
    expect(sent(c, 'power', { on: false })).toBe('ka 01 00\r');
    expect(sent(c, 'input', { source: 'hdmi1' })).toBe('xb 01 90\r');
    expect(sent(c, 'input', { source: 'hdmi2' })).toBe('xb 01 91\r');
    expect(sent(c, 'input', { source: 'dp' })).toBe('xb 01 c0\r');
    expect(sent(c, 'input', { source: 'dvi' })).toBe('xb 01 70\r');
    expect(sent(c, 'volume', { level: 100 })).toBe('kf 01 64\r'); // 100 = 0x64
    expect(sent(c, 'volume', { level: 0 })).toBe('kf 01 00\r');
    // LG inverts mute: 00 = mute on (volume off), 01 = mute off
    expect(sent(c, 'mute', { on: true })).toBe('ke 01 00\r');
    expect(sent(c, 'mute', { on: false })).toBe('ke 01 01\r');
    expect(sent(c, 'brightness', { level: 75 })).toBe('kh 01 4b\r'); // 75 = 0x4B
    expect(sent(c, 'status')).toBe('ka 01 ff\r');
  });

  it('writes the set ID in hex; set 00 reaches all and each display still answers', () => {
    expect(sent(codec(10), 'power', { on: true })).toBe('ka 0a 01\r');
    expect(sent(codec('99'), 'power', { on: true })).toBe('ka 63 01\r');
    const all = codec(0).encode('power', { on: true });
    expect(text(all.bytes)).toBe('ka 00 01\r');
    expect(all).toMatchObject({ expectReply: true, summary: 'power on (all sets)' });
  });

  it('refuses a bad address, bad arguments and unknown commands, naming the field', () => {
    expect(fieldOf(() => codec(100))).toBe('address');
    expect(fieldOf(() => codec(-1))).toBe('address');
    expect(fieldOf(() => codec('0x10'))).toBe('address');
    const c = codec();
    expect(fieldOf(() => c.encode('power', {}))).toBe('on');
    expect(fieldOf(() => c.encode('input', { source: 'hdmi3' }))).toBe('source');
    expect(fieldOf(() => c.encode('volume', { level: -1 }))).toBe('level');
    expect(fieldOf(() => c.encode('mute', { on: 1 }))).toBe('on');
    expect(fieldOf(() => c.encode('brightness', { level: '50' }))).toBe('level');
    expect(() => c.encode('wall', { on: true })).toThrow(DriverError);
  });
});

describe('lg replies', () => {
  it('`a 01 OK01x` acks power with state on', () => {
    const c = codec();
    c.encode('status', {});
    expect(strip(feed(c, 'a 01 OK01x'))).toEqual([{ type: 'ack', state: { power: 'on' } }]);
    c.encode('power', { on: false });
    expect(strip(feed(c, 'a 01 OK00x'))).toEqual([{ type: 'ack', state: { power: 'off' } }]);
  });

  it('decodes input, volume, mute and brightness acks', () => {
    const c = codec();
    c.encode('input', { source: 'dp' });
    c.encode('volume', { level: 100 });
    c.encode('mute', { on: true });
    c.encode('brightness', { level: 75 });
    expect(strip(feed(c, 'b 01 OKc0xf 01 OK64xe 01 OK00xh 01 OK4bx'))).toEqual([
      { type: 'ack', state: { input: 'dp', info: { inputCode: 'c0' } } },
      { type: 'ack', state: { volume: 100 } },
      { type: 'ack', state: { mute: true } },
      { type: 'ack', state: { brightness: 75 } },
    ]);
  });

  it('`NG` is a nak with its code', () => {
    const c = codec();
    c.encode('input', { source: 'dvi' });
    const [nak] = feed(c, 'b 01 NG01x');
    expect(nak).toMatchObject({ type: 'nak', code: 'NG01' });
    expect(nak?.type === 'nak' && nak.message).toMatch(/not supported/);
  });

  it('parses a reply split into single bytes', () => {
    const c = codec();
    c.encode('power', { on: true });
    expect(strip(bytewise(c, 'a 01 OK01x'))).toEqual([{ type: 'ack', state: { power: 'on' } }]);
  });

  it('parses two replies in one chunk, and line ends after them are not noise', () => {
    const c = codec();
    c.encode('power', { on: true });
    c.encode('mute', { on: false });
    expect(strip(feed(c, 'a 01 OK01x\r\ne 01 OK01x'))).toEqual([
      { type: 'ack', state: { power: 'on' } },
      { type: 'ack', state: { mute: false } },
    ]);
  });

  it('skips noise before a reply as garbage', () => {
    const c = codec();
    c.encode('power', { on: true });
    const events = feed(c, '\u0000zz#a 01 OK01x');
    expect(events.map((e) => e.type)).toEqual(['garbage', 'ack']);
    expect(text(events[0]?.raw ?? new Uint8Array())).toBe('\u0000zz#');
    expect(text(events[1]?.raw ?? new Uint8Array())).toBe('a 01 OK01x');
  });

  it('a truncated reply is garbage and the good one after it still parses', () => {
    const c = codec();
    c.encode('power', { on: true });
    const events = feed(c, 'a 01 O\u00ffa 01 OK01x');
    expect(events.map((e) => e.type)).toEqual(['garbage', 'ack']);
  });

  it('with set 00 the first answer acks and the other displays are unsolicited', () => {
    const c = codec(0);
    c.encode('power', { on: true });
    expect(strip(feed(c, 'a 01 OK01xa 02 OK01x'))).toEqual([
      { type: 'ack', state: { power: 'on' } },
      { type: 'unsolicited', state: { power: 'on' } },
    ]);
  });

  it('a reply from another set, or for another command, is unsolicited', () => {
    const c = codec(1);
    c.encode('power', { on: true });
    expect(strip(feed(c, 'a 02 OK01x'))).toEqual([{ type: 'unsolicited', state: { power: 'on' } }]);
    expect(strip(feed(c, 'f 01 OK10x'))).toEqual([{ type: 'unsolicited', state: { volume: 16 } }]);
    expect(strip(feed(c, 'a 01 OK01x'))).toEqual([{ type: 'ack', state: { power: 'on' } }]);
  });

  it('reset() forgets a partial reply', () => {
    const c = codec();
    c.encode('power', { on: true });
    expect(feed(c, 'a 01 OK0')).toEqual([]);
    c.reset();
    c.encode('power', { on: true });
    expect(strip(feed(c, 'a 01 OK01x'))).toEqual([{ type: 'ack', state: { power: 'on' } }]);
  });
});
