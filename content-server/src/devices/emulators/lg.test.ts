import { describe, expect, it } from 'vitest';
import { ascii, text, type DeviceEvent } from '../driver.js';
import { lgDriver } from '../drivers/lg.js';
import { LgEmulator } from './lg.js';

/** The driver and the emulated display talking, with no I/O in between. */
function roundTrip(display: LgEmulator, command: string, args: unknown = {}, address = 1): DeviceEvent[] {
  const codec = lgDriver.createCodec({ address });
  return display.receive(codec.encode(command, args).bytes).flatMap((reply) => codec.feed(reply));
}
const strip = (events: DeviceEvent[]) => events.map(({ raw: _raw, ...rest }) => rest);
const say = (display: LgEmulator, s: string): string[] => display.receive(ascii(s)).map(text);

describe('the emulated LG display', () => {
  it('answers the manual example: ka 01 01 -> a 01 OK01x', () => {
    const display = new LgEmulator(1);
    expect(say(display, 'ka 01 01\r')).toEqual(['a 01 OK01x']);
    expect(display.state.power).toBe(1);
  });

  it('keeps power, input, volume, mute and brightness, and the driver reads them as acks with state', () => {
    const display = new LgEmulator(1);
    expect(strip(roundTrip(display, 'power', { on: true }))).toEqual([{ type: 'ack', state: { power: 'on' } }]);
    expect(strip(roundTrip(display, 'input', { source: 'dp' }))).toEqual([{ type: 'ack', state: { input: 'dp', info: { inputCode: 'c0' } } }]);
    expect(strip(roundTrip(display, 'volume', { level: 100 }))).toEqual([{ type: 'ack', state: { volume: 100 } }]);
    expect(strip(roundTrip(display, 'mute', { on: true }))).toEqual([{ type: 'ack', state: { mute: true } }]);
    expect(strip(roundTrip(display, 'brightness', { level: 75 }))).toEqual([{ type: 'ack', state: { brightness: 75 } }]);
    expect(strip(roundTrip(display, 'status'))).toEqual([{ type: 'ack', state: { power: 'on' } }]);
    expect(display.state).toEqual({ power: 1, input: 'c0', volume: 100, muted: true, brightness: 75 });
    // the bytes on the wire: lower-case hex, `x` at the end and no CR
    expect(say(display, 'kh 01 ff\r')).toEqual(['h 01 OK4bx']);
    expect(say(display, 'ke 01 01\r')).toEqual(['e 01 OK01x']);
    expect(display.state.muted).toBe(false);
  });

  it('answers set ID 00 with its own ID; ignores other set IDs', () => {
    const display = new LgEmulator(10);
    expect(roundTrip(display, 'power', { on: true }, 1)).toEqual([]);
    expect(display.state.power).toBe(0);
    expect(say(display, 'ka 00 01\r')).toEqual(['a 0a OK01x']);
    expect(strip(roundTrip(display, 'volume', { level: 5 }, 0))).toEqual([{ type: 'ack', state: { volume: 5 } }]);
    expect(strip(roundTrip(display, 'power', { on: false }, 10))).toEqual([{ type: 'ack', state: { power: 'off' } }]);
  });

  it('refuses a value out of range with NG00 and an unknown command with NG01, as naks', () => {
    const display = new LgEmulator(1);
    expect(say(display, 'kf 01 65\r')).toEqual(['f 01 NG00x']); // 101
    expect(say(display, 'xb 01 42\r')).toEqual(['b 01 NG00x']);
    expect(say(display, 'kz 01 01\r')).toEqual(['z 01 NG01x']);
    expect(display.state.volume).toBe(20);
    const codec = lgDriver.createCodec({ address: 1 });
    codec.encode('volume', { level: 50 });
    const [nak] = display.receive(ascii('kf 01 ee\r')).flatMap((r) => codec.feed(r));
    expect(nak).toMatchObject({ type: 'nak', code: 'NG00' });
    expect(nak?.type === 'nak' && nak.message).toMatch(/illegal code/);
  });

  it('reads a command split into single bytes, after noise on the line', () => {
    const display = new LgEmulator(1);
    const replies = Array.from(ascii('\u0000zz#ka 01 01\r')).flatMap((b) => display.receive(Uint8Array.of(b)));
    expect(replies.map(text)).toEqual(['a 01 OK01x']);
    expect(display.received).toEqual(['ka 01 01']);
  });

  it('answers two commands in one chunk, and a line that is not a command with nothing', () => {
    const display = new LgEmulator(1);
    expect(say(display, 'ka 01 01\rhello\rkf 01 0a\r')).toEqual(['a 01 OK01x', 'f 01 OK0ax']);
    expect(display.state.volume).toBe(10);
  });
});
