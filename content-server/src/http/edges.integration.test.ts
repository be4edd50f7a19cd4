import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { Audit, AuditEntry } from '../audit/index.js';
import { RefusalTally } from '../audit/refusal-tally.js';
import { createLogger, type Logger } from '../logger.js';
import { installErrorHandling } from './errors.js';
import { installJsonBodyParser } from './json-body.js';
import { consoleAckError, guardNamespace } from './socket-guard.js';

const log = createLogger('silent');
const recorder = () => {
  const entries: AuditEntry[] = [];
  return { entries, audit: { write: async (e: AuditEntry) => void entries.push(e) } as unknown as Audit };
};
/** An audit log under load: each row is in the log 100 ms after it is written, or the write fails. */
const slowRecorder = (opts: { fails?: boolean } = {}) => {
  const entries: AuditEntry[] = [];
  const write = async (e: AuditEntry) => {
    await new Promise((r) => setTimeout(r, 100));
    if (opts.fails) throw new Error('SQLITE_BUSY');
    entries.push(e);
  };
  return { entries, audit: { write } as unknown as Audit };
};
/** A logger whose error lines are kept. */
const errorLog = () => {
  const errors: string[] = [];
  return { errors, log: createLogger('error', { write: (line: string) => void errors.push(JSON.parse(line).msg as string) }) };
};
const closers: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

describe('HTTP edge', () => {
  async function app(entries = recorder()) {
    const a = Fastify();
    installErrorHandling(a, log, { audit: entries.audit, resolve: async (t) => (t === 'good' ? { kind: 'user', id: 1, name: 'lan', role: 'operator', provider: 'local' } : null) });
    installJsonBodyParser(a);
    a.post('/echo', async (req) => ({ got: req.body }));
    a.get('/boom', async () => {
      throw new Error('a bug');
    });
    closers.push(() => a.close());
    return { a, entries: entries.entries };
  }

  it('a handler that throws answers 500 in the usual shape and is audited with its route and principal', async () => {
    const { a, entries } = await app();
    const res = await a.inject({ method: 'GET', url: '/boom', headers: { authorization: 'Bearer good' } });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ errors: [{ index: null, field: '(server)', message: 'internal error; the server log has the details' }] });
    expect(entries).toEqual([expect.objectContaining({ actor: 'user:lan', role: 'operator', action: 'http.error', target: 'GET /boom', ok: false, detail: expect.objectContaining({ status: 500, error: 'a bug' }) })]);
  });

  it('a body too deep or with too many items is refused before parsing, audited without the body', async () => {
    const { a, entries } = await app();
    const deep = await a.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: `{"x":${'['.repeat(33)}${']'.repeat(33)}}` });
    expect(deep.statusCode).toBe(413);
    expect(deep.json().errors[0]).toMatchObject({ field: 'body', message: 'the JSON is nested deeper than 32 levels', text: { vi: 'dữ liệu JSON lồng sâu quá 32 cấp' } });
    const many = await a.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: `[${Array(50_001).fill(0).join(',')}]` });
    expect(many.statusCode).toBe(413);
    const large = await a.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json', authorization: 'Bearer good' }, payload: `"${'x'.repeat(1024 * 1024)}"` });
    expect(large.statusCode).toBe(413);
    expect(entries.map((e) => [e.actor, e.action, e.target, (e.detail as { reason: string }).reason])).toEqual([
      ['anonymous', 'edge.refused', 'POST /echo', 'depth'],
      ['anonymous', 'edge.refused', 'POST /echo', 'items'],
      ['user:lan', 'edge.refused', 'POST /echo', 'size'],
    ]);
    // At the bounds, and strings full of brackets, pass; __proto__ stays refused as Fastify does.
    const atBound = `{"s":"[[[{{{\\"]]]","d":${'['.repeat(31)}${']'.repeat(31)}}`;
    const ok = await a.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: atBound });
    expect(ok.statusCode).toBe(200);
    const proto = await a.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: '{"__proto__":{"admin":true}}' });
    expect(proto.statusCode).toBe(400);
  });
});

