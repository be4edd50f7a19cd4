import { describe, expect, it } from 'vitest';
import { DriverError, toHex } from '../driver.js';
import type { DeviceCodec } from '../driver.js';
import { samsungMdcDriver } from './samsung-mdc.js';
import { bytewiseHex as bytewise, feedHex, fieldOf, hexOf, strip } from './codec-test-kit.js';

const codec = (address?: number | string): DeviceCodec => samsungMdcDriver.createCodec(address === undefined ? {} : { address });

// Replies below carry their checksum = (sum of the bytes after AA) mod 256, worked out by hand.
// Power ack, display 1: FF+01+03+41+11+01 = 0x156 -> 56.
const POWER_ON_ACK = 'AA FF 01 03 41 11 01 56';
// Status ack, display 1: power on, volume 50, unmuted, HDMI1 (0x21), aspect 0x10, timers 0:
// FF+01+09+41+00+01+32+00+21+10+00+00 = 0x1AE -> AE.
const STATUS_ACK = 'AA FF 01 09 41 00 01 32 00 21 10 00 00 AE';
// Nak to input, error code 01: FF+01+03+4E+14+01 = 0x166 -> 66.
const INPUT_NAK = 'AA FF 01 03 4E 14 01 66';

describe('samsung-mdc encode', () => {
  it('power on display 1 is AA 11 01 01 01 14 (the public example)', () => {
    const f = codec().encode('power', { on: true });
    expect(toHex(f.bytes)).toBe('AA 11 01 01 01 14');
    expect(f).toMatchObject({ expectReply: true, summary: 'power on (display 1)' });
  });

  it('encodes every command byte for byte', () => {
    const c = codec();
    // checksum = cmd + id + len + data, mod 256
    expect(hexOf(c, 'power', { on: false })).toBe('AA 11 01 01 00 13'); // 11+01+01+00
    expect(hexOf(c, 'input', { source: 'hdmi1' })).toBe('AA 14 01 01 21 37'); // 14+01+01+21
    expect(hexOf(c, 'input', { source: 'hdmi2' })).toBe('AA 14 01 01 23 39');
    expect(hexOf(c, 'input', { source: 'dp' })).toBe('AA 14 01 01 25 3B');
    expect(hexOf(c, 'input', { source: 'dvi' })).toBe('AA 14 01 01 18 2E'); // 14+01+01+18
    expect(hexOf(c, 'volume', { level: 50 })).toBe('AA 12 01 01 32 46'); // 12+01+01+32
    expect(hexOf(c, 'volume', { level: 100 })).toBe('AA 12 01 01 64 78');
    expect(hexOf(c, 'mute', { on: true })).toBe('AA 13 01 01 01 16');
    expect(hexOf(c, 'mute', { on: false })).toBe('AA 13 01 01 00 15');
    expect(hexOf(c, 'brightness', { level: 75 })).toBe('AA 25 01 01 4B 72'); // 25+01+01+4B
    expect(hexOf(c, 'status')).toBe('AA 00 01 00 01');
    expect(hexOf(c, 'wall', { on: true })).toBe('AA 84 01 01 01 87');
    expect(hexOf(c, 'wall', { on: false })).toBe('AA 84 01 01 00 86');
    // 2 rows x 3 columns -> 0x23, position 4: 89+01+02+23+04 = 0xB3
    expect(hexOf(c, 'wall.layout', { rows: 2, cols: 3, position: 4 })).toBe('AA 89 01 02 23 04 B3');
  });

  it('addresses the configured display ID; 0xFE reaches all and expects no reply', () => {
    expect(hexOf(codec(0), 'power', { on: true })).toBe('AA 11 00 01 01 13');
    expect(hexOf(codec('12'), 'power', { on: true })).toBe('AA 11 0C 01 01 1F');
    const all = codec(0xfe).encode('power', { on: true });
    expect(toHex(all.bytes)).toBe('AA 11 FE 01 01 11'); // 11+FE+01+01 = 0x111
    expect(all).toMatchObject({ expectReply: false, summary: 'power on (all displays)' });
    expect(codec('all').encode('mute', { on: true }).expectReply).toBe(false);
  });

  it('refuses a bad address, bad arguments and unknown commands, naming the field', () => {
    expect(fieldOf(() => codec(255))).toBe('address');
    expect(fieldOf(() => codec(-1))).toBe('address');
    expect(fieldOf(() => codec('one'))).toBe('address');
    expect(fieldOf(() => codec(1.5))).toBe('address');
    const c = codec();
    expect(fieldOf(() => c.encode('power', { on: 'yes' }))).toBe('on');
    expect(fieldOf(() => c.encode('input', { source: 'vga' }))).toBe('source');
    expect(fieldOf(() => c.encode('volume', { level: 101 }))).toBe('level');
    expect(fieldOf(() => c.encode('brightness', { level: 2.5 }))).toBe('level');
    expect(fieldOf(() => c.encode('wall.layout', { rows: 16, cols: 1, position: 1 }))).toBe('rows');
    expect(fieldOf(() => c.encode('wall.layout', { rows: 2, cols: 2, position: 5 }))).toBe('position');
    expect(fieldOf(() => c.encode('status', { extra: 1 }))).toBe(null);
    expect(() => c.encode('reboot', {})).toThrow(DriverError);
  });
});

