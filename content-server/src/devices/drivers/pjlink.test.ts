import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ascii, DriverError, text, toHex } from '../driver.js';
import type { DeviceCodec, DeviceEvent } from '../driver.js';
import { pjlinkDriver } from './pjlink.js';
import { bytewiseText as bytewise, fieldOf, strip } from './codec-test-kit.js';

const codec = (password?: string, options?: Record<string, unknown>): DeviceCodec =>
  pjlinkDriver.createCodec({ ...(password === undefined ? {} : { password }), ...(options ? { options } : {}) });
const sent = (c: DeviceCodec, command: string, args: unknown = {}): string => text(c.encode(command, args).bytes);
const feedAll = (c: DeviceCodec, s: string): DeviceEvent[] => c.feed(ascii(s));

describe('pjlink encode', () => {
  it('power on is %1POWR 1 CR, byte for byte (the spec example)', () => {
    const c = codec();
    const f = c.encode('power', { on: true });
    expect(toHex(f.bytes)).toBe('25 31 50 4F 57 52 20 31 0D');
    expect(f).toMatchObject({ expectReply: true, summary: 'power on' });
    expect(sent(c, 'power', { on: false })).toBe('%1POWR 0\r');
  });

  it('encodes every command', () => {
    const c = codec();
    expect(sent(c, 'input', { source: '31' })).toBe('%1INPT 31\r');
    expect(sent(c, 'input', { source: 'HDMI2' })).toBe('%1INPT 32\r');
    expect(sent(c, 'input', { source: 'vga' })).toBe('%1INPT 11\r');
    expect(sent(c, 'mute', { on: true })).toBe('%1AVMT 31\r');
    expect(sent(c, 'mute', { on: false })).toBe('%1AVMT 30\r');
    expect(sent(c, 'mute', { on: true, target: 'video' })).toBe('%1AVMT 11\r');
    expect(sent(c, 'mute', { on: false, target: 'audio' })).toBe('%1AVMT 20\r');
    expect(sent(c, 'status')).toBe('%1POWR ?\r');
    expect(sent(c, 'info')).toBe('%1NAME ?\r');
    expect(sent(c, 'info', { field: 'manufacturer' })).toBe('%1INF1 ?\r');
    expect(sent(c, 'info', { field: 'model' })).toBe('%1INF2 ?\r');
    expect(sent(c, 'info', { field: 'class' })).toBe('%1CLSS ?\r');
    expect(sent(c, 'lamp')).toBe('%1LAMP ?\r');
    expect(sent(c, 'errors')).toBe('%1ERST ?\r');
  });

  it('takes input aliases from the profile (e.g. DisplayPort, which has no standard code)', () => {
    const c = codec(undefined, { inputs: { dp: '33' } });
    expect(sent(c, 'input', { source: 'dp' })).toBe('%1INPT 33\r');
    expect(fieldOf(() => codec().encode('input', { source: 'dp' }))).toBe('source');
    expect(() => codec(undefined, { inputs: { dp: 'HDMI' } })).toThrow(DriverError);
  });

  it('refuses bad arguments naming the field', () => {
    const c = codec();
    expect(fieldOf(() => c.encode('power', { on: 'yes' }))).toBe('on');
    expect(fieldOf(() => c.encode('power', {}))).toBe('on');
    expect(fieldOf(() => c.encode('input', { source: '60' }))).toBe('source');
    expect(fieldOf(() => c.encode('input', { source: 'hdmi9' }))).toBe('source');
    expect(fieldOf(() => c.encode('mute', { on: true, target: 'lamp' }))).toBe('target');
    expect(fieldOf(() => c.encode('info', { field: 'serial' }))).toBe('field');
    expect(fieldOf(() => c.encode('reboot', {}))).toBeNull();
  });
});

