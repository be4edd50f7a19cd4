// Nobody escalates: room modes, command ids and revoked credentials, tried against the built
// server as an attacker inside the center would (a presenter, an operator, a signed-out console).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { io, type Socket } from 'socket.io-client';
import { WALL_NAMESPACE, type CatalogCommand, type CommandResult } from '@ioc/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/server.js';
import { ATTACK_PASSWORD, startTarget, type Target } from './target.js';

const OPS = join(ROOT, 'content-server/bin/ops.js');
/** A revocation from another process is noticed within a second; this leaves a loaded CI machine room. */
const CUT_WITHIN_MS = 8_000;

let target: Target;
let db: Database.Database;
beforeAll(async () => {
  // The demo room's emulated devices, so that the room modes load and run as in a real room.
  target = await startTarget({ env: { DEMO_ROOM: '1' } });
  db = new Database(join(target.dataDir, 'ioc.sqlite'), { readonly: true, fileMustExist: true });
  const online = async () => {
    const res = await fetch(`${target.url}/api/v1/devices`, { headers: { authorization: `Bearer ${target.sessions.admin}` } });
    const { devices } = (await res.json()) as { devices: Array<{ id: string; status: string }> };
    return ['display-left', 'display-right', 'matrix'].every((d) => devices.find((x) => x.id === d)?.status === 'online');
  };
  for (const until = Date.now() + 20_000; !(await online()); ) {
    if (Date.now() > until) throw new Error('the demo room\'s devices did not come online in 20 s');
    await new Promise((r) => setTimeout(r, 100));
  }
});
afterAll(async () => {
  db?.close();
  await target?.close();
});

