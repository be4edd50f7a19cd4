import { describe, expect, it } from 'vitest';
import { ascii, fromHex, toHex } from '../driver.js';
import { templateDriver } from './template.js';
import { driverError } from './codec-test-kit.js';

// Example profile: a projector screen controller on serial, a hex relay board, and a few
// commands in the styles of real displays (Samsung MDC sum8, LG ASCII hex).
const commands = {
  'screen.down': {
    format: 'ascii',
    template: 'SCR DOWN\\r',
    reply: { ok: '^OK', error: '^ERR(?: (?<code>\\d+))?' },
  },
  'screen.volume': {
    format: 'ascii',
    template: 'VOL {level:03}\\x0D\\n',
    reply: { ok: '^VOL=(?<volume>\\d+)$' },
    args: { level: { type: 'int', min: 0, max: 100 } },
  },
  'lg.power': {
    format: 'ascii',
    template: 'ka {id:02X} {state}\\r',
    args: { id: { type: 'int', min: 0, max: 99 }, state: { type: 'enum', values: { on: '01', off: '00' } } },
  },
  'screen.input': {
    format: 'ascii',
    template: 'IN \\{{src}\\}\\r',
    args: { src: { type: 'enum', values: ['HDMI1', 'HDMI2'] } },
  },
  'screen.label': { format: 'ascii', template: 'LBL {text}\\r', args: { text: { type: 'string', pad: 6 } } },
};
const relay = {
  'relay.set': {
    format: 'hex',
    template: 'A0 {channel:1} {state:1} {checksum:sum8}',
    reply: { ok: '^A0 (?<channel>[0-9A-F]{2}) [0-9A-F]{2} [0-9A-F]{2}$', error: '^AF (?<code>[0-9A-F]{2})$' },
    args: { channel: { type: 'int', min: 1, max: 8 }, state: { type: 'int', min: 0, max: 1 } },
  },
  'mdc.power': {
    format: 'hex',
    template: 'AA 11 {id} 01 {state} {checksum:sum8@1}',
    args: { id: { type: 'int', min: 0, max: 254 }, state: { type: 'enum', values: { off: 0, on: 1, reboot: 2 } } },
  },
  'xor.demo': { format: 'hex', template: '{a} {b:2} {checksum:xor}', args: { a: { type: 'int' }, b: { type: 'int', hexWidth: 1 } } },
};

const codec = (c: Record<string, unknown> = commands) => templateDriver.createCodec({ options: { commands: c } });
const hex = (h: string) => toHex(fromHex(h));

describe('template encode', () => {
  it('writes an ascii command with its escapes', () => {
    const f = codec().encode('screen.down', {});
    expect(toHex(f.bytes)).toBe(toHex(ascii('SCR DOWN\r')));
    expect(f.expectReply).toBe(true);
    expect(f.summary).toBe('screen.down');
    expect(toHex(codec().encode('screen.volume', { level: 7 }).bytes)).toBe(toHex(ascii('VOL 007\r\n')));
    expect(toHex(codec().encode('screen.input', { src: 'HDMI2' }).bytes)).toBe(toHex(ascii('IN {HDMI2}\r')));
    expect(toHex(codec().encode('screen.label', { text: 'Sân' }).bytes)).toBe(toHex(ascii('LBL Sân  \r')));
  });

  it('writes ints as ASCII hex digits and enums through their map (LG style)', () => {
    const f = codec().encode('lg.power', { id: 10, state: 'on' });
    expect(toHex(f.bytes)).toBe(toHex(ascii('ka 0A 01\r')));
    expect(f.expectReply).toBe(false);
    expect(f.summary).toBe('lg.power id=10 state=on');
  });

  it('writes a hex relay command with its sum8 checksum', () => {
    expect(toHex(codec(relay).encode('relay.set', { channel: 1, state: 1 }).bytes)).toBe(hex('A0 01 01 A2'));
    expect(toHex(codec(relay).encode('relay.set', { channel: 8, state: 0 }).bytes)).toBe(hex('A0 08 00 A8'));
  });

  it('starts a checksum where @ says, and computes xor', () => {
    // Samsung MDC power on, display 1, from the protocol reference: the sum leaves out 0xAA
    expect(toHex(codec(relay).encode('mdc.power', { id: 1, state: 'on' }).bytes)).toBe(hex('AA 11 01 01 01 14'));
    expect(toHex(codec(relay).encode('xor.demo', { a: 0x0f, b: 0x1234 }).bytes)).toBe(hex('0F 12 34 29'));
  });

  it('finds the template through the generic send command too', () => {
    expect(toHex(codec(relay).encode('send', { name: 'relay.set', args: { channel: 2, state: 1 } }).bytes)).toBe(hex('A0 02 01 A3'));
    expect(driverError(() => codec(relay).encode('send', { name: 'nope' })).field).toBe('name');
    expect(driverError(() => codec(relay).encode('nope', {})).message).toMatch(/no command nope/);
  });

  it('refuses bad arguments with a DriverError naming the field', () => {
    const c = codec(relay);
    expect(driverError(() => c.encode('relay.set', { channel: 9, state: 1 })).field).toBe('channel');
    expect(driverError(() => c.encode('relay.set', { channel: 1 })).field).toBe('state');
    expect(driverError(() => c.encode('relay.set', { channel: 1.5, state: 1 })).field).toBe('channel');
    expect(driverError(() => c.encode('mdc.power', { id: 1, state: 'standby' })).field).toBe('state');
    expect(driverError(() => c.encode('xor.demo', { a: 256, b: 0 })).field).toBe('a');
    expect(driverError(() => codec().encode('screen.volume', { level: '5' })).field).toBe('level');
    expect(driverError(() => codec().encode('screen.label', { text: 'a\rPOWER OFF' })).field).toBe('text');
    expect(driverError(() => codec().encode('screen.label', { text: 'too long' })).field).toBe('text');
  });
});

