import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type RunningServer } from '../server.js';
import { copyLayouts, postObservations, sendJson, testDatabase } from '../testing/harness.js';

// --- a real SMTP receiver, and just enough MIME decoding to read a Vietnamese mail back ---

interface ReceivedMail {
  from: string;
  to: string[];
  user: string | undefined;
  subject: string;
  text: string;
}

/** Decodes RFC 2047 encoded words (`=?UTF-8?Q?...?=`, `=?UTF-8?B?...?=`) of a header value. */
function decodeHeader(value: string): string {
  const unfolded = value.replace(/\r?\n[ \t]+/g, ' ');
  // Bytes of adjacent encoded words are joined before UTF-8 decoding (a character may be split).
  return unfolded.replace(/(?:=\?utf-8\?[qb]\?[^?]*\?=\s*)+/gi, (run) => {
    const parts: Buffer[] = [];
    for (const m of run.matchAll(/=\?utf-8\?([qb])\?([^?]*)\?=/gi)) {
      const [, enc, data = ''] = m;
      if (enc?.toLowerCase() === 'b') parts.push(Buffer.from(data, 'base64'));
      else parts.push(Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1'));
    }
    return Buffer.concat(parts).toString('utf8');
  });
}

function decodeBody(body: string, encoding: string): string {
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const latin = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(latin, 'latin1').toString('utf8');
  }
  return body;
}

/** Parses a single-part message as nodemailer writes a text e-mail. */
function parseMail(raw: string): { subject: string; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split);
  const body = raw.slice(split + 4);
  const header = (name: string) => new RegExp(`^${name}:\\s*((?:.*)(?:\\r\\n[ \\t].*)*)`, 'im').exec(head)?.[1] ?? '';
  return { subject: decodeHeader(header('subject')), text: decodeBody(body, header('content-transfer-encoding').trim().toLowerCase()) };
}

/** An SMTP server on a free local port that accepts `user`/`password` and keeps each message. */
async function startMailReceiver(credentials: { user: string; password: string }): Promise<{ port: number; mails: ReceivedMail[]; close(): Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === credentials.user && auth.password === credentials.password) callback(null, { user: auth.username });
      else callback(new Error('invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const { subject, text } = parseMail(Buffer.concat(chunks).toString('latin1'));
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
          subject,
          text,
        });
        callback();
      });
    },
  });
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const port = (server.server.address() as AddressInfo).port;
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

// --- a real HTTP endpoint for webhooks ---

interface Hook {
  headers: IncomingHttpHeaders;
  body: string;
}

async function startHookReceiver(): Promise<{ url: string; hooks: Hook[]; answer: { status: number }; close(): Promise<void> }> {
  const hooks: Hook[] = [];
  const answer = { status: 200 };
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      hooks.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.status < 300 ? 'ok' : 'broken');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, hooks, answer, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const SECRET = 'hook-secret-for-tests';
const PASSWORD = 'smtp-password-for-tests';