function ops(args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('node', [OPS, ...args], { env: { ...process.env, DATA_DIR: target.dataDir }, encoding: 'utf8', ...(input !== undefined && { input }) });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const command = async (token: string, body: Record<string, unknown>) => {
  const res = await fetch(`${target.url}/api/v1/commands`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as CommandResult };
};
const login = async (username: string): Promise<string> => {
  const res = await fetch(`${target.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: ATTACK_PASSWORD }) });
  return ((await res.json()) as { token: string }).token;
};
/** The next `event` on the socket; rejects after `ms`. */
const next = <T>(s: Socket, event: string, ms = CUT_WITHIN_MS) =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms);
    s.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
const id = (what: string) => `${what}-${Math.random().toString(36).slice(2, 10)}`;
/** Resolves when the socket is disconnected by the server; rejects after `ms`. */
const cut = (s: Socket, ms = CUT_WITHIN_MS) =>
  new Promise<string>((resolve, reject) => {
    if (!s.connected) return resolve('already');
    const timer = setTimeout(() => reject(new Error(`socket still connected ${ms} ms after the revocation`)), ms);
    s.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });

/** Every event a socket receives, in order, with a mark for "after the revocation". */
function record(s: Socket): { events: string[]; since(mark: number): string[] } {
  const events: string[] = [];
  s.onAny((event: string) => events.push(event));
  return { events, since: (mark) => events.slice(mark) };
}

/** Makes every console get `console:state`, and waits until a witness console has it. */
async function broadcastState(witness: Socket): Promise<void> {
  const got = new Promise<void>((resolve) => witness.once('console:state', () => resolve()));
  const language = Math.random() < 0.5 ? 'en' : 'vi';
  const r = await command(target.sessions.admin, { clientId: id('lang'), name: 'wall.language', args: { wallId: 'main', language: language === 'en' ? 'vi' : 'en' } });
  expect(r.status).toBe(200);
  await got;
}

describe('macros are authorised step by step', () => {
  it('refuses a presenter the briefing room mode, whose display and matrix steps it may not send directly', async () => {
    const direct = await command(target.sessions.presenter, { clientId: id('p-direct'), name: 'matrix.route', args: { device: 'matrix', input: 3, output: 1 } });
    expect(direct.status).toBe(403);

    const after = target.lastAuditId();
    const clientId = id('p-macro');
    const r = await command(target.sessions.presenter, { clientId, name: 'room.mode.briefing', args: {}, confirmed: true });
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(r.body).not.toHaveProperty('steps');
    expect(target.count('command_ids', `client_id = '${clientId}'`)).toBe(0);
    const audited = target.auditSince(after);
    expect(audited.filter((a) => a.ok === 1)).toEqual([]);
    expect(audited.map((a) => a.action)).toEqual(['command.room.mode.briefing']);

    const c = await target.console(target.sessions.presenter);
    const catalog = await next<{ commands: CatalogCommand[] }>(c, 'console:catalog');
    expect(catalog.commands.find((x) => x.name === 'room.mode.briefing')).toMatchObject({ allowed: false });
    c.disconnect();
    expect(await target.alive()).toBe(true);
  });

  it('makes ops layouts check refuse a room mode that declares a role one of its steps refuses, naming the step', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ioc-layouts-'));
    try {
      cpSync(join(ROOT, 'layouts'), dir, { recursive: true });
      const file = join(dir, 'macros/room-mode-briefing.json');
      const macro = JSON.parse(readFileSync(file, 'utf8')) as { roles: string[] };
      writeFileSync(file, JSON.stringify({ ...macro, roles: [...macro.roles, 'presenter'] }));
      const r = ops(['layouts', 'check', dir]);
      expect(r.status).toBe(1);
      expect(r.stdout).toContain('macros/room-mode-briefing.json steps[0].command: the presenter role declared in "roles" may not run display.power (allowed: operator, technician, admin)');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('command ids belong to their sender', () => {
  it('answers an operator who reuses a technician\'s command id with a refusal, not the technician\'s device exchange', async () => {
    const clientId = id('tech-cmd');
    const tech = await command(target.sessions.technician, { clientId, name: 'display.brightness', args: { device: 'display-left', level: 61 } });
    expect(tech.status).toBe(200);
    expect(tech.body.ok && tech.body.exchanges?.length).toBeGreaterThan(0);

    const after = target.lastAuditId();
    const stolen = await command(target.sessions.operator, { clientId, name: 'display.volume', args: { device: 'display-left', level: 5 } });
    expect(stolen.status).toBe(409);
    expect(stolen.body).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(JSON.stringify(stolen.body)).not.toMatch(/brightness|exchanges|technician/);
    expect(target.count('command_ids', `client_id = '${clientId}'`)).toBe(1);
    expect(target.auditSince(after).map((a) => [a.action, a.ok])).toEqual([['command.display.volume', 0]]);
    expect(await target.alive()).toBe(true);
  });

  it('tells an operator nothing about another\'s command through command:resend or commands:failed', async () => {
    const clientId = id('tech-done');
    expect((await command(target.sessions.technician, { clientId, name: 'display.brightness', args: { device: 'display-left', level: 62 } })).status).toBe(200);
    const c = await target.console(target.sessions.operator);
    const known: CommandResult = await c.emitWithAck('command:resend', { clientId, newClientId: id('re') });
    const unknown: CommandResult = await c.emitWithAck('command:resend', { clientId: id('nobody'), newClientId: id('re') });
    expect(known).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(unknown.ok === false && unknown.error.message).toBe(known.ok === false && known.error.message);
    expect(await c.emitWithAck('commands:failed', { limit: 10 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    c.disconnect();
    expect(await target.alive()).toBe(true);
  });
});

describe('revocation cuts open sockets at once', () => {
  it('cuts the console of a session that signed out: nothing more reaches it', async () => {
    const token = await login('attack-operator');
    const victim = await target.console(token);
    const witness = await target.console(target.sessions.admin);
    const seen = record(victim);
    const after = target.lastAuditId();
    const res = await fetch(`${target.url}/api/v1/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(204);
    await cut(victim);
    const mark = seen.events.length;
    await broadcastState(witness);
    expect(seen.since(mark)).toEqual([]);
    await expect(target.console(token)).rejects.toThrow(/unauthori[sz]ed/);
    expect(target.auditSince(after).map((a) => [a.action, a.ok])).toContainEqual(['auth.logout', 1]);
    expect(await target.alive()).toBe(true);
    witness.disconnect();
  });

  it('cuts the console of an API key revoked by ops apikey revoke (another process)', async () => {
    const created = ops(['apikey', 'create', 'attack-revoked', '--role', 'operator']);
    const key = /ioc_[A-Za-z0-9_-]{20,}/.exec(created.stdout)?.[0];
    expect(key).toBeTruthy();
    const victim = await target.console(key!);
    const witness = await target.console(target.sessions.admin);
    const seen = record(victim);
    const after = target.lastAuditId();
    expect(ops(['apikey', 'revoke', 'attack-revoked']).status).toBe(0);
    await cut(victim);
    const mark = seen.events.length;
    await broadcastState(witness);
    expect(seen.since(mark)).toEqual([]);
    await expect(target.console(key!)).rejects.toThrow(/unauthori[sz]ed/);
    expect(target.auditSince(after).map((a) => [a.action, a.target, a.ok])).toContainEqual(['apikey.revoke', 'attack-revoked', 1]);
    expect(await target.alive()).toBe(true);
    witness.disconnect();
  });

  it('cuts the consoles of a user disabled by ops user disable, and gives a role change a new catalog at once', async () => {
    expect(ops(['user', 'add', 'attack-changed', '--role', 'operator', '--password-stdin'], `${ATTACK_PASSWORD}\n`).status).toBe(0);
    const token = await login('attack-changed');
    const victim = await target.console(token);
    await next(victim, 'console:catalog');
    const catalogs: Array<{ commands: CatalogCommand[] }> = [];
    victim.on('console:catalog', (c) => catalogs.push(c));
    const whoami = next<{ role: string }>(victim, 'console:whoami');
    expect(ops(['user', 'role', 'attack-changed', 'viewer']).status).toBe(0);
    expect((await whoami).role).toBe('viewer');
    await expect.poll(() => catalogs.length, { timeout: CUT_WITHIN_MS }).toBeGreaterThan(0);
    expect(catalogs.at(-1)!.commands.filter((x) => x.allowed)).toEqual([]);

    expect(ops(['user', 'disable', 'attack-changed']).status).toBe(0);
    await cut(victim);
    await expect(target.console(token)).rejects.toThrow(/unauthori[sz]ed/);
    expect(await target.alive()).toBe(true);
  });

  it('cuts a wall renderer whose device token ops wall-device revoke revoked', async () => {
    const out = ops(['wall-device', 'enroll', '--token', 'main', 'd1']);
    const token = /iow_[A-Za-z0-9_-]{20,}/.exec(out.stdout)?.[0];
    expect(token).toBeTruthy();
    const deviceId = (db.prepare('SELECT max(id) AS id FROM wall_devices').get() as { id: number }).id;
    const wall = io(`${target.url}${WALL_NAMESPACE}`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    await new Promise<void>((resolve, reject) => {
      wall.once('connect', () => resolve());
      wall.once('connect_error', reject);
    });
    expect(ops(['wall-device', 'revoke', String(deviceId)]).status).toBe(0);
    await cut(wall);
    expect(await target.alive()).toBe(true);
  });
});
