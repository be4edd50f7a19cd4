import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../driver.js';
import type { DeviceEvent } from '../driver.js';
import { oscDriver } from './osc.js';
import { driverError } from './codec-test-kit.js';

const hex = (h: string) => toHex(fromHex(h));
const enc = (command: string, args: unknown, options?: Record<string, unknown>) =>
  oscDriver.createCodec(options ? { options } : {}).encode(command, args);
const encHex = (command: string, args: unknown, options?: Record<string, unknown>) => toHex(enc(command, args, options).bytes);

const infos = (events: DeviceEvent[]) => events.map((e) => (e.type === 'unsolicited' ? e.state?.info : e));

// /oscillator/4/frequency f 440.0, from the OSC 1.0 specification's examples
const SPEC_EXAMPLE = '2F6F7363696C6C61746F722F342F6672657175656E6379002C66000043DC0000';

describe('osc encode', () => {
  it('matches the specification example byte for byte', () => {
    const f = enc('osc.send', { address: '/oscillator/4/frequency', args: [{ type: 'f', value: 440 }] });
    expect(toHex(f.bytes)).toBe(hex(SPEC_EXAMPLE));
    expect(f.expectReply).toBe(false);
    expect(f.summary).toBe('osc /oscillator/4/frequency 440.0');
  });

  it('infers types from plain JSON values: 440 is an int, 440.5 a float', () => {
    expect(encHex('osc.send', { address: '/x', args: [440] })).toBe(hex('2F780000 2C690000 000001B8'));
    expect(encHex('osc.send', { address: '/x', args: [0.75, 'a', true, false] })).toBe(
      hex('2F780000 2C667354 46000000 3F400000 61000000'),
    );
  });

  it('pads strings to 4 bytes, and a 4-byte string gets 4 NULs', () => {
    expect(encHex('osc.send', { address: '/ab' })).toBe(hex('2F616200 2C000000'));
    expect(encHex('osc.send', { address: '/abc' })).toBe(hex('2F616263 00000000 2C000000'));
    expect(encHex('osc.send', { address: '/a', args: ['abcd'] })).toBe(hex('2F610000 2C730000 61626364 00000000'));
    expect(encHex('osc.send', { address: '/a', args: ['abcde'] })).toBe(hex('2F610000 2C730000 61626364 65000000'));
  });

  it('writes int, float, string, blob, true, false and nil type tags', () => {
    const args = [
      { type: 'i', value: -2 },
      { type: 'f', value: 0.5 },
      { type: 's', value: 'hi' },
      { type: 'b', value: '01 02 03' },
      { type: 'T' },
      { type: 'F' },
      { type: 'N' },
    ];
    expect(encHex('osc.send', { address: '/t', args })).toBe(
      hex('2F740000 2C696673 6254464E 00000000 FFFFFFFE 3F000000 68690000 00000003 01020300'),
    );
    expect(encHex('osc.send', { address: '/t', args: [{ type: 'b', value: [1, 2, 3, 4] }] })).toBe(
      hex('2F740000 2C620000 00000004 01020304'),
    );
  });

  it('writes a bundle: #bundle, time tag 1 (immediately), sized elements', () => {
    const f = enc('osc.bundle', { messages: [{ address: '/a', args: [1] }, { address: '/b', args: ['x'] }] });
    expect(toHex(f.bytes)).toBe(
      hex('2362756E646C6500 0000000000000001 0000000C 2F610000 2C690000 00000001 0000000C 2F620000 2C730000 78000000'),
    );
    expect(f.summary).toBe('osc bundle immediately: /a 1; /b "x"');
  });

  it('converts an ISO time tag to NTP seconds and fraction', () => {
    const f = enc('osc.bundle', { timetag: '2025-01-01T00:00:00.500Z', messages: [{ address: '/a' }] });
    expect(toHex(f.bytes.subarray(8, 16))).toBe(hex('EB1F0400 80000000'));
  });

  it('maps audio.volume, audio.mute and light.level to X32-style addresses', () => {
    expect(encHex('audio.volume', { channel: 1, level: 75 })).toBe(
      hex('2F63682F 30312F6D 69782F66 61646572 00000000 2C660000 3F400000'),
    );
    expect(enc('audio.volume', { channel: 12, level: 33 }).summary).toBe('osc /ch/12/mix/fader 0.33');
    expect(enc('audio.mute', { channel: 1, on: true }).summary).toBe('osc /ch/01/mix/on 0');
    expect(encHex('audio.mute', { channel: 1, on: false })).toBe(hex('2F63682F 30312F6D 69782F6F 6E000000 2C690000 00000001'));
    expect(enc('light.level', { channel: 3, level: 50 }).summary).toBe('osc /light/3/level 0.5');
  });

  it('follows addresses, muteSense and lightScale from the options', () => {
    const options = {
      addresses: { volume: '/mix/{channel}/gain', mute: '/mix/{channel:03}/mute', light: '/eos/chan/{channel}/at' },
      muteSense: 'mute',
      lightScale: 'percent',
    };
    expect(enc('audio.volume', { channel: 2, level: 100 }, options).summary).toBe('osc /mix/2/gain 1.0');
    expect(enc('audio.mute', { channel: 2, on: true }, options).summary).toBe('osc /mix/002/mute 1');
    expect(enc('light.level', { channel: 7, level: 40 }, options).summary).toBe('osc /eos/chan/7/at 40.0');
    expect(enc('light.level', { channel: 7, level: 100 }, { lightScale: 'dmx' }).summary).toBe('osc /light/7/level 255');
  });

  it('refuses bad arguments with a DriverError naming the field', () => {
    expect(driverError(() => enc('osc.send', { address: 'ch/1' })).field).toBe('address');
    expect(driverError(() => enc('osc.send', { address: '/a b' })).field).toBe('address');
    expect(driverError(() => enc('osc.send', { address: '/a', args: [{ type: 'i', value: 2 ** 31 }] })).field).toMatch(/^args\.0/);
    expect(driverError(() => enc('osc.send', { address: '/a', args: [2 ** 31] })).field).toMatch(/^args\.0/);
    expect(driverError(() => enc('osc.send', { address: '/a', args: [{ type: 'b', value: 'XYZ' }] })).field).toMatch(/^args\.0/);
    expect(driverError(() => enc('audio.volume', { channel: 0, level: 50 })).field).toBe('channel');
    expect(driverError(() => enc('audio.volume', { channel: 1, level: 101 })).field).toBe('level');
    expect(driverError(() => enc('audio.mute', { channel: 1 })).field).toBe('on');
    expect(driverError(() => enc('osc.bundle', { timetag: 'tomorrow', messages: [{ address: '/a' }] })).field).toBe('timetag');
    expect(driverError(() => enc('osc.bundle', { messages: [] })).field).toBe('messages');
    expect(driverError(() => enc('power', {})).message).toMatch(/unknown command/);
  });

  it('refuses bad options at createCodec, naming the field', () => {
    expect(driverError(() => oscDriver.createCodec({ options: { framing: 'cobs' } })).field).toBe('framing');
    expect(driverError(() => oscDriver.createCodec({ options: { addresses: { volume: 'fader' } } })).field).toBe('addresses.volume');
    expect(driverError(() => oscDriver.createCodec({ options: { addresses: { mute: '/ch/{channel:2}' } } })).field).toBe('addresses.mute');
  });
});

