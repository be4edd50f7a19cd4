import { rmSync } from 'node:fs';
import { createServer as createTcpServer, type Socket } from 'node:net';
import type { CatalogCommand, CommandResult } from '@ioc/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SamsungMdcEmulator, serveTcp } from '../devices/emulators/index.js';
import { consoleClient, nextEvent, roomLayouts, sendJson, startTestServer, waitFor, type TestServer } from '../testing/harness.js';

const PASSWORD = 'correct horse battery';
const name = { vi: 'Chế độ', en: 'Mode' };

/** Macros, briefings and command ids: nothing lets a role do more than it may do directly. */
describe('nobody escalates through macros or command ids', () => {
  const display = new SamsungMdcEmulator(1);
  let served: { port: number; close(): Promise<void> };
  // A display that takes the connection and never answers: its commands stay in flight.
  const silent = new Set<Socket>();
  const hung = createTcpServer((s) => silent.add(s));
  let layouts: string;
  let t: TestServer;
  const token: Record<string, string> = {};
  const post = (who: string, body: Record<string, unknown>) => sendJson('POST', `${t.url}/api/v1/commands`, token[who] ?? who, body);
  const login = async (username: string) => (await sendJson('POST', `${t.url}/api/v1/auth/login`, null, { username, password: PASSWORD })).body.token as string;

  beforeAll(async () => {
    served = await serveTcp(display);
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
    const hungPort = (hung.address() as { port: number }).port;
    layouts = roomLayouts({
      devices: [
        { id: 'hung', name, driver: 'samsung-mdc', address: 1, transport: { kind: 'tcp', host: '127.0.0.1', port: hungPort }, timing: { replyTimeoutMs: 1500, maxRetries: 0 } },{ id: 'disp-1', name, driver: 'samsung-mdc', address: 1, transport: { kind: 'tcp', host: '127.0.0.1', port: served.port }, timing: { replyTimeoutMs: 5000, maxRetries: 0 } }],
      macros: [
        { name: 'room.mode.operate', label: name, help: name, roles: ['operator', 'admin'], confirm: false, steps: [{ command: 'display.power', args: { device: 'disp-1', on: true } }, { command: 'wall.scene.show', args: { wallId: 'main', sceneId: 'economy' } }] },
        // Declares presenter, who may not power a display: the whole macro is left out.
        { name: 'room.mode.sneaky', label: name, help: name, roles: ['operator', 'presenter'], confirm: false, steps: [{ command: 'wall.scene.show', args: { wallId: 'main', sceneId: 'economy' } }, { command: 'display.power', args: { device: 'disp-1', on: false } }] },
      ],
    });
    t = await startTestServer({ layoutsDir: layouts });
    for (const role of ['operator', 'presenter', 'technician'] as const) {
      await t.server.users.create({ username: `${role}-1`, role, password: PASSWORD });
      token[role] = await login(`${role}-1`);
    }
    await waitFor(() => ['disp-1', 'hung'].every((id) => t.server.devices.get(id)?.status().status === 'online'), 5000, 'displays online');
  });
  afterAll(async () => {
    await t.close();
    await served.close();
    for (const s of silent) s.destroy();
    hung.close();
    rmSync(layouts, { recursive: true, force: true });
  });

  it('leaves out a macro that declares a role one of its steps refuses, naming the step', async () => {
    expect(t.server.catalog.get('room.mode.sneaky')).toBeUndefined();
    expect(t.server.catalog.errors()).toContainEqual({
      file: 'macros/room.mode.sneaky.json',
      path: 'steps[1].command',
      message: 'the presenter role declared in "roles" may not run display.power (allowed: operator, technician, admin); remove presenter from "roles" or this step from the macro',
    });
    const r = await post('presenter', { clientId: 'sneaky-0001', name: 'room.mode.sneaky', args: {} });
    expect([r.status, r.body.error.code]).toEqual([404, 'not_found']);
    expect((await t.server.wall.states.record('main'))?.sceneId).toBe('overview');
  });

  it('offers a room mode only to roles that may run all of its steps, and refuses the others before any step', async () => {
    const c = consoleClient(t.url, token.presenter);
    const catalog = await nextEvent<{ commands: CatalogCommand[] }>(c, 'console:catalog');
    c.disconnect();
    expect(catalog.commands.find((x) => x.name === 'room.mode.operate')).toMatchObject({ roles: ['operator', 'admin'], allowed: false });
    const before = display.received.length;
    const r = await post('presenter', { clientId: 'presenter-macro-1', name: 'room.mode.operate', args: {} });
    expect([r.status, r.body.error.code]).toEqual([403, 'forbidden']);
    expect(display.received.length).toBe(before);
    expect((await t.server.commands.log.get('presenter-macro-1'))).toBeNull();
    expect((await t.server.audit.search({ actor: 'user:presenter-1', command: 'display.power' }))).toEqual([]);
  });

  it('refuses another principal\'s command id with 409 and tells it nothing; the owner still gets its duplicate, from any of its sessions', async () => {
    const tech = await post('technician', { clientId: 'tech-cmd-0001', name: 'display.brightness', args: { device: 'disp-1', level: 40 } });
    expect(tech.status).toBe(200);
    const before = display.received.length;
    const stolen = await post('operator', { clientId: 'tech-cmd-0001', name: 'display.volume', args: { device: 'disp-1', level: 3 } });
    expect(stolen.status).toBe(409);
    expect(stolen.body).toEqual({
      ok: false,
      clientId: 'tech-cmd-0001',
      name: 'display.volume',
      error: { code: 'conflict', message: 'the command id "tech-cmd-0001" is already used by another sender; send the command again with a new id' },
    });
    expect(display.received.length).toBe(before);
    expect((await t.server.audit.search({ actor: 'user:operator-1', command: 'display.volume' }))[0]).toMatchObject({ ok: false, detail: { clientId: 'tech-cmd-0001', error: { code: 'conflict' } } });
    // An API key of the operator role is another principal too.
    expect((await post(t.keys.operator, { clientId: 'tech-cmd-0001', name: 'display.volume', args: { device: 'disp-1', level: 3 } })).status).toBe(409);

    const again = await post(await login('technician-1'), { clientId: 'tech-cmd-0001', name: 'display.brightness', args: { device: 'disp-1', level: 40 } });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ duplicate: true, exchanges: tech.body.exchanges });
  });

  it('refuses another principal\'s id while the first command is still in flight', async () => {
    const first = post('technician', { clientId: 'inflight-0001', name: 'display.brightness', args: { device: 'hung', level: 40 } });
    await waitFor(async () => (await t.server.commands.log.get('inflight-0001')) !== null, 5000, 'the first command logged');
    const stolen = await post('operator', { clientId: 'inflight-0001', name: 'display.volume', args: { device: 'disp-1', level: 3 } });
    expect([stolen.status, stolen.body.error.code]).toEqual([409, 'conflict']);
    expect((await t.server.commands.log.get('inflight-0001'))?.status).toBe('running');
    expect((await first).body).toMatchObject({ ok: false, error: { code: 'device_failed' } });
  });

  it('keeps a command logged before ids were scoped to the actor that sent it', async () => {
    await t.server.store.sql.run("INSERT INTO command_ids (client_id, name, args, actor, role, target, status, result, executed_at) VALUES ('legacy-0001', 'wall.language', '{}', 'key:test-operator', 'operator', 'main', 'done', ?, 1)", [
      JSON.stringify({ ok: true, clientId: 'legacy-0001', name: 'wall.language', duplicate: false, durationMs: 1 }),
    ]);
    const args = { wallId: 'main', language: 'en' };
    expect((await post(t.keys.operator, { clientId: 'legacy-0001', name: 'wall.language', args })).body).toMatchObject({ ok: true, duplicate: true });
    expect((await post('operator', { clientId: 'legacy-0001', name: 'wall.language', args })).status).toBe(409);
  });

  it('answers command:resend from anyone but an admin the same way, whether the id exists or not', async () => {
    const c = consoleClient(t.url, token.technician);
    await nextEvent(c, 'console:state');
    const known: CommandResult = await c.emitWithAck('command:resend', { clientId: 'tech-cmd-0001', newClientId: 'resend-0001' });
    const unknown: CommandResult = await c.emitWithAck('command:resend', { clientId: 'nobody-0001', newClientId: 'resend-0002' });
    c.disconnect();
    // The event's declared access (protocol/src/access.ts) refuses before any id is looked up.
    const refused = { ok: false, clientId: null, error: { code: 'forbidden', message: 'the technician role may not send command:resend (allowed: admin) / vai trò technician không có quyền này' } };
    expect(known).toEqual(refused);
    expect(unknown).toEqual(refused);
  });
});
