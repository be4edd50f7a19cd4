import { describe, expect, it } from 'vitest';
import { ascii, text, type DeviceCodec, type DeviceEvent } from '../driver.js';
import { extronSisDriver } from '../drivers/extron-sis.js';
import { ExtronSisEmulator } from './extron-sis.js';

const strip = (events: DeviceEvent[]) => events.map(({ raw: _raw, ...rest }) => rest);
const say = (matrix: ExtronSisEmulator, s: string): string[] => matrix.receive(ascii(s)).map(text);

/** A connection: the banner, then each command through the driver's codec. */
function connect(matrix: ExtronSisEmulator, options?: Record<string, unknown>) {
  const codec: DeviceCodec = extronSisDriver.createCodec(options ? { options } : {});
  const hello = matrix.greeting();
  const greeting = hello ? codec.feed(hello) : [];
  const send = (command: string, args: unknown = {}): DeviceEvent[] => matrix.receive(codec.encode(command, args).bytes).flatMap((r) => codec.feed(r));
  return { greeting, send };
}

const at = () => new Date(Date.UTC(2017, 0, 11, 14, 26, 8));

describe('the emulated Extron matrix switcher', () => {
  it('greets with the copyright banner and the date, which the driver reads as unsolicited', () => {
    const matrix = new ExtronSisEmulator({ inputs: 8, outputs: 8, now: at });
    expect(text(matrix.greeting()!)).toBe('(c) Copyright 2010, Extron Electronics, DXP 88 HDMI, V1.04, 60-1112-01\r\nWed, 11 Jan 2017 14:26:08\r\n');
    const c = connect(new ExtronSisEmulator({ now: at }));
    expect(strip(c.greeting)).toEqual([
      { type: 'unsolicited', state: { info: { banner: '(c) Copyright 2010, Extron Electronics, DXP 88 HDMI, V1.04, 60-1112-01', firmware: '1.04' } } },
      { type: 'unsolicited' },
    ]);
    expect(new ExtronSisEmulator({ banner: false }).greeting()).toBeNull();
  });

  it('answers the guide example 1*3! with Out03 In01 All', () => {
    const matrix = new ExtronSisEmulator();
    expect(say(matrix, '1*3!')).toEqual(['Out03 In01 All\r\n']);
    expect(matrix.state.video[2]).toBe(1);
    expect(matrix.state.audio[2]).toBe(1);
  });

  it('ties, breaks away audio and video, unties, and the driver acks with the routes', () => {
    const matrix = new ExtronSisEmulator({ inputs: 4, outputs: 4 });
    const c = connect(matrix, { outputs: 4 });
    expect(strip(c.send('route', { input: 2, output: 1 }))).toEqual([{ type: 'ack', state: { routes: { 1: 2 }, info: { audioOut1: 2 } } }]);
    expect(strip(c.send('route', { input: 3, output: 2, kind: 'video' }))).toEqual([{ type: 'ack', state: { routes: { 2: 3 } } }]);
    expect(strip(c.send('route', { input: 4, output: 2, kind: 'audio' }))).toEqual([{ type: 'ack', state: { info: { audioOut2: 4 } } }]);
    expect(strip(c.send('route', { input: 1, output: 3, kind: 'rgb' }))).toEqual([{ type: 'ack', state: { routes: { 3: 1 } } }]);
    expect(strip(c.send('route', { input: 0, output: 4 }))).toEqual([{ type: 'ack', state: { routes: { 4: 0 }, info: { audioOut4: 0 } } }]);
    expect(matrix.state.video).toEqual([2, 3, 1, 0]);
    expect(matrix.state.audio).toEqual([2, 4, 3, 0]);
    expect(strip(c.send('status', { output: 2 }))).toEqual([{ type: 'ack', state: { routes: { 2: 3 } } }]);
    expect(strip(c.send('status', { output: 2, kind: 'audio' }))).toEqual([{ type: 'ack', state: { info: { audioOut2: 4 } } }]);
    expect(say(matrix, '2$')).toEqual(['04\r\n']);
  });

  it('ties one input to every output: In03 All', () => {
    const matrix = new ExtronSisEmulator({ inputs: 4, outputs: 4 });
    const c = connect(matrix, { outputs: 4 });
    expect(strip(c.send('route', { input: 3, output: 'all', kind: 'video' }))).toEqual([{ type: 'ack', state: { routes: { 1: 3, 2: 3, 3: 3, 4: 3 } } }]);
    expect(matrix.state.video).toEqual([3, 3, 3, 3]);
    expect(matrix.state.audio).toEqual([1, 2, 3, 4]);
    expect(say(matrix, '2*!')).toEqual(['In02 All\r\n']);
  });

  it('saves and recalls presets', () => {
    const matrix = new ExtronSisEmulator({ inputs: 4, outputs: 4 });
    const c = connect(matrix);
    c.send('route', { input: 4, output: 1 });
    expect(strip(c.send('preset.save', { preset: 9 }))).toEqual([{ type: 'ack', state: { info: { lastPresetSaved: 9 } } }]);
    c.send('route', { input: 1, output: 1 });
    expect(strip(c.send('preset.recall', { preset: 9 }))).toEqual([{ type: 'ack', state: { info: { lastPresetRecalled: 9 } } }]);
    expect(matrix.state.video[0]).toBe(4);
    expect(say(matrix, '9.')).toEqual(['Rpr09\r\n']);
  });

  it('refuses with E01, E12, E11 and E10, which the driver reads as naks', () => {
    const matrix = new ExtronSisEmulator({ inputs: 4, outputs: 4, presets: 16 });
    const c = connect(matrix);
    expect(strip(c.send('route', { input: 5, output: 1 }))).toEqual([{ type: 'nak', code: 'E01', message: 'invalid input number' }]);
    expect(strip(c.send('route', { input: 1, output: 5 }))).toEqual([{ type: 'nak', code: 'E12', message: 'invalid output or port number' }]);
    expect(strip(c.send('status', { output: 9 }))).toEqual([{ type: 'nak', code: 'E12', message: 'invalid output or port number' }]);
    expect(strip(c.send('preset.recall', { preset: 3 }))).toEqual([{ type: 'nak', code: 'E11', message: 'invalid preset number' }]); // never saved
    expect(strip(c.send('preset.save', { preset: 17 }))).toEqual([{ type: 'nak', code: 'E11', message: 'invalid preset number' }]);
    expect(say(matrix, '1*2*3!')).toEqual(['E10\r\n']);
    expect(say(matrix, 'Z')).toEqual(['E10\r\n']);
    expect(matrix.state.video).toEqual([1, 2, 3, 4]);
  });

  it('reads a command split into single bytes, with line noise before it', () => {
    const matrix = new ExtronSisEmulator();
    const bytes = Uint8Array.of(0xff, 0x00, 0x0d, 0x0a, ...ascii('2*6!'));
    const replies = Array.from(bytes).flatMap((b) => matrix.receive(Uint8Array.of(b)));
    expect(replies.map(text)).toEqual(['Out06 In02 All\r\n']);
    expect(matrix.received).toEqual(['2*6!']);
  });

  it('answers several commands in one chunk, in order', () => {
    const matrix = new ExtronSisEmulator();
    expect(say(matrix, '1*2!3*4%5*6$')).toEqual(['Out02 In01 All\r\n', 'Out04 In03 Vid\r\n', 'Out06 In05 Aud\r\n']);
  });
});
