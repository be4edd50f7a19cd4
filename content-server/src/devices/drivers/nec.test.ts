import { describe, expect, it } from 'vitest';
import { DriverError, toHex } from '../driver.js';
import type { DeviceCodec } from '../driver.js';
import { necDriver } from './nec.js';
import { bytewiseHex as bytewise, feedHex, fieldOf, hexOf, strip } from './codec-test-kit.js';

const codec = (address?: number | string): DeviceCodec => necDriver.createCodec(address === undefined ? {} : { address });

// Replies from monitor 1 (source 'A'). BCC = XOR of the bytes after SOH through ETX, computed by
// hand as (XOR of the 6 header bytes) ^ STX 02 ^ (XOR of the message) ^ ETX 03.
// Power control reply `00C203D60001`: header 30^30^41^42^30^45 = 76, message = 01 -> 76^02^01^03 = 76.
const POWER_ON_REPLY = '01 30 30 41 42 30 45 02 30 30 43 32 30 33 44 36 30 30 30 31 03 76 0D';
// Power status reply `0200D60000040001` (mode 1 = on): header 30^30^41^42^31^32 = 00, message = 75 -> 00^02^75^03 = 74.
const POWER_STATUS_REPLY = '01 30 30 41 42 31 32 02 30 32 30 30 44 36 30 30 30 30 30 34 30 30 30 31 03 74 0D';
// Set parameter reply, input `00 0060 00 0088 0011` (HDMI1): header 30^30^41^46^31^32 = 04, message = 06 -> 04^02^06^03 = 03.
const INPUT_REPLY = '01 30 30 41 46 31 32 02 30 30 30 30 36 30 30 30 30 30 38 38 30 30 31 31 03 03 0D';
// Same with result 01 (unsupported), volume `01 0062 00 0064 0032`: header 04, message 06 -> 03.
const VOLUME_UNSUPPORTED = '01 30 30 41 46 31 32 02 30 31 30 30 36 32 30 30 30 30 36 34 30 30 33 32 03 03 0D';
// NULL message `BE` (busy): header 30^30^41^42^30^34 = 07, message 42^45 = 07 -> 07^02^07^03 = 01.
const NULL_REPLY = '01 30 30 41 42 30 34 02 42 45 03 01 0D';

