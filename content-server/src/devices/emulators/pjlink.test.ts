import { describe, expect, it } from 'vitest';
import { text, type DeviceEvent } from '../driver.js';
import { pjlinkDriver } from '../drivers/pjlink.js';
import { PjlinkEmulator } from './pjlink.js';

/** A connection: the projector greets, then each command goes through the driver's codec. */
function connect(projector: PjlinkEmulator, password?: string) {
  const codec = pjlinkDriver.createCodec(password === undefined ? {} : { password });
  const greeting = codec.feed(projector.greeting());
  const send = (command: string, args: unknown = {}): DeviceEvent[] =>
    projector.receive(codec.encode(command, args).bytes).flatMap((reply) => codec.feed(reply));
  return { greeting, send };
}

describe('the emulated PJLink projector', () => {
  it('greets with the spec example random and accepts the published digest', () => {
    const projector = new PjlinkEmulator('JBMIAProjectorLink', () => '498e4a67');
    expect(text(projector.greeting())).toBe('PJLINK 1 498e4a67\r');
    const replies = projector.receive(new TextEncoder().encode('5d8409bc1c3fa39749434aa3a5c38682%1POWR 1\r'));
    expect(replies.map(text)).toEqual(['%1POWR=OK\r']);
    expect(projector.state.power).toBe(1);
  });

  it('is powered, switched and queried through the driver', () => {
    const projector = new PjlinkEmulator('secret', () => '0badcafe');
    const c = connect(projector, 'secret');
    expect(c.greeting).toMatchObject([{ type: 'greeting', authRequired: true }]);
    expect(c.send('input', { source: 'hdmi2' })).toMatchObject([{ type: 'nak', code: 'ERR3' }]); // off: unavailable
    expect(c.send('power', { on: true })).toMatchObject([{ type: 'ack' }]);
    expect(c.send('input', { source: 'hdmi2' })).toMatchObject([{ type: 'ack' }]);
    expect(c.send('status')).toMatchObject([{ type: 'ack', state: { power: 'on' } }]);
    expect(projector.state).toMatchObject({ power: 1, input: '32' });
  });

  it('refuses a wrong password with ERRA and hangs up', () => {
    const projector = new PjlinkEmulator('secret', () => '0badcafe');
    const c = connect(projector, 'wrong');
    expect(c.send('power', { on: true })).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'greeting', authFailed: true })]));
    expect(projector.closeRequested).toBe(true);
    expect(projector.state.power).toBe(0);
  });

  it('answers ERR1 to an unknown command and works without a password', () => {
    const projector = new PjlinkEmulator();
    expect(text(projector.greeting())).toBe('PJLINK 0\r');
    expect(projector.receive(new TextEncoder().encode('%1ZZZZ ?\r')).map(text)).toEqual(['%1ZZZZ=ERR1\r']);
  });
});
