import { describe, expect, it } from 'vitest';
import { ascii, text, type DeviceEvent } from '../driver.js';
import { templateDriver } from '../drivers/template.js';
import { SCREEN_COMMANDS, TemplateEmulator } from './template.js';

const strip = (events: DeviceEvent[]) => events.map(({ raw: _raw, ...rest }) => rest);
const say = (device: TemplateEmulator, s: string): string[] => device.receive(ascii(s)).map(text);

/** The template driver with the screen's profile commands, talking to the emulated screen. */
function connect(device: TemplateEmulator) {
  const codec = templateDriver.createCodec({ options: { commands: SCREEN_COMMANDS } });
  const send = (command: string, args: unknown = {}): DeviceEvent[] => device.receive(codec.encode(command, args).bytes).flatMap((r) => codec.feed(r));
  return { codec, send };
}

describe('the emulated template device (a projection screen by default)', () => {
  it('answers the driver example SCR DOWN with OK, and keeps its position', () => {
    const screen = new TemplateEmulator();
    expect(say(screen, 'SCR DOWN\r')).toEqual(['OK\r\n']);
    expect(screen.state['position']).toBe('DOWN');
    const c = connect(screen);
    expect(strip(c.send('screen.up'))).toEqual([{ type: 'ack' }]);
    expect(strip(c.send('screen.status'))).toEqual([{ type: 'ack', state: { info: { position: 'UP' } } }]);
  });

  it('acks with the state the ok regex names; its own ERR 2 is a nak with the code', () => {
    const screen = new TemplateEmulator();
    const c = connect(screen);
    expect(strip(c.send('screen.volume', { level: 45 }))).toEqual([{ type: 'ack', state: { info: { volume: 45 } } }]);
    expect(strip(c.send('screen.volume', { level: 150 }))).toEqual([{ type: 'nak', code: '2', message: 'ERR 2' }]);
    expect(screen.state['volume']).toBe(45);
    expect(strip(c.send('screen.input', { src: 'HDMI2' }))).toEqual([{ type: 'ack' }]);
    expect(strip(c.send('screen.input', { src: 'DVI' }))).toEqual([{ type: 'nak', code: '2', message: 'ERR 2' }]);
    expect(strip(c.send('screen.label', { text: 'Hall A' }))).toEqual([{ type: 'ack' }]);
    expect(screen.state).toMatchObject({ input: 'HDMI2', label: 'Hall A' });
  });

  it('answers a line no rule knows with ERR 1 (or what `unknown` says)', () => {
    expect(say(new TemplateEmulator(), 'POWER ON\r')).toEqual(['ERR 1\r\n']);
    expect(say(new TemplateEmulator({ rules: [], unknown: null }), 'POWER ON\r')).toEqual([]);
  });

  it('takes a table of rules: string replies with $n and $<name>, functions with state', () => {
    const relay = new TemplateEmulator({
      rules: [
        { match: /^PING$/, reply: 'PONG' },
        { match: /^ECHO (?<word>\w+) (\d+)$/, reply: '$<word>=$2' },
        {
          match: /^RELAY (\d) (ON|OFF)$/,
          reply: (m, s) => {
            s[`relay${m[1]}`] = m[2] === 'ON';
            return `R${m[1]}=${m[2]}`;
          },
        },
        { match: /^QUIET$/, reply: () => null },
      ],
      eol: '\r',
      state: { relay1: false },
    });
    expect(say(relay, 'PING\nECHO vol 42\nRELAY 1 ON\nQUIET\nNOPE\n')).toEqual(['PONG\r', 'vol=42\r', 'R1=ON\r', 'ERR 1\r']);
    expect(relay.state).toEqual({ relay1: true });
  });

  it('reads a line split into single bytes, after noise, and skips blank lines', () => {
    const screen = new TemplateEmulator();
    const bytes = Uint8Array.of(0x00, 0xff, 0x1b, ...ascii('VOL 007\r\n\r\n'));
    const replies = Array.from(bytes).flatMap((b) => screen.receive(Uint8Array.of(b)));
    expect(replies.map(text)).toEqual(['VOL=7\r\n']);
    expect(screen.received).toEqual(['VOL 007']);
  });
});
