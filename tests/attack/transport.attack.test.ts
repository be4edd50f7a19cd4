// Attacks on the transport (issue 14, "Nothing read without a right"): a page of another origin
// that tries to sign in, post data or open a console socket with credentials it obtained; answers
// without their security headers; plain HTTP on a TLS port that would hand out data.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { io } from 'socket.io-client';
import { CONSOLE_NAMESPACE, WALL_NAMESPACE } from '@ioc/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, createApiKey, freePort, httpsGet, startServer, tempDataDir, type RunningServer } from '../support/server.js';
import { ATTACK_PASSWORD, startTarget, type Target } from './target.js';

const EVIL = 'https://evil.example';
const REFUSAL = /origin may not use the server.*nguồn gốc/;

let target: Target;
beforeAll(async () => {
  target = await startTarget();
});
afterAll(async () => {
  await target?.close();
});

function refusedOrigins(after: number) {
  return target.auditSince(after).filter((r) => r.action === 'origin.refused');
}

/** A socket.io connection as a browser on `origin` opens it; resolves with the refusal, or 'connected'. */
function socketFrom(path: string, origin: string, token: string, transport: 'websocket' | 'polling'): Promise<string> {
  const socket = io(`${target.url}${path}`, { auth: { token }, transports: [transport], extraHeaders: { origin }, reconnection: false, forceNew: true });
  return new Promise<string>((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (err) => resolve(err.message));
  }).finally(() => socket.disconnect());
}

