import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Principal } from '@ioc/protocol';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { Audit, AuditEntry } from '../audit/index.js';
import { RefusalTally } from '../audit/refusal-tally.js';
import { createLogger } from '../logger.js';
import { guardConsoleSocket } from './socket-access.js';

const viewer: Principal = { kind: 'user', id: 7, name: 'vy', role: 'viewer', provider: 'local' };
const technician: Principal = { kind: 'user', id: 8, name: 'tam', role: 'technician', provider: 'local' };

/** An audit log under load: each row is in the log 100 ms after it is written, or the write fails. */
function slowAudit(opts: { fails?: boolean } = {}) {
  const entries: AuditEntry[] = [];
  const write = async (e: AuditEntry) => {
    await new Promise((r) => setTimeout(r, 100));
    if (opts.fails) throw new Error('SQLITE_BUSY');
    entries.push(e);
  };
  return { entries, audit: { write } as unknown as Audit };
}

const closers: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

/** A console namespace with the role check only; the handlers answer `{ ok: true }`. */
async function consoleAs(principal: Principal, opts: { fails?: boolean; tally?: boolean } = {}) {
  const http = createServer();
  const ioServer = new Server(http);
  const { entries, audit } = slowAudit(opts);
  const errors: string[] = [];
  const log = createLogger('error', { write: (line: string) => void errors.push(JSON.parse(line).msg as string) });
  const tally = opts.tally ? new RefusalTally(audit, { flushEveryMs: 0 }) : null;
  const ns = ioServer.of('/console');
  ns.use((socket, next) => ((socket.data = { principal }), next()));
  ns.on('connection', (socket) => {
    guardConsoleSocket(socket as typeof socket & { data: { principal: Principal } }, { audit, log, ...(tally && { tally }) });
    for (const event of ['command', 'commands:failed', 'command:resend', 'warning:ack']) socket.on(event, (_arg: unknown, ack: (r: unknown) => void) => ack({ ok: true }));
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const client: Socket = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}/console`, { transports: ['websocket'], forceNew: true });
  closers.push(() => {
    client.disconnect();
    return new Promise((r) => ioServer.close(r));
  });
  await new Promise<void>((r) => client.once('connect', () => r()));
  /** Sends and, the moment the answer arrives, reads the log (as an auditing client would). */
  const send = async (event: string) => {
    const answer = await client.timeout(5000).emitWithAck(event, {});
    return { answer, rows: entries.map((e) => [e.actor, e.action, e.target]) };
  };
  return { send, entries, errors };
}

describe('console event access', () => {
  it.each([
    ['row by row', false],
    ['through the refusal tally', true],
  ])('answers a refused event (access.forbidden) only once its row is in the log (%s), however slow the log', async (_, tally) => {
    const { send } = await consoleAs(viewer, { tally });
    expect(await send('command:resend')).toEqual({
      answer: { ok: false, clientId: null, error: { code: 'forbidden', message: expect.stringMatching(/the viewer role may not send command:resend/) } },
      rows: [['user:vy', 'access.forbidden', 'console:command:resend']],
    });
    // Two at once (the tally writes one row for both): neither is answered before it.
    for (const { answer, rows } of await Promise.all([send('warning:ack'), send('warning:ack')])) {
      expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(rows).toContainEqual(['user:vy', 'access.forbidden', 'console:warning:ack']);
    }
    // An allowed event is handled at once, in order.
    expect(await send('command')).toMatchObject({ answer: { ok: true } });
  });

  it('still refuses when the row cannot be written, and logs why', async () => {
    const { send, errors } = await consoleAs(viewer, { fails: true });
    expect((await send('command:resend')).answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(errors).toEqual(['could not audit a console refusal']);
  });

  it('answers an audited read (commands:failed) once its row is in the log', async () => {
    const { send } = await consoleAs(technician);
    expect(await send('commands:failed')).toEqual({ answer: { ok: true }, rows: [['user:tam', 'read.command-log', 'console:commands:failed']] });
  });
});
