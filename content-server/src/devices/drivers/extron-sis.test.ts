import { describe, expect, it } from 'vitest';
import { ascii, DriverError, text, toHex } from '../driver.js';
import type { DeviceCodec, DeviceEvent } from '../driver.js';
import { extronSisDriver } from './extron-sis.js';
import { bytewiseText as bytewise, fieldOf, strip } from './codec-test-kit.js';

const codec = (options?: Record<string, unknown>): DeviceCodec => extronSisDriver.createCodec(options ? { options } : {});
const sent = (c: DeviceCodec, command: string, args: unknown): string => text(c.encode(command, args).bytes);
const feedAll = (c: DeviceCodec, s: string): DeviceEvent[] => c.feed(ascii(s));

describe('extron-sis encode', () => {
  it('tie input 1 to output 3, audio and video, is 1*3! with no terminator (the guide example)', () => {
    const f = codec().encode('route', { input: 1, output: 3 });
    expect(toHex(f.bytes)).toBe('31 2A 33 21');
    expect(f).toMatchObject({ expectReply: true, summary: 'tie input 1 to output 3 (video+audio)' });
  });

  it('encodes every command and kind', () => {
    const c = codec();
    expect(sent(c, 'route', { input: 1, output: 3, kind: 'video' })).toBe('1*3%');
    expect(sent(c, 'route', { input: 1, output: 3, kind: 'audio' })).toBe('1*3$');
    expect(sent(c, 'route', { input: 1, output: 3, kind: 'rgb' })).toBe('1*3&');
    expect(sent(c, 'route', { input: 12, output: 16, kind: 'all' })).toBe('12*16!');
    expect(sent(c, 'route', { input: 5, output: 'all' })).toBe('5*!');
    expect(sent(c, 'route', { input: 5, output: 'all', kind: 'audio' })).toBe('5*$');
    expect(sent(c, 'route', { input: 0, output: 3 })).toBe('0*3!');
    expect(c.encode('route', { input: 0, output: 3 }).summary).toBe('untie output 3 (video+audio)');
    expect(sent(c, 'preset.recall', { preset: 5 })).toBe('5.');
    expect(sent(c, 'preset.save', { preset: 9 })).toBe('9,');
    expect(sent(c, 'status', { output: 3 })).toBe('3!');
    expect(sent(c, 'status', { output: 3, kind: 'video' })).toBe('3%');
    expect(sent(c, 'status', { output: 3, kind: 'audio' })).toBe('3$');
  });

  it('refuses bad arguments naming the field', () => {
    const c = codec();
    expect(fieldOf(() => c.encode('route', { input: -1, output: 3 }))).toBe('input');
    expect(fieldOf(() => c.encode('route', { input: 1.5, output: 3 }))).toBe('input');
    expect(fieldOf(() => c.encode('route', { input: 1, output: 0 }))).toBe('output');
    expect(fieldOf(() => c.encode('route', { input: 1, output: 'some' }))).toBe('output');
    expect(fieldOf(() => c.encode('route', { input: 1, output: 3, kind: 'hdmi' }))).toBe('kind');
    expect(fieldOf(() => c.encode('preset.recall', { preset: 0 }))).toBe('preset');
    expect(fieldOf(() => c.encode('preset.save', {}))).toBe('preset');
    expect(fieldOf(() => c.encode('status', { output: 'three' }))).toBe('output');
    expect(fieldOf(() => c.encode('mute', {}))).toBeNull();
    expect(() => codec({ outputs: 0 })).toThrow(DriverError);
  });
});