describe('pjlink authentication', () => {
  it('no auth: PJLINK 0 is a greeting and commands go out bare', () => {
    const c = codec('secret');
    expect(strip(feedAll(c, 'PJLINK 0\r'))).toEqual([{ type: 'greeting', authRequired: false }]);
    expect(sent(c, 'power', { on: true })).toBe('%1POWR 1\r');
  });

  it('the published example: random 498e4a67, password JBMIAProjectorLink', () => {
    const c = codec('JBMIAProjectorLink');
    expect(strip(feedAll(c, 'PJLINK 1 498e4a67\r'))).toEqual([{ type: 'greeting', authRequired: true }]);
    expect(sent(c, 'power', { on: true })).toBe('5d8409bc1c3fa39749434aa3a5c38682%1POWR 1\r');
  });

  it('prefixes only the next command with MD5(random + password), lowercase hex', () => {
    const c = codec('s3cret!');
    feedAll(c, 'PJLINK 1 0a1B2c3D\r');
    const digest = createHash('md5').update('0a1B2c3Ds3cret!').digest('hex');
    const f = c.encode('status', {});
    expect(text(f.bytes)).toBe(`${digest}%1POWR ?\r`);
    expect(f.summary).toBe('power status? (authenticated)');
    expect(f.summary).not.toContain('s3cret');
    // Logs and the audit trail get the bytes with the digest masked (it would allow guessing the password offline).
    expect(text(f.logBytes!)).toBe(`${'*'.repeat(32)}%1POWR ?\r`);
    expect(feedAll(c, '%1POWR=0\r')).toMatchObject([{ type: 'ack', state: { power: 'off' } }]);
    expect(sent(c, 'lamp')).toBe('%1LAMP ?\r');
  });

  it('a missing password while auth is required is a DriverError on field password', () => {
    const c = codec();
    feedAll(c, 'PJLINK 1 498e4a67\r');
    expect(fieldOf(() => c.encode('power', { on: true }))).toBe('password');
    const empty = codec('');
    feedAll(empty, 'PJLINK 1 498e4a67\r');
    expect(fieldOf(() => empty.encode('power', { on: true }))).toBe('password'); // an empty password is none
    expect(() => codec().encode('power', { on: true })).not.toThrow(); // no greeting yet: nothing was asked
  });

  it('PJLINK ERRA: greeting with authFailed, and the command in flight fails', () => {
    const c = codec('wrong');
    feedAll(c, 'PJLINK 1 498e4a67\r');
    c.encode('power', { on: true });
    expect(strip(feedAll(c, 'PJLINK ERRA\r'))).toEqual([
      { type: 'greeting', authFailed: true },
      { type: 'nak', code: 'ERRA', message: 'authentication failed: the projector refused the password' },
    ]);
  });
});

