import { rmSync } from 'node:fs';
import type { CatalogCommand, CommandResult } from '@ioc/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SamsungMdcEmulator, serveTcp } from '../devices/emulators/index.js';
import { consoleClient, nextEvent, roomLayouts, sendJson, startTestServer, waitFor, type TestServer } from '../testing/harness.js';

const PASSWORD = 'correct horse battery';

/** Signed-in users of each role, through the real login route; the server enforces the catalog's role rules. */
describe('roles: the catalog decides, the server enforces', () => {
  const display = new SamsungMdcEmulator(1);
  let served: { port: number; close(): Promise<void> };
  let layouts: string;
  let t: TestServer;
  const token: Record<string, string> = {};
  const run = (role: string, name: string, args: unknown, confirmed = false) =>
    sendJson('POST', `${t.url}/api/v1/commands`, token[role]!, { clientId: `${role}-${name}-${Math.random().toString(36).slice(2, 10)}`, name, args, ...(confirmed && { confirmed }) });

  beforeAll(async () => {
    served = await serveTcp(display);
    layouts = roomLayouts({
      devices: [{ id: 'disp-1', name: { vi: 'Màn 1', en: 'Display 1' }, driver: 'samsung-mdc', address: 1, transport: { kind: 'tcp', host: '127.0.0.1', port: served.port }, timing: { replyTimeoutMs: 300, maxRetries: 0 } }],
    });
    t = await startTestServer({ layoutsDir: layouts });
    for (const role of ['viewer', 'operator', 'presenter', 'technician', 'admin'] as const) {
      await t.server.users.create({ username: `${role}-1`, role, password: PASSWORD });
      const login = await sendJson('POST', `${t.url}/api/v1/auth/login`, null, { username: `${role}-1`, password: PASSWORD });
      expect(login.status).toBe(200);
      token[role] = login.body.token;
    }
    await waitFor(() => t.server.devices.get('disp-1')?.status().status === 'online', 5000, 'display online');
  });
  afterAll(async () => {
    await t.close();
    await served.close();
    rmSync(layouts, { recursive: true, force: true });
  });

  it('refuses a viewer\'s command with 403, changes nothing and writes the refusal to the audit log', async () => {
    const before = display.received.length;
    const res = await run('viewer', 'display.power', { device: 'disp-1', on: true }, true);
    expect(res.status).toBe(403);
    expect(res.body.error).toEqual({ code: 'forbidden', message: 'the viewer role may not run display.power (allowed: operator, technician, admin)' });
    expect(display.received.length).toBe(before);
    const scene = await run('viewer', 'wall.scene.show', { wallId: 'main', sceneId: 'economy' });
    expect(scene.status).toBe(403);
    expect((await t.server.wall.states.record('main'))?.sceneId).toBe('overview');
    const audited = await t.server.audit.search({ actor: 'user:viewer-1', command: 'display.power' });
    expect(audited[0]).toMatchObject({ actor: 'user:viewer-1', role: 'viewer', ok: false, target: null, detail: { error: { code: 'forbidden' } } });
  });

  it('lets each role do what the catalog gives it, and nothing more', async () => {
    const expectations: Array<[string, string, unknown, number]> = [
      ['presenter', 'briefing.start', { wallId: 'main', briefingId: 'weekly-economy' }, 200],
      ['presenter', 'briefing.next', { wallId: 'main' }, 200],
      ['presenter', 'display.power', { device: 'disp-1', on: true }, 403],
      ['presenter', 'wall.theme', { wallId: 'main', theme: 'light' }, 403],
      ['operator', 'display.volume', { device: 'disp-1', level: 20 }, 200],
      ['operator', 'display.brightness', { device: 'disp-1', level: 70 }, 403],
      ['operator', 'device.send', { device: 'disp-1', command: 'status' }, 403],
      ['technician', 'display.brightness', { device: 'disp-1', level: 70 }, 200],
      ['technician', 'device.send', { device: 'disp-1', command: 'status' }, 200],
      ['technician', 'briefing.next', { wallId: 'main' }, 403],
      ['admin', 'display.brightness', { device: 'disp-1', level: 65 }, 200],
      ['admin', 'briefing.end', { wallId: 'main' }, 428],
    ];
    const got = [];
    for (const [role, name, args] of expectations) got.push([role, name, args, (await run(role, name, args)).status]);
    expect(got).toEqual(expectations);
    expect(display.state.brightness).toBe(65);
  });

  it('gives a viewer a read-only console: the catalog with nothing allowed', async () => {
    const c = consoleClient(t.url, token.viewer);
    const catalog = await nextEvent<{ commands: CatalogCommand[] }>(c, 'console:catalog');
    expect(catalog.commands.length).toBeGreaterThan(20);
    expect(catalog.commands.filter((x) => x.allowed)).toEqual([]);
    const r: CommandResult = await c.emitWithAck('command', { clientId: 'viewer-sock-1', name: 'wall.language', args: { wallId: 'main', language: 'en' } });
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    c.disconnect();
  });

  it('stops a console at once when its session is revoked (sign-out elsewhere, user disabled)', async () => {
    const c = consoleClient(t.url, token.operator);
    await nextEvent(c, 'console:state');
    const cut = nextEvent(c, 'disconnect');
    await t.server.users.disable('operator-1');
    expect(await cut).toBe('io server disconnect');
    expect((await sendJson('GET', `${t.url}/api/v1/commands`, token.operator)).status).toBe(401);
    c.disconnect();
  });
});
