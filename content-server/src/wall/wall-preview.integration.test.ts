import { io } from 'socket.io-client';
import { PROTOCOL_VERSION, WALL_NAMESPACE, type ConsoleState, type LiveBatch, type WallJoinResult, type WallState } from '@ioc/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleClient, nextEvent, postObservations, sendJson, startTestServer, waitFor, type ConsoleClient, type TestServer, type WallClient } from '../testing/harness.js';
import { PREVIEW_REFUSED } from './wall-preview.js';

const PASSWORD = 'correct horse battery';

/**
 * A console's preview of a wall (issue 16): the wall namespace opened with a person's credential
 * draws the wall from the same state and live topics as its renderers, is nobody's display, and
 * is cut when the credential ends.
 */
describe('previews of a wall from the console', () => {
  let t: TestServer;
  let witness: ConsoleClient;
  const login = async (username: string) => (await sendJson('POST', `${t.url}/api/v1/auth/login`, null, { username, password: PASSWORD })).body.token as string;
  const preview = (auth: Record<string, unknown>): WallClient => io(`${t.url}${WALL_NAMESPACE}`, { transports: ['websocket'], forceNew: true, reconnection: false, auth }) as WallClient;
  const refusal = (socket: WallClient) => new Promise<{ message: string; data?: { code?: string } }>((resolve) => socket.once('connect_error', (err) => resolve(err as never)));
  const join = (socket: WallClient, displayId = 'd1') => socket.timeout(5000).emitWithAck('wall:join', { protocolVersion: PROTOCOL_VERSION, wallId: 'main', displayId }) as Promise<WallJoinResult>;
  const presence = async () => (await t.server.wall.consoleState()).walls[0]!.displays;

  beforeAll(async () => {
    // Enrolled mode, as a center runs: a page without a device token is refused the wall.
    t = await startTestServer({ wallAuth: 'enrolled' });
    await t.server.users.create({ username: 'khach', role: 'viewer', password: PASSWORD });
    await t.server.users.create({ username: 'lan', role: 'operator', password: PASSWORD });
    witness = consoleClient(t.url, t.keys.admin);
    await nextEvent<ConsoleState>(witness, 'console:state');
  });
  afterAll(async () => {
    witness?.disconnect();
    await t.close();
  });

  it("lets a signed-in viewer preview the wall: its state and scene changes and live data, without becoming one of its displays", async () => {
    const before = await presence();
    const socket = preview({ preview: await login('khach') });
    try {
      const joined = await join(socket, 'd2');
      expect(joined).toMatchObject({ ok: true, state: { wallId: 'main', scene: { id: expect.any(String) } } });
      // Nobody's display: presence is as it was (d2 is still not connected), for consoles too.
      expect(await presence()).toEqual(before);
      const changed = nextEvent<WallState>(socket, 'wall:state');
      const sceneId = (joined as { state: WallState }).state.scene.id === 'economy' ? 'overview' : 'economy';
      expect((await sendJson('POST', `${t.url}/api/v1/commands`, t.keys.admin, { clientId: 'preview-scene-1', name: 'wall.scene.show', args: { wallId: 'main', sceneId } })).status).toBe(200);
      expect((await changed).scene.id).toBe(sceneId);
      expect(await socket.timeout(5000).emitWithAck('live:subscribe', { topics: ['series:exports:VN'] })).toMatchObject({ ok: true });
      // A value ingested now reaches the preview as it reaches the wall's renderers.
      const updates: LiveBatch[] = [];
      socket.on('live', (batch: LiveBatch) => updates.push(batch));
      expect((await postObservations(t.url, t.keys.ingest, { observations: [{ indicator: 'exports', unit: 'VN', period: '2019-05', value: 123.4, source: 'Customs' }] })).status).toBe(200);
      await waitFor(() => updates.some((b) => JSON.stringify(b.messages).includes('123.4')), 5000, 'the new value on the preview');
      // A preview pairs nothing and reports no clock.
      expect(await socket.timeout(5000).emitWithAck('pairing:request', { protocolVersion: PROTOCOL_VERSION })).toMatchObject({ ok: false });
    } finally {
      socket.disconnect();
    }
    expect(await presence()).toEqual(before);
  });

  it('refuses a key for ingest or reading data, an unknown credential, and a page that says it is both a display and a preview', async () => {
    for (const auth of [{ preview: t.keys.ingest }, { preview: t.keys.reader }, { preview: 'ios_not-a-session' }, { preview: 42 }, { preview: t.keys.operator, token: 'iod_x' }]) {
      const socket = preview(auth);
      const err = await refusal(socket);
      expect(err.data?.code, JSON.stringify(auth)).toBe(PREVIEW_REFUSED);
      expect(err.message.length).toBeGreaterThan(10);
      socket.disconnect();
    }
    // Without any credential a page is a renderer still pairing: it may not join (as before).
    const bare = preview({});
    try {
      expect(await join(bare)).toMatchObject({ ok: false, error: expect.stringContaining('not enrolled') });
    } finally {
      bare.disconnect();
    }
  });

  it('cuts the preview as soon as its session ends', async () => {
    const token = await login('lan');
    const socket = preview({ preview: token });
    try {
      expect(await join(socket)).toMatchObject({ ok: true });
      const cut = nextEvent<string>(socket, 'disconnect');
      expect((await sendJson('POST', `${t.url}/api/v1/auth/logout`, token)).status).toBe(204);
      expect(await cut).toBe('io server disconnect');
    } finally {
      socket.disconnect();
    }
  });
});
