import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeviceQueue, type CommandOutcome, type QueueLink } from './device-queue.js';
import { ascii, type EncodedFrame } from './driver.js';

const timing = { gapMs: 100, replyTimeoutMs: 1000, maxRetries: 2, backoffMs: 200 };
const frame = (text: string, expectReply = true): EncodedFrame => ({ bytes: ascii(text), expectReply, summary: text });
const ack = (text = 'OK') => ({ type: 'ack' as const, state: { power: 'on' as const }, raw: ascii(text) });

class RecordingLink implements QueueLink {
  ready = true;
  readonly writes: Array<{ at: number; text: string }> = [];
  write(bytes: Uint8Array): void {
    this.writes.push({ at: Date.now(), text: new TextDecoder().decode(bytes) });
  }
}

describe('DeviceQueue', () => {
  let link: RecordingLink;
  let queue: DeviceQueue;
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
    link = new RecordingLink();
    queue = new DeviceQueue(link, { timing, oneInFlight: true });
  });
  afterEach(() => vi.useRealTimers());

  it('sends one command at a time, in order, with the gap between them', async () => {
    const a = queue.submit(() => frame('A'));
    const b = queue.submit(() => frame('B'));
    expect(link.writes.map((w) => w.text)).toEqual(['A']);
    await vi.advanceTimersByTimeAsync(30);
    queue.handle(ack());
    await vi.advanceTimersByTimeAsync(69);
    expect(link.writes.map((w) => w.text)).toEqual(['A']); // the 100 ms gap is not over
    await vi.advanceTimersByTimeAsync(1);
    expect(link.writes).toEqual([{ at: 0, text: 'A' }, { at: 100, text: 'B' }]);
    queue.handle(ack());
    await expect(a).resolves.toMatchObject({ ok: true, state: { power: 'on' }, attempts: 1, sent: ['41'], replies: ['4F 4B'] });
    await expect(b).resolves.toMatchObject({ ok: true, attempts: 1 });
  });

  it('keeps a longer quiet time after a command that asks for one (a display powering on)', async () => {
    const power = queue.submit(() => frame('POWER ON'), { gapMs: 5000 });
    const volume = queue.submit(() => frame('VOL 30'));
    queue.handle(ack());
    await vi.advanceTimersByTimeAsync(4999);
    expect(link.writes.map((w) => w.text)).toEqual(['POWER ON']);
    await vi.advanceTimersByTimeAsync(1);
    expect(link.writes).toEqual([{ at: 0, text: 'POWER ON' }, { at: 5000, text: 'VOL 30' }]);
    queue.handle(ack());
    await expect(power).resolves.toMatchObject({ ok: true });
    await expect(volume).resolves.toMatchObject({ ok: true });
  });

  it('retries a silent device with doubling backoff up to the maximum, then fails clearly', async () => {
    const outcome = queue.submit(() => frame('POWER ON'));
    await vi.advanceTimersByTimeAsync(10_000);
    const result = (await outcome) as Extract<CommandOutcome, { ok: false }>;
    // attempt 1 at 0; timeout 1000 + backoff 200 -> 1200; timeout -> 2200 + 400 -> 2600
    expect(link.writes.map((w) => w.at)).toEqual([0, 1200, 2600]);
    expect(result).toMatchObject({ ok: false, code: 'timeout', attempts: 3 });
    expect(result.error).toBe('no reply within 1000 ms; gave up after 3 attempts (maximum retries 2)');
  });

  it('fails at once on a NAK: the device answered, retrying would not change its mind', async () => {
    const outcome = queue.submit(() => frame('INPUT 9'));
    queue.handle({ type: 'nak', code: 'ERR2', message: 'out of parameter', raw: ascii('ERR2') });
    await expect(outcome).resolves.toMatchObject({ ok: false, code: 'nak', attempts: 1, error: 'device refused: ERR2 out of parameter' });
    expect(link.writes).toHaveLength(1);
  });

  it('retries a device that says it is busy (NEC NULL message) after the backoff, and succeeds', async () => {
    const outcome = queue.submit(() => frame('VOL 30'));
    queue.handle({ type: 'nak', code: 'BE', message: 'monitor 1 is busy', raw: ascii('BE'), busy: true });
    await vi.advanceTimersByTimeAsync(199);
    expect(link.writes).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(link.writes.map((w) => w.at)).toEqual([0, 200]);
    queue.handle(ack());
    await expect(outcome).resolves.toMatchObject({ ok: true, attempts: 2, replies: ['42 45', '4F 4B'] });
  });

  it('gives up on a device that stays busy, as a refusal with the last reason', async () => {
    const outcome = queue.submit(() => frame('VOL 30'));
    for (let i = 0; i < 3; i++) {
      queue.handle({ type: 'nak', code: 'BE', message: 'monitor 1 is busy', raw: ascii('BE'), busy: true });
      await vi.advanceTimersByTimeAsync(1000);
    }
    await expect(outcome).resolves.toMatchObject({ ok: false, code: 'nak', attempts: 3, error: 'device busy: BE monitor 1 is busy; gave up after 3 attempts (maximum retries 2)' });
  });

  it('shows the bytes a frame allows to be shown (a secret masked), and sends the real ones', async () => {
    const outcome = queue.submit(() => ({ ...frame('SECRET%1POWR 1'), logBytes: ascii('******%1POWR 1') }));
    expect(link.writes[0]!.text).toBe('SECRET%1POWR 1');
    queue.handle(ack());
    const result = await outcome;
    expect(result.sent).toEqual(['2A 2A 2A 2A 2A 2A 25 31 50 4F 57 52 20 31']);
  });

  it('ignores unsolicited events and garbage while waiting for the reply', async () => {
    const outcome = queue.submit(() => frame('A'));
    queue.handle({ type: 'unsolicited', raw: ascii('Out03 In01 All') });
    queue.handle({ type: 'garbage', reason: 'bad checksum', raw: ascii('??') });
    queue.handle(ack());
    await expect(outcome).resolves.toMatchObject({ ok: true, replies: ['4F 4B'] });
  });

  it('waits for an offline link, sends when it comes back, and fails commands that waited too long', async () => {
    link.ready = false;
    const early = queue.submit(() => frame('A'));
    await vi.advanceTimersByTimeAsync(500);
    link.ready = true;
    queue.linkUp();
    expect(link.writes).toEqual([{ at: 500, text: 'A' }]);
    queue.handle(ack());
    await expect(early).resolves.toMatchObject({ ok: true });

    link.ready = false;
    const late = queue.submit(() => frame('B'));
    await vi.advanceTimersByTimeAsync(3000); // replyTimeout x (maxRetries + 1)
    await expect(late).resolves.toMatchObject({ ok: false, code: 'offline', attempts: 0, sent: [] });
  });

  it('retries the command in flight when the connection drops', async () => {
    const outcome = queue.submit(() => frame('A'));
    link.ready = false;
    queue.linkDown();
    await vi.advanceTimersByTimeAsync(250);
    link.ready = true;
    queue.linkUp();
    expect(link.writes.map((w) => w.text)).toEqual(['A', 'A']);
    queue.handle(ack());
    await expect(outcome).resolves.toMatchObject({ ok: true, attempts: 2 });
  });

  it('completes commands that expect no reply as soon as they are written', async () => {
    const a = queue.submit(() => frame('BROADCAST', false));
    const b = queue.submit(() => frame('NEXT', false));
    await expect(a).resolves.toMatchObject({ ok: true, attempts: 1 });
    await vi.advanceTimersByTimeAsync(100);
    await expect(b).resolves.toMatchObject({ ok: true });
    expect(link.writes.map((w) => w.at)).toEqual([0, 100]);
  });

  it('makes the bytes at send time, for each attempt, and fails a command that cannot be encoded', async () => {
    let n = 0;
    const outcome = queue.submit(() => frame(`TRY ${++n}`));
    await vi.advanceTimersByTimeAsync(1000 + 200);
    queue.handle(ack());
    await expect(outcome).resolves.toMatchObject({ ok: true, attempts: 2, sent: ['54 52 59 20 31', '54 52 59 20 32'] });
    const bad = queue.submit(() => {
      throw new Error('preset: expected a number');
    });
    await vi.advanceTimersByTimeAsync(100); // the gap after the previous command
    await expect(bad).resolves.toMatchObject({ ok: false, code: 'invalid', attempts: 0, error: 'preset: expected a number' });
  });

  it('cancels everything when the device is removed', async () => {
    const a = queue.submit(() => frame('A'));
    const b = queue.submit(() => frame('B'));
    queue.cancelAll('device removed from the configuration');
    await expect(Promise.all([a, b])).resolves.toEqual([
      expect.objectContaining({ ok: false, code: 'cancelled' }),
      expect.objectContaining({ ok: false, code: 'cancelled', error: 'device removed from the configuration' }),
    ]);
    expect(queue.length).toBe(0);
  });
});