describe('socket edge', () => {
  async function server(handlers: (socket: import('socket.io').Socket) => void, opts: { rec?: ReturnType<typeof recorder>; tally?: boolean; log?: Logger } = {}) {
    const http = createServer();
    const ioServer = new Server(http);
    const rec = opts.rec ?? recorder();
    const tally = opts.tally ? new RefusalTally(rec.audit, { flushEveryMs: 0 }) : null;
    guardNamespace(ioServer.of('/console'), { events: ['command', 'commands:failed'], bounds: { depth: 4, items: 10, chars: 100 }, ackError: consoleAckError, audit: rec.audit, log: opts.log ?? log, ...(tally && { tally }) });
    ioServer.of('/console').on('connection', handlers);
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const client: Socket = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}/console`, { transports: ['websocket'], forceNew: true });
    closers.push(() => {
      client.disconnect();
      return new Promise((r) => ioServer.close(r));
    });
    await new Promise((r) => client.once('connect', r));
    return { client, entries: rec.entries };
  }

  it('refuses an unknown event and arguments past the bounds before any handler runs', async () => {
    let ran = 0;
    const { client, entries } = await server((s) => s.on('command', (_c: unknown, ack: (r: unknown) => void) => (ran++, ack({ ok: true }))));
    expect(await client.timeout(5000).emitWithAck('admin:everything', {})).toMatchObject({ ok: false, error: { code: 'invalid', message: 'unknown event "admin:everything" on /console' } });
    expect(await client.timeout(5000).emitWithAck('command', { a: { b: { c: { d: 1 } } } })).toMatchObject({ ok: false, error: { message: 'the JSON is nested deeper than 4 levels (event "command")' } });
    expect(await client.timeout(5000).emitWithAck('command', { s: 'x'.repeat(101) })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/longer than 100 characters/) } });
    expect(await client.timeout(5000).emitWithAck('command', 1, 2)).toMatchObject({ ok: false, error: { message: 'too many arguments for "command"' } });
    expect(ran).toBe(0);
    expect(await client.timeout(5000).emitWithAck('command', { a: 1 })).toEqual({ ok: true });
    expect(entries.map((e) => (e.detail as { reason: string }).reason)).toEqual(['unknown-event', 'depth', 'chars', 'arguments']);
  });

  it('a handler that throws or rejects is answered with an ack error and audited; the process sees nothing', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    closers.push(() => void process.off('unhandledRejection', onUnhandled));
    const { client, entries } = await server((s) => {
      s.on('command', () => {
        throw new Error('sync bug');
      });
      s.on('commands:failed', async () => {
        throw new Error('async bug');
      });
    });
    expect(await client.timeout(5000).emitWithAck('command', {})).toMatchObject({ ok: false, error: { code: 'failed', message: 'internal error; the server log has the details', text: { vi: 'lỗi nội bộ; nhật ký máy chủ có chi tiết' } } });
    expect(await client.timeout(5000).emitWithAck('commands:failed', {})).toMatchObject({ ok: false, error: { code: 'failed' } });
    expect(entries.map((e) => [e.action, e.target, (e.detail as { error: string }).error])).toEqual([
      ['socket.error', '/console command', 'sync bug'],
      ['socket.error', '/console commands:failed', 'async bug'],
    ]);
    expect(unhandled).toEqual([]);
  });

  it.each([
    ['row by row', false],
    ['through the refusal tally', true],
  ])('answers a refusal or a failed handler only once its row is in the log (%s), however slow the log', async (_, tally) => {
    const { client, entries } = await server(
      (s) =>
        s.on('commands:failed', () => {
          throw new Error('a bug');
        }),
      { rec: slowRecorder(), tally },
    );
    // As a client that reads the log the moment it hears the refusal: the row is there.
    const heard = async (event: string, ...args: unknown[]) => {
      const answer = await client.timeout(5000).emitWithAck(event, ...args);
      return { answer, rows: entries.map((e) => [e.action, e.target]) };
    };
    expect(await heard('admin:everything', {})).toEqual({ answer: expect.objectContaining({ ok: false }), rows: [['edge.refused', '/console admin:everything']] });
    expect(await heard('command', 1, 2)).toMatchObject({ rows: [expect.anything(), ['edge.refused', '/console command']] });
    expect(await heard('commands:failed', {})).toMatchObject({ answer: { error: { code: 'failed' } }, rows: [expect.anything(), expect.anything(), ['socket.error', '/console commands:failed']] });
    // Two refusals at once: neither is answered before its row (the tally writes one for both).
    const both = await Promise.all([heard('admin:twice', {}), heard('admin:twice', {})]);
    for (const { rows } of both) expect(rows).toContainEqual(['edge.refused', '/console admin:twice']);
  });

  it('still answers a refusal whose row cannot be written, logs why, and the process sees nothing', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    closers.push(() => void process.off('unhandledRejection', onUnhandled));
    for (const tally of [false, true]) {
      const { errors, log: failing } = errorLog();
      const { client } = await server(
        (s) =>
          s.on('command', () => {
            throw new Error('a bug');
          }),
        { rec: slowRecorder({ fails: true }), tally, log: failing },
      );
      expect(await client.timeout(5000).emitWithAck('admin:everything', {})).toMatchObject({ ok: false, error: { code: 'invalid' } });
      expect(await client.timeout(5000).emitWithAck('command', {})).toMatchObject({ ok: false, error: { code: 'failed' } });
      // The tally counts a first row it could not write into its minute's row instead (and logs nothing).
      expect(errors.filter((m) => m === 'could not audit a socket refusal')).toHaveLength(tally ? 1 : 2);
    }
    expect(unhandled).toEqual([]);
  });
});
