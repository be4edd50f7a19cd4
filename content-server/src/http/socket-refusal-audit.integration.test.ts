// Every refusal over socket.io is in the audit log by the time the client hears it: a client (an
// auditor's tool, the attack suite) reads the log the moment the refusal arrives, under load.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONSOLE_NAMESPACE } from '@ioc/protocol';
import { Server } from 'socket.io';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../audit/index.js';
import { createLogger } from '../logger.js';
import { consoleClient, nextEvent, startTestServer, type ConsoleClient, type TestServer } from '../testing/harness.js';
import { OriginPolicy, socketOriginCheck, type OriginRefused } from './origins.js';

let t: TestServer;
let operator: ConsoleClient;
beforeAll(async () => {
  t = await startTestServer();
  // The log under load: a row (outside a caller's transaction) is in it 150 ms after it is written.
  const audit = t.server.audit;
  const write = audit.write.bind(audit);
  audit.write = (entry: AuditEntry, tx?: Parameters<typeof write>[1]) => (tx ? write(entry, tx) : new Promise((r) => setTimeout(r, 150)).then(() => write(entry)));
  operator = consoleClient(t.url, t.keys.operator);
  await nextEvent(operator, 'console:whoami');
});
afterAll(async () => {
  operator?.disconnect();
  await t?.close();
});

const rows = async (action: string) => (await t.server.audit.search({ action })).map((r) => [r.actor, r.target]);

/** Opens a socket as a page on `origin` would; resolves with the refusal's message, or 'connected'. */
function openFrom(url: string, origin: string, transport: 'websocket' | 'polling', token = ''): Promise<string> {
  const socket = io(url, { auth: { token }, transports: [transport], extraHeaders: { origin }, reconnection: false, forceNew: true });
  return new Promise<string>((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (err) => resolve(err.message));
  }).finally(() => socket.disconnect());
}

describe('a socket refusal, read from the log the moment it is heard', () => {
  it('an event refused at the edge (edge.refused)', async () => {
    const send = operator.timeout(5000).emitWithAck as (event: string, ...args: unknown[]) => Promise<unknown>;
    expect(await send.call(operator, 'admin:everything', {})).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await rows('edge.refused')).toContainEqual(['key:test-operator', '/console admin:everything']);
  });

  it('an event the role may not send (access.forbidden)', async () => {
    expect(await operator.timeout(5000).emitWithAck('command:resend', { clientId: 'c-1', newClientId: 'c-2' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await rows('access.forbidden')).toContainEqual(['key:test-operator', 'console:command:resend']);
  });

  it.each(['websocket', 'polling'] as const)('a handshake from a foreign origin (origin.refused, %s)', async (transport) => {
    const origin = `https://${transport}.evil.example`;
    expect(await openFrom(`${t.url}${CONSOLE_NAMESPACE}`, origin, transport, t.keys.operator)).not.toBe('connected');
    expect(await rows('origin.refused')).toContainEqual(['address:127.0.0.1', origin]);
  });
});

describe('a foreign origin whose refusal cannot be audited', () => {
  const rejects: OriginRefused = () => Promise.reject(new Error('SQLITE_BUSY'));
  const throws: OriginRefused = () => {
    throw new Error('a bug');
  };
  it.each([
    ['rejects', rejects],
    ['throws', throws],
  ])('is still refused when the audit %s, and the failure is logged', async (_, refused) => {
    const errors: string[] = [];
    const log = createLogger('error', { write: (line: string) => void errors.push(JSON.parse(line).msg as string) });
    const http = createServer();
    let port = 0;
    const policy = new OriginPolicy({ scheme: 'http', port: () => port, allowed: [], names: [] });
    const ioServer = new Server(http, { allowRequest: socketOriginCheck(policy, refused, log) });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    port = (http.address() as AddressInfo).port;
    try {
      expect(await openFrom(`http://127.0.0.1:${port}/`, 'https://evil.example', 'websocket')).not.toBe('connected');
      expect(await openFrom(`http://127.0.0.1:${port}/`, 'https://evil.example', 'polling')).not.toBe('connected');
      expect(errors).toEqual(['could not audit a refused origin', 'could not audit a refused origin']);
      // The server's own page still connects.
      expect(await openFrom(`http://127.0.0.1:${port}/`, `http://127.0.0.1:${port}`, 'websocket')).toBe('connected');
    } finally {
      await new Promise((r) => ioServer.close(r));
    }
  });
});