describe('a page of a foreign origin', () => {
  it('cannot sign in, even with the right password: 403, no session, audited', async () => {
    const before = target.lastAuditId();
    const sessions = target.count('sessions');
    const res = await fetch(`${target.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: EVIL }, body: JSON.stringify({ username: 'attack-admin', password: ATTACK_PASSWORD }) });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { errors: Array<{ field: string; message: string }> }).errors[0]).toMatchObject({ field: 'origin', message: expect.stringMatching(REFUSAL) });
    expect(target.count('sessions')).toBe(sessions);
    expect(refusedOrigins(before)).toEqual([expect.objectContaining({ actor: expect.stringMatching(/^address:/), target: EVIL, ok: 0 })]);
    expect(await target.alive()).toBe(true);
  });

  it('cannot post data with a stolen key, nor ask the preflight for it; stores nothing', async () => {
    const observations = target.count('observations');
    const post = await fetch(`${target.url}/api/v1/observations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${target.keys.ingest}`, origin: EVIL },
      body: JSON.stringify({ observations: [{ indicator: 'cpi_yoy', unit: '01', period: '2026-10', value: 9, source: 'attack' }] }),
    });
    expect(post.status).toBe(403);
    const preflight = await fetch(`${target.url}/api/v1/observations`, { method: 'OPTIONS', headers: { origin: EVIL, 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(target.count('observations')).toBe(observations);
    expect(await target.alive()).toBe(true);
  });

  it('gets no CORS permission to read an answer', async () => {
    const res = await fetch(`${target.url}/api/v1/catalog`, { headers: { origin: EVIL, authorization: `Bearer ${target.sessions.admin}` } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const own = await fetch(`${target.url}/api/v1/catalog`, { headers: { origin: target.url } });
    expect(own.headers.get('access-control-allow-origin')).toBe(target.url);
  });

  it('cannot open a console or wall socket (websocket or polling): connect_error, audited', async () => {
    const before = target.lastAuditId();
    // An origin not refused before in this minute: its first refusal is audited at once (the
    // refusal tally), the second counted in the minute's row.
    const sockets = 'https://sockets.evil.example';
    expect(await socketFrom(CONSOLE_NAMESPACE, sockets, target.sessions.admin, 'websocket')).not.toBe('connected');
    expect(await socketFrom(CONSOLE_NAMESPACE, sockets, target.sessions.admin, 'polling')).not.toBe('connected');
    expect(await socketFrom(WALL_NAMESPACE, 'http://localhost.evil.example', '', 'websocket')).not.toBe('connected');
    const rows = refusedOrigins(before);
    expect(rows.map((r) => JSON.parse(r.detail ?? '{}').channel)).toEqual(['socket.io', 'socket.io']);
    // The server's own page still connects (the control: the refusal is the origin, not the token).
    expect(await socketFrom(CONSOLE_NAMESPACE, target.url, target.sessions.admin, 'websocket')).toBe('connected');
    expect(await target.alive()).toBe(true);
  });

  it('floods the refusal without flooding the audit: one row per source and minute', async () => {
    const before = target.lastAuditId();
    const flood = Array.from({ length: 100 }, () => fetch(`${target.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://flood.example' }, body: '{}' }));
    expect(new Set((await Promise.all(flood)).map((r) => r.status))).toEqual(new Set([403]));
    expect(refusedOrigins(before)).toHaveLength(1);
    expect(await target.alive()).toBe(true);
  });
});

describe('every answer carries the security headers', () => {
  const paths = ['/healthz', '/api/v1/catalog', '/wall/?wall=main&display=d1', '/console/', '/api/v1/nothing', '/socket.io/?EIO=4&transport=polling'];
  it.each(paths)('%s', async (path) => {
    const res = await fetch(`${target.url}${path}`);
    expect(res.status, path).toBeLessThan(500);
    // Framed only by the center's own pages (the console's live preview of the wall), by no other site.
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self';.*frame-ancestors 'self'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    // Plain HTTP: no HSTS (it would lock http:// out of a lab for a year, and browsers ignore it here).
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('on a refused malformed body too', async () => {
    const res = await fetch(`${target.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":' });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });
});

describe('plain HTTP on a TLS port', () => {
  const data = tempDataDir();
  const pki = mkdtempSync(join(tmpdir(), 'ioc-attack-tls-'));
  let server: RunningServer;
  let ca: string;
  let key: string;
  let db: Database.Database;

  beforeAll(async () => {
    const { execFileSync } = await import('node:child_process');
    execFileSync('node', [join(ROOT, 'content-server/bin/ops.js'), 'tls', 'init', '--dir', pki], { stdio: 'pipe' });
    ca = readFileSync(join(pki, 'tls-ca.pem'), 'utf8');
    key = createApiKey(data.dir, 'attack-tls-ingest', 'ingest');
    server = await startServer({ dataDir: data.dir, port: await freePort(), ca, env: { TLS_CERT: join(pki, 'tls-cert.pem'), TLS_KEY: join(pki, 'tls-key.pem') } });
    db = new Database(join(data.dir, 'ioc.sqlite'), { readonly: true, fileMustExist: true });
  });
  afterAll(async () => {
    db?.close();
    await server?.stop();
    data.remove();
    rmSync(pki, { recursive: true, force: true });
  });

  it('only redirects, to the same path over https, and stores nothing it was sent', async () => {
    const plain = server.url.replace('https:', 'http:');
    const read = await fetch(`${plain}/api/v1/catalog`, { redirect: 'manual', headers: { authorization: `Bearer ${key}` } });
    expect(read.status).toBe(308);
    expect(read.headers.get('location')).toBe(`${server.url}/api/v1/catalog`);
    expect(await read.text()).not.toContain('indicators');
    const count = () => (db.prepare('SELECT count(*) AS n FROM observations').get() as { n: number }).n;
    const before = count();
    const post = await fetch(`${plain}/api/v1/observations`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ observations: [{ indicator: 'cpi_yoy', unit: '01', period: '2026-10', value: 9, source: 'attack' }] }),
    });
    expect(post.status).toBe(308);
    expect(count()).toBe(before);
    const wall = await fetch(`${plain}/wall/?wall=main&display=d1`, { redirect: 'manual' });
    expect(wall.status).toBe(308);
    expect(await wall.text()).not.toContain('<script');
  });

  it('serves HTTPS with HSTS and is alive afterwards', async () => {
    const res = await httpsGet(`${server.url}/healthz`, ca);
    expect(res.status).toBe(200);
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    // The start banner says where it listens and that plain HTTP only redirects.
    expect(server.output()).toContain(`IOC content server on https://127.0.0.1:${server.port}`);
    expect(server.output()).toContain('Bound to 127.0.0.1: only this machine can connect. HOST=0.0.0.0');
    expect(server.output()).toMatch(/TLS: .*tls-cert\.pem \(localhost, .*\); plain http:\/\/ on this port redirects to https:\/\//);
  });
});
