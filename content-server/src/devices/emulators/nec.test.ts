import { describe, expect, it } from 'vitest';
import { fromHex, toHex, type DeviceEvent } from '../driver.js';
import { necDriver } from '../drivers/nec.js';
import { NecEmulator } from './nec.js';

/** The driver and the emulated monitor talking, with no I/O in between. */
function roundTrip(monitor: NecEmulator, command: string, args: unknown = {}, address: number | string = 1): DeviceEvent[] {
  const codec = necDriver.createCodec({ address });
  return monitor.receive(codec.encode(command, args).bytes).flatMap((reply) => codec.feed(reply));
}
const strip = (events: DeviceEvent[]) => events.map(({ raw: _raw, ...rest }) => rest);
const hexReplies = (monitor: NecEmulator, hex: string): string[] => monitor.receive(fromHex(hex)).map(toHex);

// NEC's published power-on packet for monitor 1, and the replies the driver's tests work out by hand.
const POWER_ON = '01 30 41 30 41 30 43 02 43 32 30 33 44 36 30 30 30 31 03 73 0D';
const POWER_ON_REPLY = '01 30 30 41 42 30 45 02 30 30 43 32 30 33 44 36 30 30 30 31 03 76 0D';
const POWER_STATUS_REPLY = '01 30 30 41 42 31 32 02 30 32 30 30 44 36 30 30 30 30 30 34 30 30 30 31 03 74 0D';
const INPUT_REPLY = '01 30 30 41 46 31 32 02 30 30 30 30 36 30 30 30 30 30 38 38 30 30 31 31 03 03 0D';
const NULL_REPLY = '01 30 30 41 42 30 34 02 42 45 03 01 0D';