describe('nec encode', () => {
  it("matches NEC's published control codes for monitor ID 1 (MultiSync P702 manual)", () => {
    const c = codec();
    const on = c.encode('power', { on: true });
    expect(toHex(on.bytes)).toBe('01 30 41 30 41 30 43 02 43 32 30 33 44 36 30 30 30 31 03 73 0D');
    expect(on).toMatchObject({ expectReply: true, summary: 'power on (monitor 1)' });
    expect(hexOf(c, 'power', { on: false })).toBe('01 30 41 30 41 30 43 02 43 32 30 33 44 36 30 30 30 34 03 76 0D');
    expect(hexOf(c, 'input', { source: 'dp' })).toBe('01 30 41 30 45 30 41 02 30 30 36 30 30 30 30 46 03 04 0D');
    expect(hexOf(c, 'input', { source: 'dvi' })).toBe('01 30 41 30 45 30 41 02 30 30 36 30 30 30 30 33 03 71 0D');
    expect(hexOf(c, 'input', { source: 'hdmi1' })).toBe('01 30 41 30 45 30 41 02 30 30 36 30 30 30 31 31 03 72 0D');
    expect(hexOf(c, 'mute', { on: true })).toBe('01 30 41 30 45 30 41 02 30 30 38 44 30 30 30 31 03 09 0D');
    expect(hexOf(c, 'mute', { on: false })).toBe('01 30 41 30 45 30 41 02 30 30 38 44 30 30 30 32 03 0A 0D');
  });

  it('encodes the other commands (BCC by hand)', () => {
    const c = codec();
    // Set parameter header `0A0E0A`: 30^41^30^45^30^41 = 75; with STX 77.
    // HDMI2 `00600012`: 30^30^36^30^30^30^31^32 = 05 -> 77^05^03(ETX) = 71
    expect(hexOf(c, 'input', { source: 'hdmi2' })).toBe('01 30 41 30 45 30 41 02 30 30 36 30 30 30 31 32 03 71 0D');
    // volume 50 `00620032`: 30^30^36^32^30^30^33^32 = 05 -> 77^05^03 = 71
    expect(hexOf(c, 'volume', { level: 50 })).toBe('01 30 41 30 45 30 41 02 30 30 36 32 30 30 33 32 03 71 0D');
    // brightness 75 `0010004B`: 30^30^31^30^30^30^34^42 = 77 -> 77^77^03 = 03
    expect(hexOf(c, 'brightness', { level: 75 })).toBe('01 30 41 30 45 30 41 02 30 30 31 30 30 30 34 42 03 03 0D');
    // power status `01D6`, header `0A0A06`: 30^41^30^41^30^36 = 06; 06^02^(30^31^44^36 = 73)^03 = 74
    expect(hexOf(c, 'status')).toBe('01 30 41 30 41 30 36 02 30 31 44 36 03 74 0D');
    // save `0C`, header `0A0A04`: 04; 04^02^(30^43 = 73)^03 = 76
    expect(hexOf(c, 'save')).toBe('01 30 41 30 41 30 34 02 30 43 03 76 0D');
  });

  it("addresses monitor n as 0x40 + n, and '*' as all with no reply expected", () => {
    // monitor 2 ('B'): header 30^42^30^41^30^43 = 32 (vs 31 for 'A'), so the BCC is 73^31^32 = 70
    expect(hexOf(codec(2), 'power', { on: true })).toBe('01 30 42 30 41 30 43 02 43 32 30 33 44 36 30 30 30 31 03 70 0D');
    expect(toHex(codec(100).encode('power', { on: true }).bytes).slice(0, 8)).toBe('01 30 A4');
    const all = codec('*').encode('power', { on: true });
    // '*' = 2A: 73^41^2A = 18
    expect(toHex(all.bytes)).toBe('01 30 2A 30 41 30 43 02 43 32 30 33 44 36 30 30 30 31 03 18 0D');
    expect(all).toMatchObject({ expectReply: false, summary: 'power on (all monitors)' });
  });

  it('refuses a bad address, bad arguments and unknown commands, naming the field', () => {
    expect(fieldOf(() => codec(0))).toBe('address');
    expect(fieldOf(() => codec(101))).toBe('address');
    expect(fieldOf(() => codec('A'))).toBe('address');
    const c = codec();
    expect(fieldOf(() => c.encode('power', { on: null }))).toBe('on');
    expect(fieldOf(() => c.encode('input', { source: 'HDMI1' }))).toBe('source');
    expect(fieldOf(() => c.encode('volume', { level: 100.5 }))).toBe('level');
    expect(fieldOf(() => c.encode('brightness', {}))).toBe('level');
    expect(fieldOf(() => c.encode('mute', { on: 'off' }))).toBe('on');
    expect(() => c.encode('wall', { on: true })).toThrow(DriverError);
  });
});