describe('osc decode (UDP: one chunk is one datagram)', () => {
  it('decodes a message into address, types and values', () => {
    const events = oscDriver.createCodec().feed(enc('audio.volume', { channel: 1, level: 75 }).bytes);
    expect(events).toHaveLength(1);
    expect(events[0]?.type).toBe('unsolicited');
    expect(infos(events)).toEqual([{ address: '/ch/01/mix/fader', types: 'f', value: 0.75, '/ch/01/mix/fader': 0.75 }]);
  });

  it('keeps every argument and shows float32 values as their shortest decimal', () => {
    const args = [{ type: 'i', value: 7 }, { type: 'f', value: 0.1 }, 's', { type: 'b', value: 'C0 DB' }, { type: 'T' }, { type: 'N' }];
    const events = oscDriver.createCodec().feed(enc('osc.send', { address: '/a', args }).bytes);
    expect(infos(events)).toEqual([
      { address: '/a', types: 'ifsbTN', value: 7, arg1: 0.1, arg2: 's', arg3: 'C0 DB', arg4: true, arg5: 'nil', '/a': '7 0.1 "s" "C0 DB" true "nil"' },
    ]);
  });

  it('flattens a bundle into one event per message, with its time tag', () => {
    const bytes = enc('osc.bundle', {
      timetag: '2025-01-01T00:00:00.500Z',
      messages: [{ address: '/a', args: [1] }, { address: '/b', args: ['x'] }],
    }).bytes;
    expect(infos(oscDriver.createCodec().feed(bytes))).toEqual([
      { address: '/a', types: 'i', value: 1, timetag: '2025-01-01T00:00:00.500Z', '/a': 1 },
      { address: '/b', types: 's', value: 'x', timetag: '2025-01-01T00:00:00.500Z', '/b': 'x' },
    ]);
  });

  it('reports undecodable datagrams as garbage with the reason', () => {
    const codec = oscDriver.createCodec();
    const bad = (h: string) => codec.feed(fromHex(h))[0];
    expect(bad('2F6100')).toMatchObject({ type: 'garbage', reason: expect.stringMatching(/multiple of 4/) });
    expect(bad('61620000 2C000000')).toMatchObject({ type: 'garbage', reason: expect.stringMatching(/start with \//) });
    // 'h' (int64) is valid OSC 1.1 but node-osc cannot read it: OSC says drop such a message
    expect(bad('2F610000 2C680000 00000000 00000001')).toMatchObject({ type: 'garbage', reason: expect.stringMatching(/h/) });
    expect(bad('2362756E646C6500 0000000000000001 00000010 2F610000')).toMatchObject({
      type: 'garbage',
      reason: expect.stringMatching(/element size/),
    });
  });
});

describe('osc framings over TCP', () => {
  for (const framing of ['length', 'slip'] as const) {
    const first = enc('osc.send', { address: '/a', args: [1] }, { framing }).bytes;
    const second = enc('osc.send', { address: '/b', args: [{ type: 'f', value: 0.5 }] }, { framing }).bytes;
    const wire = Uint8Array.from([...first, ...second]);
    const expected = [
      { address: '/a', types: 'i', value: 1, '/a': 1 },
      { address: '/b', types: 'f', value: 0.5, '/b': 0.5 },
    ];

    it(`${framing}: decodes two packets in one chunk`, () => {
      expect(infos(oscDriver.createCodec({ options: { framing } }).feed(wire))).toEqual(expected);
    });

    it(`${framing}: decodes the same stream fed one byte at a time`, () => {
      const codec = oscDriver.createCodec({ options: { framing } });
      const events = Array.from(wire).flatMap((b) => codec.feed(Uint8Array.of(b)));
      expect(infos(events)).toEqual(expected);
    });

    it(`${framing}: forgets a partial frame on reset`, () => {
      const codec = oscDriver.createCodec({ options: { framing } });
      expect(codec.feed(wire.subarray(0, 7))).toEqual([]);
      codec.reset();
      expect(infos(codec.feed(second))).toEqual([expected[1]]);
    });
  }

  it('length: prefixes the packet with its int32 big-endian size', () => {
    expect(encHex('osc.send', { address: '/a', args: [1] }, { framing: 'length' })).toBe(hex('0000000C 2F610000 2C690000 00000001'));
  });

  it('length: reports a negative or huge length prefix as garbage', () => {
    const events = oscDriver.createCodec({ options: { framing: 'length' } }).feed(fromHex('FFFFFFFF 2F610000'));
    expect(events).toMatchObject([{ type: 'garbage', reason: expect.stringMatching(/length prefix -1/) }]);
  });

  it('slip: double-ended frame, escapes C0 and DB inside the packet', () => {
    const f = enc('osc.send', { address: '/b', args: [{ type: 'b', value: 'C0 DB' }] }, { framing: 'slip' });
    expect(toHex(f.bytes)).toBe(hex('C0 2F620000 2C620000 00000002 DBDC DBDD 0000 C0'));
    const codec = oscDriver.createCodec({ options: { framing: 'slip' } });
    const events = Array.from(f.bytes).flatMap((b) => codec.feed(Uint8Array.of(b)));
    expect(infos(events)).toEqual([{ address: '/b', types: 'b', value: 'C0 DB', '/b': 'C0 DB' }]);
  });

  it('slip: a bad escape makes the frame garbage, and the next frame still decodes', () => {
    const good = enc('osc.send', { address: '/a', args: [1] }, { framing: 'slip' }).bytes;
    const events = oscDriver.createCodec({ options: { framing: 'slip' } }).feed(Uint8Array.from([0xc0, 0x2f, 0xdb, 0x01, 0xc0, ...good]));
    expect(events[0]).toMatchObject({ type: 'garbage', reason: 'bad SLIP escape DB 01' });
    expect(infos(events.slice(1))).toEqual([{ address: '/a', types: 'i', value: 1, '/a': 1 }]);
  });
});