describe('the emulated NEC monitor', () => {
  it('answers the published power-on packet byte for byte', () => {
    const monitor = new NecEmulator(1);
    expect(hexReplies(monitor, POWER_ON)).toEqual([POWER_ON_REPLY]);
    expect(monitor.state.power).toBe(1);
  });

  it('answers what the driver sends with the replies the driver reads, byte for byte', () => {
    const monitor = new NecEmulator(1);
    const codec = necDriver.createCodec({ address: 1 });
    const send = (command: string, args: unknown = {}) => monitor.receive(codec.encode(command, args).bytes).map(toHex);
    expect(send('power', { on: true })).toEqual([POWER_ON_REPLY]);
    expect(send('status')).toEqual([POWER_STATUS_REPLY]);
    expect(send('input', { source: 'hdmi1' })).toEqual([INPUT_REPLY]);
  });

  it('keeps set parameters, power and saves; the driver reads them back as acks with state', () => {
    const monitor = new NecEmulator(1);
    expect(strip(roundTrip(monitor, 'power', { on: true }))).toEqual([{ type: 'ack', state: { power: 'on' } }]);
    expect(strip(roundTrip(monitor, 'input', { source: 'dp' }))).toEqual([{ type: 'ack', state: { input: 'dp', info: { inputCode: '0x0F' } } }]);
    expect(strip(roundTrip(monitor, 'volume', { level: 50 }))).toEqual([{ type: 'ack', state: { volume: 50 } }]);
    expect(strip(roundTrip(monitor, 'mute', { on: true }))).toEqual([{ type: 'ack', state: { mute: true } }]);
    expect(strip(roundTrip(monitor, 'mute', { on: false }))).toEqual([{ type: 'ack', state: { mute: false } }]);
    expect(strip(roundTrip(monitor, 'brightness', { level: 75 }))).toEqual([{ type: 'ack', state: { brightness: 75 } }]);
    expect(strip(roundTrip(monitor, 'save'))).toEqual([{ type: 'ack' }]);
    expect(strip(roundTrip(monitor, 'power', { on: false }))).toEqual([{ type: 'ack', state: { power: 'off' } }]);
    expect(strip(roundTrip(monitor, 'status'))).toEqual([{ type: 'ack', state: { power: 'off', info: { powerMode: 'off' } } }]);
    expect(monitor.state).toEqual({ power: 4, input: 0x0f, volume: 50, mute: 2, brightness: 75, saves: 1 });
  });

  it('answers a get parameter (type C) with the current value', () => {
    const monitor = new NecEmulator(1);
    // get volume `0062` from monitor 1: header 30^41^30^43^30^36 = 04, STX 02, message 30^30^36^32 = 04, ETX 03 -> 01
    const [reply] = monitor.receive(fromHex('01 30 41 30 43 30 36 02 30 30 36 32 03 01 0D'));
    // `00 0062 00 0064 001E` (volume 30), type D: header 30^30^41^44^31^32 = 06, message 72 -> 06^02^72^03 = 75
    expect(toHex(reply!)).toBe('01 30 30 41 44 31 32 02 30 30 30 30 36 32 30 30 30 30 36 34 30 30 31 45 03 75 0D');
    const codec = necDriver.createCodec({ address: 1 });
    codec.encode('volume', { level: 30 }); // a get reply answers the same key as the set
    expect(strip(codec.feed(reply!))).toEqual([{ type: 'ack', state: { volume: 30 } }]);
  });

  it('refuses a value it does not accept with result 01, a nak the driver names', () => {
    const monitor = new NecEmulator(1);
    const codec = necDriver.createCodec({ address: 1 });
    codec.encode('volume', { level: 50 });
    // set volume 0x65 = 101: `00620065`, header 75 ^ STX 02 ^ (30^30^36^32^30^30^36^35 = 07) ^ ETX 03 = 73
    const [nak] = monitor.receive(fromHex('01 30 41 30 45 30 41 02 30 30 36 32 30 30 36 35 03 73 0D')).flatMap((r) => codec.feed(r));
    expect(nak).toMatchObject({ type: 'nak', code: '01' });
    expect(nak?.type === 'nak' && nak.message).toMatch(/volume.*unsupported/);
    expect(monitor.state.volume).toBe(30);
  });

  it('answers the NULL message while busy, and to a command it does not know', () => {
    const monitor = new NecEmulator(1);
    monitor.busy = true;
    expect(hexReplies(monitor, POWER_ON)).toEqual([NULL_REPLY]);
    expect(monitor.state.power).toBe(4);
    expect(roundTrip(monitor, 'volume', { level: 10 })).toMatchObject([{ type: 'nak', code: 'BE' }]);
    monitor.busy = false;
    expect(roundTrip(monitor, 'volume', { level: 10 })).toMatchObject([{ type: 'ack', state: { volume: 10 } }]);
    // command `1234`: header 30^41^30^41^30^36 = 06, STX 02, message 31^32^33^34 = 04, ETX 03 -> 03
    expect(hexReplies(monitor, '01 30 41 30 41 30 36 02 31 32 33 34 03 03 0D')).toEqual([NULL_REPLY]);
  });

  it('ignores a packet with a bad BCC, and one for another monitor', () => {
    const monitor = new NecEmulator(1);
    expect(hexReplies(monitor, POWER_ON.replace('03 73 0D', '03 74 0D'))).toEqual([]);
    expect(roundTrip(monitor, 'power', { on: true }, 2)).toEqual([]);
    expect(monitor.state.power).toBe(4);
    // the good packet right after a bad one is still read
    expect(hexReplies(monitor, `${POWER_ON.replace('03 73 0D', '03 74 0D')} ${POWER_ON}`)).toEqual([POWER_ON_REPLY]);
  });

  it("obeys '*' (all monitors) without answering", () => {
    const monitor = new NecEmulator(3);
    expect(roundTrip(monitor, 'power', { on: true }, '*')).toEqual([]);
    expect(monitor.state.power).toBe(1);
  });

  it('reads a packet split into single bytes, after noise', () => {
    const monitor = new NecEmulator(1);
    const replies = Array.from(fromHex(`0D 0A FF 01 30 ${POWER_ON}`)).flatMap((b) => monitor.receive(Uint8Array.of(b)));
    expect(replies.map(toHex)).toEqual([POWER_ON_REPLY]);
  });
});
