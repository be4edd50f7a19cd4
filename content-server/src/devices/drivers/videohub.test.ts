import { describe, expect, it } from 'vitest';
import { ascii, text, toHex } from '../driver.js';
import type { DeviceCodec, DeviceEvent } from '../driver.js';
import { videohubDriver } from './videohub.js';
import { bytewiseText as bytewise, fieldOf, strip } from './codec-test-kit.js';

const codec = (): DeviceCodec => videohubDriver.createCodec();
const sent = (c: DeviceCodec, command: string, args: unknown = {}): string => text(c.encode(command, args).bytes);
const feedAll = (c: DeviceCodec, s: string): DeviceEvent[] => c.feed(ascii(s));

/** What a 4x4 router sends on connect (shape of the Videohub Ethernet protocol v2.x dump). */
const DUMP = [
  'PROTOCOL PREAMBLE:\nVersion: 2.8\n\n',
  'VIDEOHUB DEVICE:\nDevice present: true\nModel name: Smart Videohub 4x4\nFriendly name: Phong dieu hanh\nUnique ID: 7C2E0D0011AA\nVideo inputs: 4\nVideo processing units: 0\nVideo outputs: 4\nVideo monitoring outputs: 0\nSerial ports: 0\n\n',
  'INPUT LABELS:\n0 Camera 1\n1 Camera 2\n2 PC đồ họa\n3 Input 4\n\n',
  'OUTPUT LABELS:\n0 Wall left\n1 Wall right\n2 Recorder\n3 Output 4\n\n',
  'VIDEO OUTPUT LOCKS:\n0 U\n1 L\n2 O\n3 U\n\n',
  'VIDEO OUTPUT ROUTING:\n0 2\n1 2\n2 0\n3 3\n\n',
  'CONFIGURATION:\nTake Mode: false\n\n',
  'END PRELUDE:\n\n',
].join('');
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('videohub encode', () => {
  it('route output 8 from input 3 is VIDEO OUTPUT ROUTING:\\n7 2\\n\\n (the protocol example; wire ports are 0-based)', () => {
    const f = codec().encode('route', { input: 3, output: 8 });
    expect(text(f.bytes)).toBe('VIDEO OUTPUT ROUTING:\n7 2\n\n');
    expect(toHex(f.bytes)).toBe('56 49 44 45 4F 20 4F 55 54 50 55 54 20 52 4F 55 54 49 4E 47 3A 0A 37 20 32 0A 0A');
    expect(f).toMatchObject({ expectReply: true, summary: 'route input 3 to output 8' });
  });

  it('status asks for the routing block, ping is PING:', () => {
    const c = codec();
    expect(sent(c, 'status')).toBe('VIDEO OUTPUT ROUTING:\n\n');
    expect(sent(c, 'ping')).toBe('PING:\n\n');
    expect(sent(c, 'route', { input: 1, output: 1 })).toBe('VIDEO OUTPUT ROUTING:\n0 0\n\n');
  });

  it('refuses bad arguments naming the field', () => {
    const c = codec();
    expect(fieldOf(() => c.encode('route', { input: 0, output: 1 }))).toBe('input');
    expect(fieldOf(() => c.encode('route', { input: 1 }))).toBe('output');
    expect(fieldOf(() => c.encode('route', { input: 1, output: 2.5 }))).toBe('output');
    expect(fieldOf(() => c.encode('route', { input: '1', output: 1 }))).toBe('input');
    expect(fieldOf(() => c.encode('power', {}))).toBeNull();
  });
});

