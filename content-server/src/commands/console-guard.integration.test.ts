import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { CatalogCommand, CommandResult, Principal } from '@ioc/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleClient, nextEvent, sendJson, startTestServer, testStoreEngine, type ConsoleClient, type TestServer } from '../testing/harness.js';

const PASSWORD = 'correct horse battery';
const HOUR = 3_600_000;

/** Revoking a session, a key or a user, or changing a role, reaches the consoles already open. */
describe('open consoles follow their credentials', () => {
  let t: TestServer;
  let clock = Date.now();
  let witness: ConsoleClient;
  const login = async (username: string) => (await sendJson('POST', `${t.url}/api/v1/auth/login`, null, { username, password: PASSWORD })).body.token as string;

  /** A signed-in console, once it has its first state, recording every event it gets from then on. */
  async function open(token: string): Promise<{ socket: ConsoleClient; events: string[] }> {
    const socket = consoleClient(t.url, token);
    await nextEvent(socket, 'console:state');
    const events: string[] = [];
    socket.onAny((event: string) => events.push(event));
    return { socket, events };
  }
  /** Every console is sent a new console:state; resolves once the witness has it. */
  async function broadcast(): Promise<void> {
    const got = nextEvent(witness, 'console:state');
    const language = (await t.server.wall.states.record('main'))?.language === 'en' ? 'vi' : 'en';
    expect((await sendJson('POST', `${t.url}/api/v1/commands`, t.keys.admin, { clientId: `lang-${Math.random().toString(36).slice(2, 10)}`, name: 'wall.language', args: { wallId: 'main', language } })).status).toBe(200);
    await got;
  }
  /** The console was disconnected by the server and then got nothing, though every console was sent a state. */
  async function expectCut(c: { socket: ConsoleClient; events: string[] }): Promise<void> {
    if (c.socket.connected) expect(await nextEvent(c.socket, 'disconnect')).toBe('io server disconnect');
    const mark = c.events.length;
    await broadcast();
    expect(c.events.slice(mark)).toEqual([]);
  }

  beforeAll(async () => {
    t = await startTestServer({ sessions: { now: () => clock } });
    for (const name of ['op-1', 'op-2', 'op-3', 'op-4']) await t.server.users.create({ username: name, role: 'operator', password: PASSWORD });
    witness = consoleClient(t.url, t.keys.admin);
    await nextEvent(witness, 'console:state');
  });
  afterAll(async () => {
    witness?.disconnect();
    await t.close();
  });

  it('cuts the console of a session that signed out, and keeps the same user\'s other session', async () => {
    const signedOut = await login('op-1');
    const victim = await open(signedOut);
    const other = await open(await login('op-1'));
    expect((await sendJson('POST', `${t.url}/api/v1/auth/logout`, signedOut)).status).toBe(204);
    await expectCut(victim);
    expect(other.socket.connected).toBe(true);
    other.socket.disconnect();
  });

  it('cuts the consoles of a disabled user and of a revoked key', async () => {
    const user = await open(await login('op-2'));
    await t.server.users.disable('op-2');
    await expectCut(user);

    const { key } = await t.server.keys.create('kiosk-1', 'operator');
    const kiosk = await open(key);
    await t.server.keys.revoke('kiosk-1');
    await expectCut(kiosk);
  });

  // SQLite's own signal; on PostgreSQL another server's revocation comes on the bus (cluster/servers-on-postgres).
  it.skipIf(testStoreEngine() === 'postgres')('cuts a console whose key another process revoked (seen through PRAGMA data_version)', async () => {
    const { key } = await t.server.keys.create('kiosk-2', 'operator');
    const kiosk = await open(key);
    const other = new Database(join(t.dataDir, 'ioc.sqlite'));
    try {
      other.prepare("UPDATE api_keys SET revoked_at = ? WHERE name = 'kiosk-2'").run(Date.now());
    } finally {
      other.close();
    }
    await expectCut(kiosk);
  });

  it('gives a console whose user changed role the new identity and catalog, and judges it by the new role', async () => {
    const c = await open(await login('op-3'));
    const whoami = nextEvent<Principal>(c.socket, 'console:whoami');
    const catalog = nextEvent<{ commands: CatalogCommand[] }>(c.socket, 'console:catalog');
    await t.server.users.setRole('op-3', 'viewer');
    expect(await whoami).toMatchObject({ name: 'op-3', role: 'viewer' });
    expect((await catalog).commands.filter((x) => x.allowed)).toEqual([]);
    const r: CommandResult = await c.socket.emitWithAck('command', { clientId: 'op3-after-role', name: 'wall.language', args: { wallId: 'main', language: 'en' } });
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    c.socket.disconnect();
  });

  it('cuts a console when its session ends by time; the open socket itself does not keep it alive', async () => {
    const c = await open(await login('op-4'));
    clock += 1.5 * HOUR;
    // Something changed elsewhere: every open console is checked, which must not count as use.
    await t.server.users.setRole('op-1', 'presenter');
    await broadcast();
    expect(c.socket.connected).toBe(true);
    clock += 0.5 * HOUR + 1000;
    await expectCut(c);
  });
});
