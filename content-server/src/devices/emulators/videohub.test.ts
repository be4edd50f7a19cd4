import { describe, expect, it } from 'vitest';
import { ascii, type DeviceCodec, type DeviceEvent } from '../driver.js';
import { videohubDriver } from '../drivers/videohub.js';
import { VideohubEmulator } from './videohub.js';

const strip = (events: DeviceEvent[]) => events.map(({ raw: _raw, ...rest }) => rest);
const utf8 = (b: Uint8Array): string => new TextDecoder().decode(b);
const say = (hub: VideohubEmulator, s: string): string[] => hub.receive(new TextEncoder().encode(s)).map(utf8);

/** A connection: the status dump, then each command through the driver's codec. */
function connect(hub: VideohubEmulator) {
  const codec: DeviceCodec = videohubDriver.createCodec();
  const greeting = codec.feed(hub.greeting());
  const send = (command: string, args: unknown = {}): DeviceEvent[] => hub.receive(codec.encode(command, args).bytes).flatMap((r) => codec.feed(r));
  return { greeting, send, codec };
}

describe('the emulated Videohub', () => {
  it('sends its whole state on connect, ending in END PRELUDE', () => {
    const hub = new VideohubEmulator({ inputs: 2, outputs: 3, friendlyName: 'Phòng điều hành' });
    expect(utf8(hub.greeting())).toBe(
      [
        'PROTOCOL PREAMBLE:\nVersion: 2.8\n\n',
        'VIDEOHUB DEVICE:\nDevice present: true\nModel name: Smart Videohub 2x3\nFriendly name: Phòng điều hành\nUnique ID: 7C2E0D000001\n' +
          'Video inputs: 2\nVideo processing units: 0\nVideo outputs: 3\nVideo monitoring outputs: 0\nSerial ports: 0\n\n',
        'INPUT LABELS:\n0 Input 1\n1 Input 2\n\n',
        'OUTPUT LABELS:\n0 Output 1\n1 Output 2\n2 Output 3\n\n',
        'VIDEO OUTPUT LOCKS:\n0 U\n1 U\n2 U\n\n',
        'VIDEO OUTPUT ROUTING:\n0 0\n1 1\n2 0\n\n',
        'END PRELUDE:\n\n',
      ].join(''),
    );
  });

  it('the driver reads the dump as a greeting, device info, labels and routes', () => {
    const { greeting } = connect(new VideohubEmulator({ inputs: 4, outputs: 4 }));
    expect(greeting.map((e) => e.type)).toEqual(['greeting', ...Array<string>(7).fill('unsolicited')]);
    expect(strip(greeting)).toContainEqual({ type: 'unsolicited', state: { routes: { 1: 1, 2: 2, 3: 3, 4: 4 } } });
    expect(strip(greeting)).toContainEqual(expect.objectContaining({ state: { info: expect.objectContaining({ model: 'Smart Videohub 4x4', videoOutputs: 4 }) } }));
    expect(strip(greeting)).toContainEqual({ type: 'unsolicited', state: { info: { inputLabel1: 'Input 1', inputLabel2: 'Input 2', inputLabel3: 'Input 3', inputLabel4: 'Input 4' } } });
  });

  it('answers the protocol example with ACK and then the changed routing block', () => {
    const hub = new VideohubEmulator();
    hub.greeting();
    expect(say(hub, 'VIDEO OUTPUT ROUTING:\n7 2\n\n')).toEqual(['ACK\n\n', 'VIDEO OUTPUT ROUTING:\n7 2\n\n']);
    expect(hub.state.routing[7]).toBe(2);
    const c = connect(hub);
    expect(strip(c.send('route', { input: 3, output: 8 }))).toEqual([{ type: 'ack' }, { type: 'unsolicited', state: { routes: { 8: 3 } } }]);
    expect(strip(c.send('route', { input: 12, output: 1 }))).toEqual([{ type: 'ack' }, { type: 'unsolicited', state: { routes: { 1: 12 } } }]);
  });

  it('answers a bare header with ACK and the whole block; PING with ACK', () => {
    const hub = new VideohubEmulator({ inputs: 2, outputs: 2 });
    const c = connect(hub);
    expect(strip(c.send('status'))).toEqual([{ type: 'ack' }, { type: 'unsolicited', state: { routes: { 1: 1, 2: 2 } } }]);
    expect(strip(c.send('ping'))).toEqual([{ type: 'ack' }]);
    expect(say(hub, 'PING:\n\n')).toEqual(['ACK\n\n']);
  });

  it('changes labels (UTF-8) and answers with the changed lines', () => {
    const hub = new VideohubEmulator({ inputs: 2, outputs: 2 });
    expect(say(hub, 'INPUT LABELS:\n1 Máy quay 2\n\n')).toEqual(['ACK\n\n', 'INPUT LABELS:\n1 Máy quay 2\n\n']);
    expect(hub.state.inputLabels).toEqual(['Input 1', 'Máy quay 2']);
    const codec = videohubDriver.createCodec();
    const events = hub.receive(ascii('OUTPUT LABELS:\n\n')).flatMap((r) => codec.feed(r));
    expect(strip(events)).toEqual([{ type: 'ack' }, { type: 'unsolicited', state: { info: { outputLabel1: 'Output 1', outputLabel2: 'Output 2' } } }]);
  });

  it('NAKs a port out of range, a line it cannot read and a block it does not know, and changes nothing', () => {
    const hub = new VideohubEmulator({ inputs: 4, outputs: 4 });
    const c = connect(hub);
    expect(strip(c.send('route', { input: 5, output: 1 }))).toEqual([
      { type: 'nak', code: 'NAK', message: 'the Videohub did not understand or could not carry out the request' },
    ]);
    expect(strip(c.send('route', { input: 1, output: 5 }))).toMatchObject([{ type: 'nak', code: 'NAK' }]);
    expect(say(hub, 'VIDEO OUTPUT ROUTING:\n0 3\n1 x\n\n')).toEqual(['NAK\n\n']);
    expect(say(hub, 'FROBNICATE:\n0 1\n\n')).toEqual(['NAK\n\n']);
    expect(hub.state.routing).toEqual([0, 1, 2, 3]);
  });

  it('reads a block split into single bytes, with CR LF line ends and noise before the header', () => {
    const hub = new VideohubEmulator();
    const bytes = Uint8Array.of(0xff, 0xfb, 0x01, 0x0a, ...ascii('xxVIDEO OUTPUT ROUTING:\r\n5 0\r\n\r\n'));
    const replies = Array.from(bytes).flatMap((b) => hub.receive(Uint8Array.of(b)));
    expect(replies.map(utf8)).toEqual(['ACK\n\n', 'VIDEO OUTPUT ROUTING:\n5 0\n\n']);
    expect(hub.state.routing[5]).toBe(0);
  });
});
