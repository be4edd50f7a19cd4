import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roomLayouts, sendJson, startTestServer, testStoreEngine, waitFor, type TestServer } from '../testing/harness.js';

const name = { vi: 'Màn hình', en: 'Display' };
/**
 * How long the display holds each command (its reply timeout). Each refusal is a few commits (the
 * id claimed, an audit row in turn on the chain, the result): SQLite makes a thousand in well
 * under a second; PostgreSQL, committing each to disk over the network, in 3-13 s on two loaded
 * cores: the line is held longer there.
 */
const HOLD_MS = testStoreEngine() === 'postgres' ? 20_000 : 8000;

/** A display that takes frames and answers none of them: each command holds the line until its timeout. */
async function recordingDisplay(): Promise<{ port: number; frames(): number[][]; close(): void }> {
  const sockets = new Set<Socket>();
  let bytes: number[] = [];
  const server: Server = createTcpServer((s) => {
    sockets.add(s);
    s.on('data', (d) => (bytes = bytes.concat([...d])));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    // Samsung MDC: 0xAA, command, id, length, data..., checksum.
    frames() {
      const out: number[][] = [];
      for (let i = 0; i + 3 < bytes.length; ) {
        const len = bytes[i + 3]!;
        out.push(bytes.slice(i, i + 5 + len));
        i += 5 + len;
      }
      return out;
    },
    close() {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

describe('a device queue under a flood of commands from an operator', () => {
  let t: TestServer;
  let display: Awaited<ReturnType<typeof recordingDisplay>>;

  beforeAll(async () => {
    display = await recordingDisplay();
    const layouts = roomLayouts({
      devices: [{ id: 'disp', name, driver: 'samsung-mdc', address: 1, transport: { kind: 'tcp', host: '127.0.0.1', port: display.port }, timing: { replyTimeoutMs: HOLD_MS, maxRetries: 0, backoffMs: 10, gapMs: 0 } }],
    });
    t = await startTestServer({ layoutsDir: layouts, limits: { deviceQueue: { maxQueued: 50 } } });
    await waitFor(() => t.server.devices.get('disp')?.status().status === 'online', 5000, 'display online');
  });
  afterAll(async () => {
    await t?.close();
    display?.close();
  });

  // The display holds each command for its whole reply timeout (HOLD_MS): the flood, the refusals
  // and the power-off all happen while the first command is in flight, however slow the machine.
  it('refuses past the cap with queue_full (429, vi/en) and sends a power-off next, ahead of the flood', { timeout: HOLD_MS + 52_000 }, async () => {
    const operator = { kind: 'key' as const, name: 'flooder', role: 'operator' as const };
    // Straight to the command service: the per-principal rate limit is not what is tested here.
    const flood = Array.from({ length: 1000 }, (_, i) => t.server.commands.execute({ clientId: `flood-${String(i).padStart(4, '0')}`, name: 'display.volume', args: { device: 'disp', level: i % 100 } }, operator));
    await waitFor(() => display.frames().length >= 1, 5000, "first frame on the wire");
    const refused = (await Promise.all(flood.slice(60))).filter((r) => !r.ok && r.error.code === 'queue_full');
    expect(refused.length).toBeGreaterThanOrEqual(900);

    const http = await sendJson('POST', `${t.url}/api/v1/commands`, t.keys.operator, { clientId: 'flood-extra-0001', name: 'display.volume', args: { device: 'disp', level: 5 } });
    expect(http.status).toBe(429);
    expect(http.headers.get('retry-after')).toBe('5');
    expect(http.body.error).toMatchObject({ code: 'queue_full', message: expect.stringMatching(/hàng đợi lệnh của thiết bị đã đầy.*command queue is full/) });

    const off = sendJson('POST', `${t.url}/api/v1/commands`, t.keys.operator, { clientId: 'power-off-0001', name: 'display.power', args: { device: 'disp', on: false }, confirmed: true });
    // The command in flight times out (the display never answers); the next frame is the power-off.
    await waitFor(() => display.frames().length >= 2, HOLD_MS + 12_000, 'second frame on the wire');
    const [first, second] = display.frames();
    expect(first![1]).not.toBe(0x11); // the status read on connect, or the first volume: in flight before the flood
    expect([second![1], second![4]]).toEqual([0x11, 0x00]); // power, off
    await off;
  });
});
