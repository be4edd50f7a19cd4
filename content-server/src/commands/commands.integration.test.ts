import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { rmSync } from 'node:fs';
import { MyActionsSchema, PROTOCOL_VERSION, type CatalogCommand, type CommandResult, type DeviceStatus, type WallState } from '@ioc/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExtronSisEmulator, OscPeer, SamsungMdcEmulator, serveTcp } from '../devices/emulators/index.js';
import { collect, consoleClient, nextEvent, roomLayouts, sendJson, startTestServer, waitFor, wallClient, type TestServer } from '../testing/harness.js';

const name = { vi: 'Thiết bị', en: 'Device' };
/**
 * Devices whose commands must succeed: the emulators answer on loopback in well under a
 * millisecond, and a reply timeout costs nothing when the reply comes, so 5 s only changes what
 * a stalled test machine does: with 150 ms, a reply read late by a busy event loop (the
 * emulator, the server and the test share one process and two cores) would be a spurious
 * timeout. How fast commands really are is measured by bench:commands.
 */
const answering = { replyTimeoutMs: 5000, maxRetries: 1, backoffMs: 20, gapMs: 0 };
/** The hung device, which must time out: short, since it never answers whatever the load. */
const quick = { replyTimeoutMs: 150, maxRetries: 1, backoffMs: 20, gapMs: 0 };