describe('extron-sis replies', () => {
  it('Out03 In01 All answers 1*3! with the route; digit widths do not matter', () => {
    const c = codec();
    c.encode('route', { input: 1, output: 3 });
    expect(strip(feedAll(c, 'Out03 In01 All\r\n'))).toEqual([{ type: 'ack', state: { routes: { 3: 1 }, info: { audioOut3: 1 } } }]);
    c.encode('route', { input: 10, output: 4, kind: 'video' });
    expect(strip(feedAll(c, 'Out4 In10 Vid\r\n'))).toEqual([{ type: 'ack', state: { routes: { 4: 10 } } }]);
    c.encode('route', { input: 24, output: 4, kind: 'audio' });
    expect(strip(feedAll(c, 'Out004 In024 Aud\r\n'))).toEqual([{ type: 'ack', state: { info: { audioOut4: 24 } } }]);
  });

  it('RGB and video ties answer each other; audio only answers audio', () => {
    const c = codec();
    c.encode('route', { input: 2, output: 1, kind: 'rgb' });
    expect(feedAll(c, 'Out01 In02 Vid\r\n')[0]?.type).toBe('ack');
    c.encode('route', { input: 2, output: 1 });
    expect(feedAll(c, 'Out01 In02 Vid\r\n')[0]?.type).toBe('ack'); // a video-only model answering !
    c.encode('route', { input: 2, output: 1, kind: 'audio' });
    expect(feedAll(c, 'Out01 In02 Vid\r\n')[0]?.type).toBe('unsolicited');
    expect(feedAll(c, 'Out01 In02 Aud\r\n')[0]?.type).toBe('ack');
  });

  it('untie: input 0', () => {
    const c = codec();
    c.encode('route', { input: 0, output: 3 });
    expect(feedAll(c, 'Out3 In0 All\r\n')).toMatchObject([{ type: 'ack', state: { routes: { 3: 0 } } }]);
  });

  it('tie to all outputs: In05 All (and the older Out Multi In05 All)', () => {
    const c = codec();
    c.encode('route', { input: 5, output: 'all' });
    expect(strip(feedAll(c, 'In05 All\r\n'))).toEqual([{ type: 'ack', state: { info: { allOutputs: 5 } } }]);
    const sized = codec({ outputs: 4 });
    sized.encode('route', { input: 5, output: 'all', kind: 'video' });
    expect(strip(feedAll(sized, 'Out Multi In5 Vid\r\n'))).toEqual([{ type: 'ack', state: { routes: { 1: 5, 2: 5, 3: 5, 4: 5 } } }]);
  });

  it('presets: Rpr05 and Spr09 acks', () => {
    const c = codec();
    c.encode('preset.recall', { preset: 5 });
    expect(strip(feedAll(c, 'Rpr05\r\n'))).toEqual([{ type: 'ack', state: { info: { lastPresetRecalled: 5 } } }]);
    c.encode('preset.save', { preset: 9 });
    expect(strip(feedAll(c, 'Spr9\r\n'))).toEqual([{ type: 'ack', state: { info: { lastPresetSaved: 9 } } }]);
  });

  it('status: the bare input number answers the read, as the route of that output', () => {
    const c = codec();
    c.encode('status', { output: 4 });
    expect(strip(feedAll(c, '7\r\n'))).toEqual([{ type: 'ack', state: { routes: { 4: 7 } } }]);
    c.encode('status', { output: 4, kind: 'audio' });
    expect(strip(feedAll(c, '02\r\n'))).toEqual([{ type: 'ack', state: { info: { audioOut4: 2 } } }]);
    expect(strip(feedAll(c, '3\r\n'))).toEqual([{ type: 'unsolicited' }]); // nothing asked
  });

  it('E01, E10, E11... are naks with the code and the meaning', () => {
    const c = codec();
    const nak = (cmd: string, args: unknown, line: string) => {
      c.encode(cmd, args);
      return strip(feedAll(c, line));
    };
    expect(nak('route', { input: 99, output: 1 }, 'E01\r\n')).toEqual([{ type: 'nak', code: 'E01', message: 'invalid input number' }]);
    expect(nak('status', { output: 1 }, 'E10\r\n')).toEqual([{ type: 'nak', code: 'E10', message: 'invalid command' }]);
    expect(nak('preset.recall', { preset: 99 }, 'E11\r\n')).toEqual([{ type: 'nak', code: 'E11', message: 'invalid preset number' }]);
    expect(nak('route', { input: 1, output: 99 }, 'E12\r\n')).toEqual([{ type: 'nak', code: 'E12', message: 'invalid output or port number' }]);
    expect(nak('route', { input: 1, output: 1 }, 'E22\r\n')).toEqual([{ type: 'nak', code: 'E22', message: 'busy' }]);
  });

  it('front-panel ties and the power-up banner are unsolicited, with what they say', () => {
    const c = codec();
    c.encode('route', { input: 1, output: 3 });
    const events = feedAll(
      c,
      '(c) Copyright 2010, Extron Electronics, DXP 88 HDMI, V1.04, 60-1112-01\r\nWed, 11 Jan 2017 14:26:08\r\nOut02 In04 All\r\nOut03 In01 All\r\n',
    );
    expect(strip(events)).toEqual([
      {
        type: 'unsolicited',
        state: { info: { banner: '(c) Copyright 2010, Extron Electronics, DXP 88 HDMI, V1.04, 60-1112-01', firmware: '1.04' } },
      },
      { type: 'unsolicited' },
      { type: 'unsolicited', state: { routes: { 2: 4 }, info: { audioOut2: 4 } } },
      { type: 'ack', state: { routes: { 3: 1 }, info: { audioOut3: 1 } } },
    ]);
    // The same line again, once answered, is a front-panel change.
    expect(feedAll(c, 'Out03 In01 All\r\n')[0]?.type).toBe('unsolicited');
    expect(strip(feedAll(c, 'Rpr02\r\n'))).toEqual([{ type: 'unsolicited', state: { info: { lastPresetRecalled: 2 } } }]);
  });

  it('a tie for another output than the one asked is unsolicited', () => {
    const c = codec();
    c.encode('route', { input: 1, output: 3 });
    expect(feedAll(c, 'Out03 In02 All\r\n')[0]?.type).toBe('unsolicited');
    expect(feedAll(c, 'Out03 In01 All\r\n')[0]?.type).toBe('ack');
  });

  it('reassembles a reply split into single bytes, and splits several in one chunk', () => {
    const c = codec();
    c.encode('route', { input: 1, output: 3 });
    expect(strip(bytewise(c, 'Out03 In01 All\r\n'))).toEqual([{ type: 'ack', state: { routes: { 3: 1 }, info: { audioOut3: 1 } } }]);
    c.encode('preset.recall', { preset: 1 });
    expect(feedAll(c, 'Rpr01\r\nOut01 In02 Vid\r\nE10\r\n').map((e) => e.type)).toEqual(['ack', 'unsolicited', 'nak']);
  });

  it('noise before a reply is garbage; the reply is still read', () => {
    const c = codec();
    c.encode('route', { input: 1, output: 3 });
    const events = c.feed(Uint8Array.of(0xff, 0x00, 0x81, ...ascii('Out03 In01 All\r\n')));
    expect(events).toMatchObject([{ type: 'garbage', raw: Uint8Array.of(0xff, 0x81) }, { type: 'ack', state: { routes: { 3: 1 } } }]);
    expect(text(events[1]!.raw)).toBe('Out03 In01 All\r\n');
    expect(c.feed(Uint8Array.of(0xfe, 0xfd, 0x0d, 0x0a))).toMatchObject([{ type: 'garbage' }]);
  });

  it('a lone CR or LF still ends a line; an endless line is dropped', () => {
    const c = codec();
    c.encode('preset.save', { preset: 3 });
    expect(feedAll(c, 'Spr03\r')[0]?.type).toBe('ack');
    expect(feedAll(c, 'x'.repeat(600)).every((e) => e.type === 'garbage')).toBe(true);
    c.encode('preset.save', { preset: 3 });
    expect(feedAll(c, '\r\nSpr03\n')).toMatchObject([{ type: 'garbage' }, { type: 'ack' }]); // the rest of the long line, then the reply
  });
});