describe('samsung-mdc replies', () => {
  it('an ack carries the state it reveals', () => {
    const c = codec();
    c.encode('power', { on: true });
    expect(strip(feedHex(c, POWER_ON_ACK))).toEqual([{ type: 'ack', state: { power: 'on' } }]);
    c.encode('status', {});
    const [status] = feedHex(c, STATUS_ACK);
    expect(status).toMatchObject({ type: 'ack', state: { power: 'on', volume: 50, mute: false, input: 'hdmi1' } });
    expect(toHex(status?.raw ?? new Uint8Array())).toBe(STATUS_ACK);
  });

  it('decodes volume, mute, input, brightness and video-wall acks', () => {
    const c = codec();
    for (const [cmd, args] of [
      ['volume', { level: 50 }],
      ['mute', { on: true }],
      ['input', { source: 'dvi' }],
      ['brightness', { level: 75 }],
      ['wall', { on: true }],
      ['wall.layout', { rows: 2, cols: 3, position: 4 }],
    ] as const) {
      c.encode(cmd, args);
    }
    const events = feedHex(
      c,
      [
        'AA FF 01 03 41 12 32 88', // FF+01+03+41+12+32 = 0x188
        'AA FF 01 03 41 13 01 58', // 0x158
        'AA FF 01 03 41 14 18 70', // 0x170
        'AA FF 01 03 41 25 4B B4', // 0x1B4
        'AA FF 01 03 41 84 01 C9', // 0x1C9
        'AA FF 01 04 41 89 23 04 F5', // FF+01+04+41+89+23+04 = 0x1F5
      ].join(' '),
    );
    expect(strip(events)).toEqual([
      { type: 'ack', state: { volume: 50 } },
      { type: 'ack', state: { mute: true } },
      { type: 'ack', state: { input: 'dvi', info: { inputCode: '0x18' } } },
      { type: 'ack', state: { brightness: 75 } },
      { type: 'ack', state: { info: { videoWall: true } } },
      { type: 'ack', state: { info: { wallRows: 2, wallCols: 3, wallPosition: 4 } } },
    ]);
  });

  it("an 'N' reply is a nak with the error code", () => {
    const c = codec();
    c.encode('input', { source: 'dp' });
    const [nak] = feedHex(c, INPUT_NAK);
    expect(nak).toMatchObject({ type: 'nak', code: '01' });
    expect(nak?.type === 'nak' && nak.message).toContain('0x14');
  });

  it('parses a reply that arrives one byte at a time', () => {
    const c = codec();
    c.encode('status', {});
    const events = bytewise(c, STATUS_ACK);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'ack', state: { power: 'on', volume: 50 } });
  });

  it('parses two replies in one chunk', () => {
    const c = codec();
    c.encode('power', { on: true });
    c.encode('input', { source: 'dp' });
    expect(strip(feedHex(c, `${POWER_ON_ACK} ${INPUT_NAK}`)).map((e) => e.type)).toEqual(['ack', 'nak']);
  });

  it('skips noise before a frame as garbage', () => {
    const c = codec();
    c.encode('power', { on: true });
    const events = feedHex(c, `00 13 AA 37 ${POWER_ON_ACK}`);
    expect(events.map((e) => e.type)).toEqual(['garbage', 'ack']);
    expect(toHex(events[0]?.raw ?? new Uint8Array())).toBe('00 13 AA 37');
  });

  it('reports a bad checksum as garbage and still parses the good frame after it', () => {
    const c = codec();
    c.encode('power', { on: true });
    const events = feedHex(c, `AA FF 01 03 41 11 01 57 ${POWER_ON_ACK}`);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ type: 'garbage' });
    expect(events[0]?.type === 'garbage' && events[0].reason).toMatch(/checksum/);
    expect(events[1]).toMatchObject({ type: 'ack', state: { power: 'on' } });
  });

  it('a reply from another display, or to nothing outstanding, is unsolicited', () => {
    const c = codec();
    c.encode('power', { on: true });
    // display 2: FF+02+03+41+11+01 = 0x157
    expect(strip(feedHex(c, 'AA FF 02 03 41 11 01 57'))).toEqual([{ type: 'unsolicited', state: { power: 'on' } }]);
    expect(strip(feedHex(c, POWER_ON_ACK))).toEqual([{ type: 'ack', state: { power: 'on' } }]);
    expect(strip(feedHex(c, POWER_ON_ACK))).toEqual([{ type: 'unsolicited', state: { power: 'on' } }]);
  });

  it('reset() forgets a partial frame and what was outstanding', () => {
    const c = codec();
    c.encode('power', { on: true });
    expect(feedHex(c, 'AA FF 01 03')).toEqual([]);
    c.reset();
    expect(feedHex(c, POWER_ON_ACK).map((e) => e.type)).toEqual(['unsolicited']);
  });
});