describe('DeviceQueue under a flood', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('refuses normal commands past its cap as queue_full, sending nothing for them', async () => {
    const link = new RecordingLink();
    const queue = new DeviceQueue(link, { timing, oneInFlight: true, maxQueued: 3 });
    const outcomes = Array.from({ length: 6 }, (_, i) => queue.submit(() => frame(`VOL ${i}`)));
    // One in flight, three waiting, two refused at once.
    await expect(outcomes[4]).resolves.toMatchObject({ ok: false, code: 'queue_full', attempts: 0, sent: [] });
    await expect(outcomes[5]).resolves.toMatchObject({ ok: false, code: 'queue_full', error: expect.stringMatching(/at most 3/) });
    expect(queue.length).toBe(4);
    queue.cancelAll('test over');
  });

  it('sends an urgent command (power off) next, ahead of 1,000 queued, even when full', async () => {
    const link = new RecordingLink();
    const queue = new DeviceQueue(link, { timing, oneInFlight: true, maxQueued: 100 });
    const flood = Array.from({ length: 1000 }, (_, i) => queue.submit(() => frame(`VOL ${i}`)));
    const off = queue.submit(() => frame('POWER OFF'), { urgent: true });
    const mute = queue.submit(() => frame('MUTE ON'), { urgent: true });
    expect((await Promise.all(flood.slice(101))).every((o) => !o.ok && o.code === 'queue_full')).toBe(true);
    queue.handle(ack()); // VOL 0, in flight before the power-off came, answers
    await vi.advanceTimersByTimeAsync(timing.gapMs);
    queue.handle(ack());
    await vi.advanceTimersByTimeAsync(timing.gapMs);
    expect(link.writes.map((w) => w.text)).toEqual(['VOL 0', 'POWER OFF', 'MUTE ON']);
    await expect(off).resolves.toMatchObject({ ok: true });
    queue.cancelAll('test over');
    await expect(mute).resolves.toMatchObject({ ok: false, code: 'cancelled' });
  });
});