describe('nec replies', () => {
  it('acks power control and the power status read with the power state', () => {
    const c = codec();
    c.encode('power', { on: true });
    expect(strip(feedHex(c, POWER_ON_REPLY))).toEqual([{ type: 'ack', state: { power: 'on' } }]);
    c.encode('status', {});
    expect(strip(feedHex(c, POWER_STATUS_REPLY))).toEqual([{ type: 'ack', state: { power: 'on', info: { powerMode: 'on' } } }]);
  });

  it('acks a set parameter with the value it reports', () => {
    const c = codec();
    c.encode('input', { source: 'hdmi1' });
    expect(strip(feedHex(c, INPUT_REPLY))).toEqual([{ type: 'ack', state: { input: 'hdmi1', info: { inputCode: '0x11' } } }]);
    c.encode('mute', { on: true });
    // `00 008D 00 0002 0001`: header 04, message 7F -> 04^02^7F^03 = 7A
    expect(strip(feedHex(c, '01 30 30 41 46 31 32 02 30 30 30 30 38 44 30 30 30 30 30 32 30 30 30 31 03 7A 0D'))).toEqual([
      { type: 'ack', state: { mute: true } },
    ]);
    c.encode('brightness', { level: 75 });
    // `00 0010 00 0064 004B`: header 04, message 75 -> 04^02^75^03 = 70
    expect(strip(feedHex(c, '01 30 30 41 46 31 32 02 30 30 30 30 31 30 30 30 30 30 36 34 30 30 34 42 03 70 0D'))).toEqual([
      { type: 'ack', state: { brightness: 75 } },
    ]);
  });

  it('a result code other than 00 is a nak; the NULL message is a nak BE', () => {
    const c = codec();
    c.encode('volume', { level: 50 });
    const [nak] = feedHex(c, VOLUME_UNSUPPORTED);
    expect(nak).toMatchObject({ type: 'nak', code: '01' });
    expect(nak?.type === 'nak' && nak.message).toMatch(/volume.*unsupported/);
    c.encode('power', { on: true });
    expect(feedHex(c, NULL_REPLY)[0]).toMatchObject({ type: 'nak', code: 'BE' });
  });

  it('parses a reply split into single bytes', () => {
    const c = codec();
    c.encode('status', {});
    expect(strip(bytewise(c, POWER_STATUS_REPLY))).toEqual([{ type: 'ack', state: { power: 'on', info: { powerMode: 'on' } } }]);
  });

  it('parses two replies in one chunk', () => {
    const c = codec();
    c.encode('power', { on: true });
    c.encode('input', { source: 'hdmi1' });
    expect(feedHex(c, `${POWER_ON_REPLY} ${INPUT_REPLY}`).map((e) => e.type)).toEqual(['ack', 'ack']);
  });

  it('skips noise before a reply as garbage', () => {
    const c = codec();
    c.encode('power', { on: true });
    const events = feedHex(c, `0D 0A FF 01 30 ${POWER_ON_REPLY}`);
    expect(events.map((e) => e.type)).toEqual(['garbage', 'ack']);
    expect(toHex(events[0]?.raw ?? new Uint8Array())).toBe('0D 0A FF 01 30');
  });

  it('reports a bad BCC as garbage and still parses the good reply after it', () => {
    const c = codec();
    c.encode('power', { on: true });
    const corrupt = POWER_ON_REPLY.replace('03 76 0D', '03 77 0D');
    const events = feedHex(c, `${corrupt} ${POWER_ON_REPLY}`);
    expect(events).toHaveLength(2);
    expect(events[0]?.type === 'garbage' && events[0].reason).toMatch(/checksum/);
    expect(events[1]).toMatchObject({ type: 'ack', state: { power: 'on' } });
  });

  it('a reply from another monitor, or to nothing outstanding, is unsolicited', () => {
    const c = codec(1);
    c.encode('power', { on: true });
    // from monitor 2 ('B'): header 30^30^42^42^30^45 = 75 -> 75^02^01^03 = 75
    const fromTwo = '01 30 30 42 42 30 45 02 30 30 43 32 30 33 44 36 30 30 30 31 03 75 0D';
    expect(strip(feedHex(c, fromTwo))).toEqual([{ type: 'unsolicited', state: { power: 'on' } }]);
    expect(feedHex(c, POWER_ON_REPLY)[0]?.type).toBe('ack');
    expect(feedHex(c, POWER_ON_REPLY)[0]?.type).toBe('unsolicited');
    expect(feedHex(c, NULL_REPLY)[0]?.type).toBe('unsolicited');
  });

  it('reset() forgets a partial reply and what was outstanding', () => {
    const c = codec();
    c.encode('power', { on: true });
    expect(feedHex(c, '01 30 30 41 42')).toEqual([]);
    c.reset();
    expect(feedHex(c, POWER_ON_REPLY).map((e) => e.type)).toEqual(['unsolicited']);
  });
});