/** A TCP device that accepts the connection and never answers (a hung display). */
async function silentDevice(): Promise<{ port: number; close(): void }> {
  const sockets = new Set<Socket>();
  const server: Server = createTcpServer((s) => sockets.add(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

describe('the command path: catalog, roles, translation to device bytes, retries, audit', () => {
  const display = new SamsungMdcEmulator(1);
  const matrix = new ExtronSisEmulator({ inputs: 8, outputs: 8, banner: false });
  const mixer = new OscPeer();
  let served: Array<{ close(): Promise<void> }> = [];
  let hung: { port: number; close(): void };
  let layouts: string;
  let t: TestServer;
  const post = (token: string | null, body: unknown) => sendJson('POST', `${t.url}/api/v1/commands`, token, body);

  beforeAll(async () => {
    const d = await serveTcp(display);
    const m = await serveTcp(matrix);
    served = [d, m];
    const mixerPort = await mixer.start();
    hung = await silentDevice();
    layouts = roomLayouts({
      devices: [
        { id: 'disp-1', name, driver: 'samsung-mdc', address: 1, transport: { kind: 'tcp', host: '127.0.0.1', port: d.port }, timing: answering },
        { id: 'matrix', name, driver: 'extron-sis', transport: { kind: 'tcp', host: '127.0.0.1', port: m.port }, timing: answering },
        { id: 'mixer', name, driver: 'osc', transport: { kind: 'udp', host: '127.0.0.1', port: mixerPort } },
        { id: 'hung', name, driver: 'samsung-mdc', address: 1, transport: { kind: 'tcp', host: '127.0.0.1', port: hung.port }, timing: quick },
      ],
      macros: [
        {
          name: 'room.mode.show',
          label: { vi: 'Trình chiếu', en: 'Show mode' },
          help: { vi: 'Thử', en: 'Test' },
          roles: ['operator', 'admin'],
          confirm: false,
          steps: [
            { command: 'display.power', args: { device: 'disp-1', on: true }, wait: false },
            { command: 'matrix.route', args: { device: 'matrix', input: 3, output: 1 } },
            { command: 'display.input', args: { device: 'disp-1', source: 'hdmi2' } },
            { command: 'audio.volume', args: { device: 'mixer', channel: 1, level: 50 }, when: { device: 'matrix', online: false } },
            { delayMs: 20 },
            { command: 'wall.scene.show', args: { wallId: 'main', sceneId: 'economy' } },
          ],
        },
        { name: 'room.mode.bad', label: name, help: name, roles: ['admin'], steps: [{ command: 'display.power', args: { device: 'nowhere', on: 'yes' } }] },
      ],
    });
    t = await startTestServer({ layoutsDir: layouts });
    await waitFor(() => ['disp-1', 'matrix', 'hung'].every((id) => t.server.devices.get(id)?.status().status === 'online'), 5000, 'devices online');
  });
  afterAll(async () => {
    await t.close();
    for (const s of served) await s.close();
    await mixer.close();
    hung.close();
    rmSync(layouts, { recursive: true, force: true });
  });

  it('serves the catalog of every system with labels, argument schemas, role rules and this room\'s choices', async () => {
    const { status, body } = await sendJson('GET', `${t.url}/api/v1/commands`, t.keys.operator);
    expect(status).toBe(200);
    const byName = new Map<string, CatalogCommand>(body.commands.map((c: CatalogCommand) => [c.name, c]));
    for (const n of ['wall.scene.show', 'wall.drilldown', 'wall.language', 'wall.theme', 'briefing.start', 'briefing.next', 'briefing.prev', 'briefing.goto', 'briefing.end',
      'display.power', 'display.input', 'display.volume', 'display.mute', 'display.brightness', 'display.wall', 'matrix.route', 'matrix.preset.recall', 'matrix.preset.save',
      'audio.volume', 'audio.mute', 'osc.send', 'projector.power', 'projector.input', 'projector.mute', 'room.mode.show']) {
      expect(byName.has(n), n).toBe(true);
    }
    const power = byName.get('display.power')!;
    expect(power).toMatchObject({ system: 'display', kind: 'command', allowed: true, confirm: true, label: { vi: 'Nguồn màn hình', en: 'Display power' } });
    expect(power.args).toMatchObject({ type: 'object', properties: { device: { type: 'string' }, on: { type: 'boolean' } }, required: ['device', 'on'] });
    // Only the displays are offered for a display command; only the matrix for a route.
    expect(power.choices.device?.map((c) => c.value)).toEqual(['disp-1', 'hung']);
    expect(byName.get('matrix.route')!.choices.device?.map((c) => c.value)).toEqual(['matrix']);
    expect(byName.get('display.brightness')).toMatchObject({ allowed: false, roles: ['technician', 'admin'] });
    expect(byName.get('room.mode.show')).toMatchObject({ kind: 'macro', system: 'room', steps: 6, allowed: true });
    // The macro with a bad step is left out and its problem named.
    expect(byName.has('room.mode.bad')).toBe(false);
    expect(t.server.catalog.errors()).toEqual(expect.arrayContaining([expect.objectContaining({ file: 'macros/room.mode.bad.json', path: 'steps[0].args.on' })]));
    expect((await sendJson('GET', `${t.url}/api/v1/commands`, null)).status).toBe(401);
  });

  it('asks for a confirmation, then translates display.power into MDC bytes and reads the state back', async () => {
    const refused = await post(t.keys.operator, { clientId: 'power-0001', name: 'display.power', args: { device: 'disp-1', on: true } });
    expect(refused.status).toBe(428);
    expect(refused.body.error).toMatchObject({ code: 'confirm_required', prompt: { vi: 'Xác nhận: Nguồn màn hình — Thiết bị?', en: 'Confirm: Display power — Device?' } });
    expect(display.state.power).toBe(0);
    const { status, body } = await post(t.keys.operator, { clientId: 'power-0001', name: 'display.power', args: { device: 'disp-1', on: true }, confirmed: true });
    expect(status).toBe(200);
    expect(body).toMatchObject({ ok: true, name: 'display.power', duplicate: false, exchanges: [{ device: 'disp-1', command: 'power', ok: true, sent: ['AA 11 01 01 01 14'], replies: ['AA FF 01 03 41 11 01 56'] }] });
    expect(display.state.power).toBe(1);
    expect(t.server.devices.get('disp-1')!.status().state).toMatchObject({ power: 'on' });
  });

  it('offers the undo of what it changed, from the state the device reported before', async () => {
    await post(t.keys.operator, { clientId: 'input-0001', name: 'display.input', args: { device: 'disp-1', source: 'hdmi1' } });
    const { body } = await post(t.keys.operator, { clientId: 'input-0002', name: 'display.input', args: { device: 'disp-1', source: 'dp' } });
    expect(body.undo).toEqual({ name: 'display.input', args: { device: 'disp-1', source: 'hdmi1' } });
    const undone = await post(t.keys.operator, { clientId: 'input-0003', ...body.undo });
    expect(undone.body.ok).toBe(true);
    expect(t.server.devices.get('disp-1')!.status().state.input).toBe('hdmi1');
  });

  it('executes a client id once: a repeat gets the first result and sends nothing', async () => {
    const before = display.received.length;
    const first = await post(t.keys.operator, { clientId: 'vol-0001', name: 'display.volume', args: { device: 'disp-1', level: 30 } });
    const again = await post(t.keys.operator, { clientId: 'vol-0001', name: 'display.volume', args: { device: 'disp-1', level: 30 } });
    expect(first.body.duplicate).toBe(false);
    expect(again.body).toMatchObject({ ok: true, duplicate: true, exchanges: first.body.exchanges });
    expect(display.received.length - before).toBe(1);
  });

  it('refuses what the role may not do, what the device cannot do and what does not exist, and audits each refusal', async () => {
    const cases = [
      [await post(t.keys.operator, { clientId: 'bright-0001', name: 'display.brightness', args: { device: 'disp-1', level: 40 } }), 403, 'forbidden'],
      [await post(t.keys.ingest, { clientId: 'scene-0001', name: 'wall.scene.show', args: { wallId: 'main', sceneId: 'economy' } }), 403, 'forbidden'],
      [await post(t.keys.operator, { clientId: 'route-0001', name: 'matrix.route', args: { device: 'disp-1', input: 1, output: 1 } }), 422, 'unsupported'],
      [await post(t.keys.operator, { clientId: 'power-0009', name: 'display.power', args: { device: 'ghost', on: true }, confirmed: true }), 404, 'not_found'],
      [await post(t.keys.operator, { clientId: 'vol-0009', name: 'display.volume', args: { device: 'disp-1', level: 101 } }), 422, 'invalid'],
      [await post(t.keys.operator, { clientId: 'nope-0001', name: 'wall.reboot', args: {} }), 404, 'not_found'],
      [await post(null, { clientId: 'anon-0001', name: 'wall.language', args: { wallId: 'main', language: 'en' } }), 401, undefined],
    ] as const;
    for (const [res, status, code] of cases) {
      expect(res.status).toBe(status);
      if (code) expect(res.body.error.code).toBe(code);
    }
    expect(cases[4][0].body.error.field).toBe('level');
    const audit = (await t.server.audit.search({ command: 'display.brightness' }));
    expect(audit[0]).toMatchObject({ actor: 'key:test-operator', role: 'operator', ok: false, detail: { error: { code: 'forbidden' } } });
  });

  it('retries a device that does not answer, then fails clearly; the failure is logged, audited and an admin can re-send it', async () => {
    const { status, body } = await post(t.keys.operator, { clientId: 'hung-0001', name: 'display.volume', args: { device: 'hung', level: 10 } });
    expect(status).toBe(502);
    expect(body.error).toMatchObject({ code: 'device_failed', message: 'hung: no reply within 150 ms; gave up after 2 attempts (maximum retries 1)' });
    expect(body.exchanges[0]).toMatchObject({ ok: false, failure: 'timeout', attempts: 2, sent: ['AA 12 01 01 0A 1E', 'AA 12 01 01 0A 1E'], replies: [] });
    const audit = (await t.server.audit.search({ target: 'hung', command: 'display.volume' }));
    expect(audit[0]).toMatchObject({ ok: false, detail: { exchanges: [{ sent: ['AA 12 01 01 0A 1E', 'AA 12 01 01 0A 1E'] }] } });

    const log = await sendJson('GET', `${t.url}/api/v1/commands/log?status=failed`, t.keys.admin);
    expect(log.body.commands.map((c: { clientId: string }) => c.clientId)).toContain('hung-0001');
    expect((await sendJson('GET', `${t.url}/api/v1/commands/log`, t.keys.operator)).status).toBe(403);

    const byOperator = await sendJson('POST', `${t.url}/api/v1/commands/hung-0001/resend`, t.keys.operator, { clientId: 'hung-0001-r1' });
    expect(byOperator.status).toBe(403);
    const resent = await sendJson('POST', `${t.url}/api/v1/commands/hung-0001/resend`, t.keys.admin, { clientId: 'hung-0001-r2' });
    expect(resent.status).toBe(502);
    expect((await t.server.commands.log.get('hung-0001-r2'))).toMatchObject({ resendOf: 'hung-0001', status: 'failed', actor: 'key:test-admin' });
    const notFailed = await sendJson('POST', `${t.url}/api/v1/commands/vol-0001/resend`, t.keys.admin, { clientId: 'vol-0001-r1' });
    expect(notFailed.status).toBe(422);
  });

  it('lists failed commands to an admin console, which can re-send one; an operator console cannot', async () => {
    const admin = consoleClient(t.url, t.keys.admin);
    const operator = consoleClient(t.url, t.keys.operator);
    await Promise.all([nextEvent(admin, 'console:state'), nextEvent(operator, 'console:state')]);
    const listed = await admin.emitWithAck('commands:failed', { limit: 20 });
    expect(listed.ok).toBe(true);
    const hungFailure = listed.ok ? listed.commands.find((c) => c.clientId === 'hung-0001') : undefined;
    expect(hungFailure).toMatchObject({ name: 'display.volume', target: 'hung', actor: 'key:test-operator', error: { code: 'device_failed' }, args: { device: 'hung', level: 10 } });
    expect(await operator.emitWithAck('commands:failed', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const resent = await admin.emitWithAck('command:resend', { clientId: 'hung-0001', newClientId: 'hung-0001-r3' });
    expect(resent).toMatchObject({ ok: false, clientId: 'hung-0001-r3', error: { code: 'device_failed' } });
    expect((await t.server.commands.log.get('hung-0001-r3'))?.resendOf).toBe('hung-0001');
    admin.disconnect();
    operator.disconnect();
  });

  it('never lets a hung device hold up another one', async () => {
    let hungDone = false;
    const slow = post(t.keys.operator, { clientId: 'hung-0002', name: 'display.mute', args: { device: 'hung', on: true } }).then((r) => {
      hungDone = true;
      return r;
    });
    const quick = await post(t.keys.operator, { clientId: 'mute-0002', name: 'display.mute', args: { device: 'disp-1', on: false } });
    expect(quick.body.ok).toBe(true);
    expect(hungDone).toBe(false); // still retrying while the other display already answered
    expect((await slow).body.error.code).toBe('device_failed');
  });

  it('sends OSC to the mixer: oscdump-grade check by an independent UDP peer', async () => {
    const { body } = await post(t.keys.operator, { clientId: 'mix-0001', name: 'audio.volume', args: { device: 'mixer', channel: 2, level: 75 } });
    expect(body.ok).toBe(true);
    await expect.poll(() => mixer.received.at(-1)?.address).toBe('/ch/02/mix/fader');
    expect(mixer.received.at(-1)!.args[0]).toBeCloseTo(0.75, 5);
  });

  it('runs a macro in order, skipping a step whose condition is false, and reports each step', async () => {
    const wall = wallClient(t.url);
    await wall.emitWithAck('wall:join', { protocolVersion: PROTOCOL_VERSION, wallId: 'main', displayId: 'd1' });
    const states = collect<WallState>(wall, 'wall:state');
    const { status, body } = await post(t.keys.operator, { clientId: 'macro-0001', name: 'room.mode.show', args: {} });
    expect(status).toBe(200);
    expect(body.steps.map((s: { command: string | null; status: string }) => [s.command, s.status])).toEqual([
      ['display.power', 'done'],
      ['matrix.route', 'done'],
      ['display.input', 'done'],
      ['audio.volume', 'skipped'],
      [null, 'done'],
      ['wall.scene.show', 'done'],
    ]);
    expect(matrix.state.video[0]).toBe(3);
    expect(display.state.input).toBe(0x23); // HDMI2 on MDC
    await waitFor(() => states.some((s) => s.scene.id === 'economy'), 3000, 'scene shown');
    // Each step is audited on its own, with the macro it belonged to.
    expect((await t.server.audit.search({ command: 'matrix.route' }))[0]).toMatchObject({ ok: true, detail: { macro: 'room.mode.show', clientId: 'macro-0001#2' } });
    wall.disconnect();
  });

  it('drives wall state from the catalog: theme, drill-down and a briefing, each with its undo', async () => {
    const wall = wallClient(t.url);
    await wall.emitWithAck('wall:join', { protocolVersion: PROTOCOL_VERSION, wallId: 'main', displayId: 'd2' });
    const states = collect<WallState>(wall, 'wall:state');
    const theme = await post(t.keys.operator, { clientId: 'theme-0001', name: 'wall.theme', args: { wallId: 'main', theme: 'high-contrast' } });
    expect(theme.body.undo).toEqual({ name: 'wall.theme', args: { wallId: 'main', theme: 'dark' } });
    const drill = await post(t.keys.operator, { clientId: 'drill-0001', name: 'wall.drilldown', args: { wallId: 'main', unit: '79' } });
    expect(drill.body.ok).toBe(true);
    expect((await post(t.keys.operator, { clientId: 'drill-0002', name: 'wall.drilldown', args: { wallId: 'main', unit: 'XX' } })).body.error).toMatchObject({ code: 'not_found', field: 'unit' });
    await post(t.keys.operator, { clientId: 'brief-0001', name: 'briefing.start', args: { wallId: 'main', briefingId: 'weekly-economy' } });
    await post(t.keys.operator, { clientId: 'brief-0002', name: 'briefing.next', args: { wallId: 'main' } });
    const tooFar = await post(t.keys.operator, { clientId: 'brief-0003', name: 'briefing.goto', args: { wallId: 'main', step: 9 } });
    expect(tooFar.body.error).toMatchObject({ code: 'invalid', field: 'step' });
    await waitFor(() => states.at(-1)?.briefing?.step === 2, 3000, 'step 2');
    expect(states.at(-1)).toMatchObject({ theme: 'high-contrast', focus: null, scene: { id: 'economy' }, briefing: { id: 'weekly-economy', step: 2, steps: 4, title: { en: 'Macro-economy' } } });
    const end = await post(t.keys.operator, { clientId: 'brief-0004', name: 'briefing.end', args: { wallId: 'main' }, confirmed: true });
    expect(end.body.ok).toBe(true);
    await waitFor(() => states.at(-1)?.briefing === null, 3000, 'briefing over');
    // The end brings back what was shown before the briefing: the scene and the drill-down.
    expect(states.at(-1)).toMatchObject({ focus: '79', scene: { id: 'economy' } });
    wall.disconnect();
  });

  it('gives a console the catalog, who it is and every device\'s status, then each change live', async () => {
    const c = consoleClient(t.url, t.keys.operator);
    const [who, catalog, devices] = await Promise.all([
      nextEvent<{ role: string }>(c, 'console:whoami'),
      nextEvent<{ commands: CatalogCommand[] }>(c, 'console:catalog'),
      nextEvent<DeviceStatus[]>(c, 'devices:status'),
    ]);
    expect(who).toMatchObject({ kind: 'key', name: 'test-operator', role: 'operator' });
    expect(catalog.commands.length).toBeGreaterThan(20);
    expect(devices.map((d) => d.id).sort()).toEqual(['disp-1', 'hung', 'matrix', 'mixer']);
    const updates = collect<DeviceStatus>(c, 'device:status');
    const result: CommandResult = await c.emitWithAck('command', { clientId: 'mute-0001', name: 'display.mute', args: { device: 'disp-1', on: true } });
    expect(result.ok).toBe(true);
    await waitFor(() => updates.some((u) => u.id === 'disp-1' && u.state.mute === true), 3000, 'mute status pushed');
    c.disconnect();
  });

  it('finds audit entries by user, device, command and time range, with times in Vietnam time', async () => {
    const from = new Date(Date.now() - 60_000).toISOString();
    const q = `user=test-operator&device=disp-1&command=display.&from=${encodeURIComponent(from)}&limit=500`;
    const { status, body } = await sendJson('GET', `${t.url}/api/v1/audit?${q}`, t.keys.admin);
    expect(status).toBe(200);
    expect(body.entries.length).toBeGreaterThan(3);
    for (const e of body.entries) {
      expect(e).toMatchObject({ actor: 'key:test-operator', target: 'disp-1', action: expect.stringMatching(/^command\.display\./), time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+07:00$/) });
    }
    const future = await sendJson('GET', `${t.url}/api/v1/audit?from=2099-01-01`, t.keys.admin);
    expect(future.body.entries).toEqual([]);
    expect((await sendJson('GET', `${t.url}/api/v1/audit?from=yesterday`, t.keys.admin)).status).toBe(400);
    expect((await sendJson('GET', `${t.url}/api/v1/audit`, t.keys.operator)).status).toBe(403);
    expect((await t.server.audit.verify()).ok).toBe(true);
  });

  it("shows everyone their own record, labelled in both languages, and nobody else's", async () => {
    const post = (key: string, body: unknown) => sendJson('POST', `${t.url}/api/v1/commands`, key, body);
    expect((await post(t.keys.operator, { clientId: 'mine-op-1', name: 'wall.language', args: { wallId: 'main', language: 'en' } })).status).toBe(200);
    expect((await post(t.keys.operator, { clientId: 'mine-op-1', name: 'wall.language', args: { wallId: 'main', language: 'en' } })).status).toBe(200);
    expect((await post(t.keys.operator, { clientId: 'mine-op-2', name: 'wall.scene.show', args: { wallId: 'main', sceneId: 'no-such-scene' } })).status).toBeGreaterThanOrEqual(400);
    expect((await post(t.keys.admin, { clientId: 'mine-admin-1', name: 'wall.language', args: { wallId: 'main', language: 'vi' } })).status).toBe(200);

    const mine = await sendJson('GET', `${t.url}/api/v1/audit/mine?limit=200`, t.keys.operator);
    expect(mine.status).toBe(200);
    const actions = MyActionsSchema.parse(mine.body).actions;
    expect(actions.length).toBeGreaterThanOrEqual(3);
    // Newest first; only the operator's own lines.
    expect(actions.map((a) => a.ts)).toEqual([...actions.map((a) => a.ts)].sort((x, y) => y - x));
    expect(actions.map((a) => a.clientId)).not.toContain('mine-admin-1');
    const ran = actions.filter((a) => a.clientId === 'mine-op-1');
    expect(ran).toEqual([
      expect.objectContaining({ action: 'command.wall.language', label: { vi: expect.any(String), en: expect.stringMatching(/language/i) }, target: 'main', ok: true, duplicate: true, error: null }),
      expect.objectContaining({ action: 'command.wall.language', ok: true, duplicate: false, time: expect.stringMatching(/\+07:00$/) }),
    ]);
    expect(actions.find((a) => a.clientId === 'mine-op-2')).toMatchObject({ ok: false, label: { en: expect.any(String) }, error: expect.stringContaining('no-such-scene') });
    // No hash, no raw detail: the record as its author reads it.
    expect(Object.keys(mine.body.actions[0]).sort()).toEqual(['action', 'clientId', 'duplicate', 'durationMs', 'error', 'id', 'label', 'ok', 'target', 'time', 'ts']);

    const adminsOwn = MyActionsSchema.parse((await sendJson('GET', `${t.url}/api/v1/audit/mine`, t.keys.admin)).body).actions;
    expect(adminsOwn.map((a) => a.clientId)).toContain('mine-admin-1');
    expect(adminsOwn.map((a) => a.clientId)).not.toContain('mine-op-1');
    // A reader key has a record too (its reads are not commands): an empty or short list, not a 403.
    expect((await sendJson('GET', `${t.url}/api/v1/audit/mine`, t.keys.reader)).status).toBe(200);
    expect((await sendJson('GET', `${t.url}/api/v1/audit/mine`, null)).status).toBe(401);
    expect((await sendJson('GET', `${t.url}/api/v1/audit/mine?limit=0`, t.keys.operator)).status).toBe(400);
    expect((await sendJson('GET', `${t.url}/api/v1/audit/mine?limit=201`, t.keys.operator)).status).toBe(400);
    expect((await sendJson('GET', `${t.url}/api/v1/audit/mine?actor=key:test-admin`, t.keys.operator)).status).toBe(400);
  });
});
