import { describe, expect, it } from 'vitest';
import { fromHex, toHex, type DeviceEvent } from '../driver.js';
import { samsungMdcDriver } from '../drivers/samsung-mdc.js';
import { SamsungMdcEmulator } from './samsung-mdc.js';

/** The driver and the emulated display talking, with no I/O in between. */
function roundTrip(display: SamsungMdcEmulator, command: string, args: unknown = {}, address = 1): DeviceEvent[] {
  const codec = samsungMdcDriver.createCodec({ address });
  const frame = codec.encode(command, args);
  return display.receive(frame.bytes).flatMap((reply) => codec.feed(reply));
}

describe('the emulated Samsung display', () => {
  it('answers the public example like a display: power on display 1', () => {
    const display = new SamsungMdcEmulator(1);
    const replies = display.receive(fromHex('AA 11 01 01 01 14'));
    expect(replies.map(toHex)).toEqual(['AA FF 01 03 41 11 01 56']);
    expect(display.state.power).toBe(1);
  });

  it('keeps its state between commands, and the driver reads it back', () => {
    const display = new SamsungMdcEmulator(1);
    roundTrip(display, 'power', { on: true });
    roundTrip(display, 'volume', { level: 35 });
    roundTrip(display, 'input', { source: 'dp' });
    const [status] = roundTrip(display, 'status');
    expect(status).toMatchObject({ type: 'ack', state: { power: 'on', volume: 35, mute: false, input: 'dp' } });
  });

  it('answers only its own ID, and obeys broadcast without answering', () => {
    const display = new SamsungMdcEmulator(2);
    expect(roundTrip(display, 'power', { on: true }, 1)).toEqual([]);
    expect(display.state.power).toBe(0);
    expect(display.receive(samsungMdcDriver.createCodec({ address: 0xfe }).encode('power', { on: true }).bytes)).toEqual([]);
    expect(display.state.power).toBe(1);
  });

  it('ignores a frame with a bad checksum and NAKs a command it does not know', () => {
    const display = new SamsungMdcEmulator(1);
    expect(display.receive(fromHex('AA 11 01 01 01 15'))).toEqual([]);
    expect(display.state.power).toBe(0);
    // AA FF id len 'N' rcmd err cs; checksum FF+01+03+4E+77+02 = 255+1+3+78+119+2 = 458 = 0x1CA -> CA
    expect(display.receive(fromHex('AA 77 01 00 78')).map(toHex)).toEqual(['AA FF 01 03 4E 77 02 CA']);
  });

  it('reads frames that arrive in pieces, after noise', () => {
    const display = new SamsungMdcEmulator(1);
    const bytes = fromHex('00 13 AA 11 01 01 01 14');
    const replies = [...bytes].flatMap((b) => display.receive(Uint8Array.of(b)));
    expect(replies.map(toHex)).toEqual(['AA FF 01 03 41 11 01 56']);
  });
});
