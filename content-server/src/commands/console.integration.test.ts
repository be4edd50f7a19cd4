import { PROTOCOL_VERSION, type CommandResult, type ConsoleState, type WallState } from '@ioc/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, consoleClient, nextEvent, startTestServer, waitFor, wallClient, type ConsoleClient, type TestServer, type WallClient } from '../testing/harness.js';

describe('console commands', () => {
  let t: TestServer;
  let wall: WallClient;
  let operator: ConsoleClient;
  let firstState: ConsoleState;
  beforeAll(async () => {
    t = await startTestServer();
    wall = wallClient(t.url);
    await wall.emitWithAck('wall:join', { protocolVersion: PROTOCOL_VERSION, wallId: 'main', displayId: 'd1' });
    operator = consoleClient(t.url, t.keys.operator);
    firstState = await nextEvent<ConsoleState>(operator, 'console:state');
  });
  afterAll(async () => {
    wall.disconnect();
    operator.disconnect();
    await t.close();
  });

  it('refuses a console without a token, with a wrong one, or with an ingest key', async () => {
    for (const token of [undefined, 'ioc_nope', t.keys.ingest]) {
      const c = consoleClient(t.url, token);
      const err = await nextEvent<Error>(c, 'connect_error');
      expect(err.message).toBe('unauthorised');
      c.disconnect();
    }
  });

  it('sends the console the walls, their displays\' presence and the scenes on connect', () => {
    const geometry = t.server.wall.layouts.geometry('main')!;
    expect(firstState.scenes.map((s) => s.id).sort()).toEqual(['economy', 'operations', 'overview', 'provinces', 'world']);
    expect(firstState.walls).toEqual([
      {
        wallId: 'main',
        name: { vi: 'Màn hình chính', en: 'Main wall' },
        sceneId: 'overview',
        language: 'vi',
        theme: 'dark',
        focus: null,
        briefing: null,
        calibration: { pattern: null, displays: expect.any(Array) },
        displays: [
          { displayId: 'd1', connected: true, lastSeen: expect.any(Number) },
          { displayId: 'd2', connected: false, lastSeen: null },
        ],
        // The wall's canvas and where each display sits on it (the scene thumbnails).
        outline: { canvas: geometry.canvas, displays: geometry.displays.map((d) => ({ id: d.id, viewport: d.viewport })) },
      },
    ]);
    // Each scene with its panels' places, as its layout file has them.
    for (const scene of firstState.scenes) {
      expect(scene.panels).toEqual(t.server.wall.layouts.scene(scene.id)!.panels.map((p) => ({ id: p.id, type: p.type, rect: p.rect })));
    }
    expect(firstState.briefings).toEqual([{ id: 'weekly-economy', name: { vi: 'Giao ban kinh tế tuần', en: 'Weekly economic briefing' }, wall: 'main', steps: 4 }]);
  });

  it('shows a scene: the wall gets wall:state, consoles get the new state, a restart keeps it', async () => {
    const pushed = nextEvent<WallState>(wall, 'wall:state');
    const consoleUpdate = nextEvent<ConsoleState>(operator, 'console:state');
    const result: CommandResult = await operator.emitWithAck('command', { clientId: 'cmd-0001-show', name: 'wall.scene.show', args: { wallId: 'main', sceneId: 'economy' } });
    expect(result).toMatchObject({ ok: true, clientId: 'cmd-0001-show', name: 'wall.scene.show', duplicate: false, undo: { name: 'wall.scene.show', args: { wallId: 'main', sceneId: 'overview' } } });
    expect(await pushed).toMatchObject({ wallId: 'main', language: 'vi', scene: { id: 'economy', panels: expect.any(Array) } });
    expect((await consoleUpdate).walls[0]?.sceneId).toBe('economy');
    expect((await t.server.wall.states.record('main'))?.sceneId).toBe('economy');
    const rejoin = wallClient(t.url);
    const joined = await rejoin.emitWithAck('wall:join', { protocolVersion: PROTOCOL_VERSION, wallId: 'main', displayId: 'd2' });
    expect(joined).toMatchObject({ ok: true, state: { scene: { id: 'economy' } } });
    rejoin.disconnect();
  });

  it('executes a command id only once: the same clientId again is acknowledged as a duplicate', async () => {
    const states = collect<WallState>(wall, 'wall:state');
    const cmd = { clientId: 'cmd-0002-lang', name: 'wall.language', args: { wallId: 'main', language: 'en' } } as const;
    expect(await operator.emitWithAck('command', cmd)).toMatchObject({ ok: true, clientId: 'cmd-0002-lang', duplicate: false });
    await waitFor(() => states.length === 1, 3000, 'wall:state');
    // Someone sets Vietnamese back; a late retry of the English command must not undo that.
    await operator.emitWithAck('command', { clientId: 'cmd-0003-lang', name: 'wall.language', args: { wallId: 'main', language: 'vi' } });
    expect(await operator.emitWithAck('command', cmd)).toMatchObject({ ok: true, clientId: 'cmd-0002-lang', duplicate: true });
    expect((await t.server.wall.states.record('main'))?.language).toBe('vi');
    // A fence instead of a wait: a later command's state reaches the wall after anything the
    // duplicate could have sent (one socket, in order), however slow the machine.
    await operator.emitWithAck('command', { clientId: 'cmd-0003-theme', name: 'wall.theme', args: { wallId: 'main', theme: 'light' } });
    await waitFor(() => states.length >= 3, 3000, 'wall:state of the fence');
    expect(states.map((s) => [s.language, s.theme])).toEqual([
      ['en', 'dark'],
      ['vi', 'dark'],
      ['vi', 'light'],
    ]);
    await operator.emitWithAck('command', { clientId: 'cmd-0003-dark', name: 'wall.theme', args: { wallId: 'main', theme: 'dark' } });
  });

  it('refuses an invalid command or an unknown scene, changes nothing and says why', async () => {
    const before = await t.server.wall.states.record('main');
    const answers = [
      await operator.emitWithAck('command', { clientId: 'x', name: 'wall.scene.show', args: { wallId: 'main', sceneId: 'economy' } }),
      await operator.emitWithAck('command', { clientId: 'cmd-0004-bad', name: 'wall.reboot', args: {} } as never),
      await operator.emitWithAck('command', { clientId: 'cmd-0005-bad', name: 'wall.scene.show', args: { wallId: 'main', sceneId: 'weather' } }),
      await operator.emitWithAck('command', { clientId: 'cmd-0006-bad', name: 'wall.scene.show', args: { wallId: 'lobby', sceneId: 'economy' } }),
    ];
    expect(answers).toEqual([
      { ok: false, clientId: 'x', error: { code: 'invalid', message: expect.stringMatching(/^invalid command: clientId: /) } },
      { ok: false, clientId: 'cmd-0004-bad', name: 'wall.reboot', error: { code: 'not_found', message: 'unknown command "wall.reboot"' } },
      { ok: false, clientId: 'cmd-0005-bad', name: 'wall.scene.show', error: { code: 'not_found', message: 'unknown scene "weather"', field: 'sceneId' } },
      { ok: false, clientId: 'cmd-0006-bad', name: 'wall.scene.show', error: { code: 'not_found', message: 'unknown wall "lobby"', field: 'wallId' } },
    ]);
    expect(await t.server.wall.states.record('main')).toEqual(before);
    const audit = (await t.server.audit.recent(50)).filter((l) => l.action.startsWith('command'));
    expect(audit.filter((l) => !l.ok)).toHaveLength(4);
    expect(audit.every((l) => l.actor === 'key:test-operator')).toBe(true);
  });

  it('tells consoles when a display disconnects', async () => {
    const update = nextEvent<ConsoleState>(operator, 'console:state');
    wall.disconnect();
    const state = await update;
    expect(state.walls[0]?.displays[0]).toEqual({ displayId: 'd1', connected: false, lastSeen: expect.any(Number) });
  });

  it('cuts a console whose key was revoked at once, so it takes no more commands', async () => {
    const admin = consoleClient(t.url, t.keys.admin);
    await nextEvent(admin, 'console:state');
    const cut = nextEvent(admin, 'disconnect');
    await t.server.keys.revoke('test-admin');
    expect(await cut).toBe('io server disconnect');
    expect((await t.server.wall.states.record('main'))?.language).toBe('vi');
    admin.disconnect();
  });
});