describe('template options', () => {
  const bad = (c: Record<string, unknown>) => driverError(() => templateDriver.createCodec({ options: { commands: c } })).field;

  it('refuses a profile that cannot work, naming the field', () => {
    expect(driverError(() => templateDriver.createCodec()).field).toBe('commands');
    expect(bad({ x: { format: 'bin', template: 'A0' } })).toBe('commands.x.format');
    expect(bad({ x: { format: 'hex', template: 'A0 {ch}' } })).toBe('commands.x.template');
    expect(bad({ x: { format: 'hex', template: 'A0 ZZ' } })).toBe('commands.x.template');
    expect(bad({ x: { format: 'hex', template: 'A0 {checksum:crc16}' } })).toBe('commands.x.template');
    expect(bad({ x: { format: 'ascii', template: 'A {oops\\r' } })).toBe('commands.x.template');
    expect(bad({ x: { format: 'ascii', template: 'A', reply: { ok: '(' } } })).toBe('commands.x.reply.ok');
    expect(bad({ x: { format: 'ascii', template: '{v}', args: { v: { type: 'enum' } } } })).toBe('commands.x.args.v.values');
    expect(bad({ x: { format: 'hex', template: '{v}', args: { v: { type: 'enum', values: ['on'] } } } })).toBe(
      'commands.x.args.v.values',
    );
    expect(bad({ send: { format: 'ascii', template: 'A' } })).toBe('commands');
  });
});

describe('template replies', () => {
  it('acks and naks ascii lines against the last command, and passes other lines on', () => {
    const c = codec();
    expect(c.feed(ascii('READY\r\n'))).toMatchObject([{ type: 'unsolicited', state: { info: { line: 'READY' } } }]);
    c.encode('screen.down', {});
    expect(c.feed(ascii('OK\r\n'))).toMatchObject([{ type: 'ack' }]);
    // the reply has been used: the same line now is unsolicited
    expect(c.feed(ascii('OK\r'))).toMatchObject([{ type: 'unsolicited' }]);
    c.encode('screen.down', {});
    expect(c.feed(ascii('ERR 2\r'))).toMatchObject([{ type: 'nak', code: '2', message: 'ERR 2' }]);
  });

  it('puts named groups of the ok regex into state.info, and reads lines split into single bytes', () => {
    const c = codec();
    c.encode('screen.volume', { level: 45 });
    const events = Array.from(ascii('MOTOR\rVOL=45\r\n')).flatMap((b) => c.feed(Uint8Array.of(b)));
    expect(events).toMatchObject([
      { type: 'unsolicited', state: { info: { line: 'MOTOR' } } },
      { type: 'ack', state: { info: { volume: 45 } } },
    ]);
    expect(toHex((events[1] as { raw: Uint8Array }).raw)).toBe(toHex(ascii('VOL=45\r')));
  });

  it('collects hex replies until the regex matches, then acks or naks', () => {
    const c = codec(relay);
    expect(c.feed(fromHex('55'))).toMatchObject([{ type: 'unsolicited' }]);
    c.encode('relay.set', { channel: 3, state: 1 });
    expect(c.feed(fromHex('A0 03'))).toEqual([]);
    expect(c.feed(fromHex('01 A4'))).toMatchObject([{ type: 'ack', state: { info: { channel: '03' } } }]);
    c.encode('relay.set', { channel: 3, state: 1 });
    expect(c.feed(fromHex('AF 02'))).toMatchObject([{ type: 'nak', code: '02', message: 'AF 02' }]);
  });

  it('expects nothing after a command without reply regexes', () => {
    const c = codec();
    c.encode('screen.down', {});
    c.encode('lg.power', { id: 1, state: 'off' });
    expect(c.feed(ascii('OK\r'))).toMatchObject([{ type: 'unsolicited' }]);
  });

  it('forgets a partial reply and the awaited command on reset', () => {
    const c = codec(relay);
    c.encode('relay.set', { channel: 3, state: 1 });
    expect(c.feed(fromHex('A0'))).toEqual([]);
    c.reset();
    expect(c.feed(fromHex('03 01 A4'))).toMatchObject([{ type: 'unsolicited' }]);
  });
});