describe('videohub replies', () => {
  it('parses the status dump on connect into a greeting, info, labels and 1-based routes', () => {
    const events = codec().feed(utf8(DUMP));
    expect(strip(events)).toEqual([
      { type: 'greeting' },
      { type: 'unsolicited', state: { info: { protocolVersion: '2.8' } } },
      {
        type: 'unsolicited',
        state: {
          info: {
            devicePresent: true,
            modelName: 'Smart Videohub 4x4',
            model: 'Smart Videohub 4x4',
            friendlyName: 'Phong dieu hanh',
            uniqueId: '7C2E0D0011AA',
            videoInputs: 4,
            videoProcessingUnits: 0,
            videoOutputs: 4,
            videoMonitoringOutputs: 0,
            serialPorts: 0,
          },
        },
      },
      { type: 'unsolicited', state: { info: { inputLabel1: 'Camera 1', inputLabel2: 'Camera 2', inputLabel3: 'PC đồ họa', inputLabel4: 'Input 4' } } },
      { type: 'unsolicited', state: { info: { outputLabel1: 'Wall left', outputLabel2: 'Wall right', outputLabel3: 'Recorder', outputLabel4: 'Output 4' } } },
      { type: 'unsolicited', state: { info: { outputLock1: 'unlocked', outputLock2: 'locked', outputLock3: 'owned', outputLock4: 'unlocked' } } },
      { type: 'unsolicited', state: { routes: { 1: 3, 2: 3, 3: 1, 4: 4 } } },
      { type: 'unsolicited' },
      { type: 'unsolicited' },
    ]);
    expect(text(events[0]!.raw)).toBe('PROTOCOL PREAMBLE:\nVersion: 2.8\n\n');
    expect(text(events[6]!.raw)).toBe('VIDEO OUTPUT ROUTING:\n0 2\n1 2\n2 0\n3 3\n\n');
  });

  it('the same dump fed one byte at a time gives the same events', () => {
    const whole = strip(codec().feed(utf8(DUMP)));
    const c = codec();
    expect(strip(Array.from(utf8(DUMP)).flatMap((b) => c.feed(Uint8Array.of(b))))).toEqual(whole);
  });

  it('ACK is an ack without state; the routing block after it carries the truth', () => {
    const c = codec();
    c.encode('route', { input: 3, output: 8 });
    expect(strip(feedAll(c, 'ACK\n\nVIDEO OUTPUT ROUTING:\n7 2\n\n'))).toEqual([
      { type: 'ack' },
      { type: 'unsolicited', state: { routes: { 8: 3 } } },
    ]);
  });

  it('NAK is a nak', () => {
    const c = codec();
    c.encode('route', { input: 3, output: 8 });
    expect(strip(feedAll(c, 'NAK\n\n'))).toEqual([
      { type: 'nak', code: 'NAK', message: 'the Videohub did not understand or could not carry out the request' },
    ]);
  });

  it('ping is answered by ACK, also split into single bytes', () => {
    const c = codec();
    c.encode('ping', {});
    expect(strip(bytewise(c, 'ACK\n\n'))).toEqual([{ type: 'ack' }]);
  });

  it('tolerates CR LF line ends', () => {
    const c = codec();
    expect(strip(feedAll(c, 'ACK\r\n\r\nVIDEO OUTPUT ROUTING:\r\n0 1\r\n\r\n'))).toEqual([
      { type: 'ack' },
      { type: 'unsolicited', state: { routes: { 1: 2 } } },
    ]);
  });

  it('noise before a block is garbage; the block is still read', () => {
    const c = codec();
    const events = c.feed(Uint8Array.of(0xff, 0xfb, 0x01, ...ascii('ACK\n\n')));
    expect(events).toMatchObject([{ type: 'garbage', raw: Uint8Array.of(0xff, 0xfb, 0x01) }, { type: 'ack' }]);
    expect(strip(feedAll(c, 'hello there\nxxVIDEO OUTPUT ROUTING:\n5 0\n\n'))).toMatchObject([
      { type: 'garbage' },
      { type: 'garbage' },
      { type: 'unsolicited', state: { routes: { 6: 1 } } },
    ]);
  });

  it('ignores lines it does not understand inside a known block, and unknown blocks', () => {
    const c = codec();
    expect(strip(feedAll(c, 'VIDEO OUTPUT ROUTING:\n0 1\nsomething new\n2 x\n\nALARM STATUS:\nFan: ok\n\n'))).toEqual([
      { type: 'unsolicited', state: { routes: { 1: 2 } } },
      { type: 'unsolicited' },
    ]);
  });

  it('a partial block waits for its blank line; reset forgets it', () => {
    const c = codec();
    expect(feedAll(c, 'VIDEO OUTPUT ROUTING:\n0 1\n')).toEqual([]);
    c.reset();
    expect(feedAll(c, '\n')).toEqual([]);
    expect(strip(feedAll(c, 'ACK\n\n'))).toEqual([{ type: 'ack' }]);
  });
});