describe('pjlink replies', () => {
  it('OK acks; a set input or mute reports the state it implies, power does not', () => {
    const c = codec();
    c.encode('power', { on: true });
    expect(strip(feedAll(c, '%1POWR=OK\r'))).toEqual([{ type: 'ack' }]);
    c.encode('input', { source: 'hdmi1' });
    expect(strip(feedAll(c, '%1INPT=OK\r'))).toEqual([{ type: 'ack', state: { input: '31' } }]);
    c.encode('mute', { on: true });
    expect(feedAll(c, '%1AVMT=OK\r')).toMatchObject([{ type: 'ack', state: { mute: true, info: { videoMute: true, audioMute: true } } }]);
  });

  it('power states 0..3', () => {
    const c = codec();
    const power = (v: string) => {
      c.encode('status', {});
      return feedAll(c, `%1POWR=${v}\r`)[0];
    };
    expect(power('0')).toMatchObject({ type: 'ack', state: { power: 'off' } });
    expect(power('1')).toMatchObject({ type: 'ack', state: { power: 'on' } });
    expect(power('2')).toMatchObject({ type: 'ack', state: { power: 'cooling' } });
    expect(power('3')).toMatchObject({ type: 'ack', state: { power: 'warming' } });
  });

  it('ERR1..ERR4 are naks with the code and what it means', () => {
    const c = codec();
    const codes = ['ERR1', 'ERR2', 'ERR3', 'ERR4'].map((e) => {
      c.encode('lamp', {});
      return strip(feedAll(c, `%1LAMP=${e}\r`))[0];
    });
    expect(codes).toEqual([
      { type: 'nak', code: 'ERR1', message: 'undefined command' },
      { type: 'nak', code: 'ERR2', message: 'out of parameter' },
      { type: 'nak', code: 'ERR3', message: 'unavailable time (e.g. the projector is in standby or warming up)' },
      { type: 'nak', code: 'ERR4', message: 'projector/display failure' },
    ]);
  });

  it('parses lamp, error status and info replies', () => {
    const c = codec();
    c.encode('lamp', {});
    expect(feedAll(c, '%1LAMP=1234 1 56 0\r')).toMatchObject([
      { type: 'ack', state: { info: { lamp1Hours: 1234, lamp1On: true, lamp2Hours: 56, lamp2On: false } } },
    ]);
    c.encode('errors', {});
    expect(feedAll(c, '%1ERST=020001\r')).toMatchObject([
      { type: 'ack', state: { info: { 'error.fan': 'ok', 'error.lamp': 'error', 'error.filter': 'ok', 'error.other': 'warning' } } },
    ]);
    c.encode('info', {});
    expect(feedAll(c, '%1NAME=Hall A left\r')).toMatchObject([{ type: 'ack', state: { info: { name: 'Hall A left' } } }]);
    c.encode('info', { field: 'class' });
    expect(feedAll(c, '%1CLSS=2\r')).toMatchObject([{ type: 'ack', state: { info: { class: '2' } } }]);
  });

  it('skips NUL bytes and the LF some devices add', () => {
    const c = codec();
    expect(strip(feedAll(c, '\0\0PJLINK 0\r\n'))).toEqual([{ type: 'greeting', authRequired: false }]);
    c.encode('status', {});
    expect(feedAll(c, '%1PO\0WR=1\r\0')).toMatchObject([{ type: 'ack', state: { power: 'on' } }]);
  });

  it('reassembles replies split into single bytes, and splits several in one chunk', () => {
    const c = codec();
    c.encode('status', {});
    expect(strip(bytewise(c, 'PJLINK 0\r%1POWR=1\r'))).toEqual([{ type: 'greeting', authRequired: false }, { type: 'ack', state: { power: 'on' } }]);
    c.encode('power', { on: false });
    const events = feedAll(c, '%1POWR=OK\r%1POWR=1\r');
    expect(events.map((e) => e.type)).toEqual(['ack', 'unsolicited']); // only one answer per command
  });

  it('reports noise before a reply as garbage and still reads the reply', () => {
    const c = codec();
    c.encode('status', {});
    const events = c.feed(Uint8Array.of(0xff, 0xfe, 0x07, ...ascii('%1POWR=3\r')));
    expect(events).toMatchObject([{ type: 'garbage', raw: Uint8Array.of(0xff, 0xfe, 0x07) }, { type: 'ack', state: { power: 'warming' } }]);
    expect(text(events[1]!.raw)).toBe('%1POWR=3\r');
    expect(feedAll(c, 'hello\r')).toMatchObject([{ type: 'garbage' }]);
  });

  it('a reply for another body than the command last sent is unsolicited, not its answer', () => {
    const c = codec();
    c.encode('lamp', {});
    expect(strip(feedAll(c, '%1POWR=1\r'))).toEqual([{ type: 'unsolicited', state: { power: 'on' } }]);
    expect(feedAll(c, '%1LAMP=10 1\r')[0]?.type).toBe('ack');
  });

  it('drops a line longer than the 136-byte packet', () => {
    const c = codec();
    const events = feedAll(c, `%1NAME=${'x'.repeat(200)}\r`);
    expect(events.every((e) => e.type === 'garbage')).toBe(true);
    c.encode('status', {});
    expect(feedAll(c, '%1POWR=0\r')).toMatchObject([{ type: 'ack', state: { power: 'off' } }]);
  });

  it('reset forgets a partial reply', () => {
    const c = codec();
    c.encode('status', {});
    feedAll(c, '%1PO');
    c.reset();
    expect(feedAll(c, '%1POWR=1\r')).toMatchObject([{ type: 'ack', state: { power: 'on' } }]);
  });
});