describe('report notifications: webhook, e-mail, retries and re-sending', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ioc-notify-'));
  const layoutsDir = copyLayouts();
  const clock = { t: Date.parse('2026-10-01T08:00:00+07:00'), now() { return this.t; } };
  let server: RunningServer;
  let hook: Awaited<ReturnType<typeof startHookReceiver>>;
  let broken: Awaited<ReturnType<typeof startHookReceiver>>;
  let smtp: Awaited<ReturnType<typeof startMailReceiver>>;
  let keys: { ingest: string; operator: string; admin: string };
  const list = async (status = '') => (await sendJson('GET', `${server.url}/api/v1/notifications${status && `?status=${status}`}`, keys.admin)).body.notifications as Array<Record<string, any>>;

  beforeAll(async () => {
    hook = await startHookReceiver();
    broken = await startHookReceiver();
    broken.answer.status = 500;
    smtp = await startMailReceiver({ user: 'ioc', password: PASSWORD });
    process.env['IOC_TEST_HOOK_SECRET'] = SECRET;
    process.env['IOC_TEST_SMTP_PASSWORD'] = PASSWORD;
    writeFileSync(join(layoutsDir, 'notifications.json'), JSON.stringify({
      maxAttempts: 3,
      backoff: { initialMs: 1000, factor: 2, maxMs: 60_000 },
      timeoutMs: 5000,
      channels: [
        { type: 'webhook', id: 'ops-hook', url: hook.url, secretEnv: 'IOC_TEST_HOOK_SECRET', events: ['report.received', 'report.overdue'] },
        { type: 'webhook', id: 'broken-hook', url: broken.url, events: ['report.received'] },
        { type: 'email', id: 'office-mail', host: '127.0.0.1', port: smtp.port, secure: false, user: 'ioc', passwordEnv: 'IOC_TEST_SMTP_PASSWORD', from: 'ioc@example.gov.vn', to: ['thongke@example.gov.vn', 'lanhdao@example.gov.vn'], events: ['report.received'] },
      ],
    }));
    server = await createServer({ port: 0, host: '127.0.0.1', dataDir, layoutsDir, demo: false, logger: pino({ level: 'silent' }), watchLayouts: false, wallDist: join(dataDir, 'none'), consoleDist: join(dataDir, 'none'), reports: { clock, tickMs: 0 }, ...(await testDatabase(dataDir)) });
    keys = { ingest: (await server.keys.create('hq-ingest', 'ingest')).key, operator: (await server.keys.create('hq-operator', 'operator')).key, admin: (await server.keys.create('hq-admin', 'admin')).key };
  });
  afterAll(async () => {
    await server.close();
    await Promise.all([hook.close(), broken.close(), smtp.close()]);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(layoutsDir, { recursive: true, force: true });
  });

  it('sends nothing at the first start for periods already due', async () => {
    expect(await server.reports.check()).toEqual([]);
    await server.reports.outbox.idle();
    expect(await list()).toEqual([]);
  });

  it('tells the webhook, signed, when a report falls overdue', async () => {
    clock.t = Date.parse('2026-10-16T00:00:00+07:00'); // the national trade report was due on the 15th
    expect(await server.reports.check()).toEqual([{ reportSet: 'national_trade_monthly', period: '2026-10' }]);
    await server.reports.outbox.idle();
    expect(hook.hooks).toHaveLength(1);
    const [h] = hook.hooks;
    expect(h!.headers['x-ioc-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(h!.body).digest('hex')}`);
    expect(h!.headers['x-ioc-event']).toBe('report.overdue');
    expect(JSON.parse(h!.body)).toMatchObject({
      event: 'report.overdue',
      reportSet: { id: 'national_trade_monthly', name: { vi: 'Báo cáo xuất nhập khẩu tháng (toàn quốc)' } },
      period: '2026-10',
      unit: { code: 'VN', name: 'Việt Nam' },
      status: 'missing',
      dueAt: '2026-10-15T23:59:59.999+07:00',
      receivedAt: null,
      missingIndicators: ['exports', 'imports', 'trade_balance'],
    });
    // The due time is handled once: checking again sends nothing more.
    expect(await server.reports.check()).toEqual([]);
  });

  it('tells the webhook and mails the office when the report arrives (late), in Vietnamese then English', async () => {
    const observations = ['exports', 'imports', 'trade_balance'].map((indicator, i) => ({ indicator, unit: 'VN', period: '2026-10', value: 30 + i, source: 'Cục Hải quan' }));
    expect((await postObservations(server.url, keys.ingest, { observations })).status).toBe(200);
    await server.reports.outbox.idle();
    const received = hook.hooks.map((x) => JSON.parse(x.body)).filter((b) => b.event === 'report.received');
    expect(received).toEqual([expect.objectContaining({ unit: { code: 'VN', name: 'Việt Nam' }, status: 'late', lateByHours: expect.any(Number), missingIndicators: [] })]);
    expect(received[0].lateByHours).toBeGreaterThan(0);
    expect(received[0].receivedAt).toMatch(/\+07:00$/);
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail).toMatchObject({ from: 'ioc@example.gov.vn', to: ['thongke@example.gov.vn', 'lanhdao@example.gov.vn'], user: 'ioc' });
    expect(mail.subject).toBe('[IOC] Đã nhận báo cáo: Báo cáo xuất nhập khẩu tháng (toàn quốc), Việt Nam, kỳ 2026-10 / Report received');
    expect(mail.text).toContain('Đã nhận báo cáo "Báo cáo xuất nhập khẩu tháng (toàn quốc)" kỳ 2026-10 của Việt Nam (VN).');
    expect(mail.text).toContain('Trạng thái: đã nhận, muộn.');
    expect(mail.text.indexOf('Trạng thái')).toBeLessThan(mail.text.indexOf('Status: received late.'));
    expect(mail.text).not.toContain(PASSWORD);
    // The same values again complete nothing new: no second notice.
    await postObservations(server.url, keys.ingest, { observations });
    await server.reports.outbox.idle();
    expect(smtp.mails).toHaveLength(1);
  });

  it('retries a failing webhook with backoff up to the maximum, then marks it failed', async () => {
    expect(broken.hooks).toHaveLength(1);
    let [row] = await list('pending');
    expect(row).toMatchObject({ channel: 'broken-hook', status: 'pending', attempts: 1, lastError: expect.stringContaining('HTTP 500') });
    // Not yet: the first retry waits initialMs (1 s).
    clock.t += 999;
    await server.reports.outbox.deliverDue();
    expect(broken.hooks).toHaveLength(1);
    clock.t += 1;
    await server.reports.outbox.deliverDue();
    expect(broken.hooks).toHaveLength(2);
    clock.t += 2000; // the second retry waits 2 s
    await server.reports.outbox.deliverDue();
    expect(broken.hooks).toHaveLength(3);
    clock.t += 60_000;
    await server.reports.outbox.deliverDue();
    expect(broken.hooks).toHaveLength(3);
    [row] = await list('failed');
    expect(row).toMatchObject({ channel: 'broken-hook', event: 'report.received', status: 'failed', attempts: 3, nextAttemptAt: null, lastError: expect.stringContaining('HTTP 500') });
    expect((await list('sent')).map((n) => n.channel).sort()).toEqual(['office-mail', 'ops-hook', 'ops-hook']);
  });

  it('lets an admin re-send a failed delivery, refuses an operator, and audits both', async () => {
    const [failed] = await list('failed');
    const resend = (token: string, id: unknown) => sendJson('POST', `${server.url}/api/v1/notifications/${id}/resend`, token);
    const byOperator = await resend(keys.operator, failed!.id);
    expect(byOperator.status).toBe(403);
    expect(byOperator.body.errors[0]).toMatchObject({ field: 'authorization' });
    expect((await sendJson('GET', `${server.url}/api/v1/notifications`, keys.operator)).status).toBe(200);
    expect((await sendJson('GET', `${server.url}/api/v1/notifications`, keys.ingest)).status).toBe(403);

    broken.answer.status = 204;
    const byAdmin = await resend(keys.admin, failed!.id);
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.notification).toMatchObject({ id: failed!.id, status: 'pending', attempts: 0 });
    await server.reports.outbox.idle();
    expect(broken.hooks).toHaveLength(4);
    expect(JSON.parse(broken.hooks[3]!.body)).toMatchObject({ event: 'report.received', unit: { code: 'VN' } });
    expect((await list('sent')).some((n) => n.id === failed!.id)).toBe(true);

    const again = await resend(keys.admin, failed!.id);
    expect(again.status).toBe(409);
    expect(again.body.errors[0].message).toMatch(/is sent; only a failed one can be sent again/);
    expect((await resend(keys.admin, 999_999)).status).toBe(404);
    const audit = (await server.audit.search({ action: 'notification.resend' }));
    // The operator is refused by the route's declared access (access.forbidden), before the route.
    expect((await server.audit.search({ action: 'access.forbidden', actor: 'key:hq-operator' }))[0]).toMatchObject({ target: 'POST /api/v1/notifications/:id/resend', ok: false });
    expect(audit.map((a) => [a.actor, a.role, a.ok])).toEqual(expect.arrayContaining([
      ['key:hq-admin', 'admin', true],
      ['key:hq-admin', 'admin', false],
    ]));
    expect(audit.find((a) => a.ok)).toMatchObject({ target: `notification:${failed!.id}`, detail: { channel: 'broken-hook', lastError: expect.stringContaining('HTTP 500') } });
  });
});
