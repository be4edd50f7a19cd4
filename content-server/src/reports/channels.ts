import { createHmac } from 'node:crypto';
import type { NotificationChannel, ReportEventPayload } from '@ioc/protocol';
import nodemailer from 'nodemailer';

type Webhook = Extract<NotificationChannel, { type: 'webhook' }>;
type Email = Extract<NotificationChannel, { type: 'email' }>;

/** Sends one notification over one channel; throws with a short reason when it did not go. */
export type Sender = (channel: NotificationChannel, payload: ReportEventPayload, delivery: { id: number; timeoutMs: number }) => Promise<void>;

function secretFrom(env: NodeJS.ProcessEnv, name: string | undefined): string | null {
  if (name === undefined) return null;
  const value = env[name];
  // The variable's name is safe to report; its value never is.
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

/** `sha256=<hex>` of the exact body bytes, keyed with the channel's secret. */
export function signature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

const STATUS_TEXT = {
  received_on_time: { vi: 'đã nhận, đúng hạn', en: 'received on time' },
  late: { vi: 'đã nhận, muộn', en: 'received late' },
  missing: { vi: 'chưa nhận', en: 'not received' },
  partial: { vi: 'mới nhận một phần', en: 'partly received' },
  expected: { vi: 'chưa đến hạn', en: 'not due yet' },
} as const;

/** Subject and plain text of the e-mail for an event: Vietnamese first, then English. */
export function emailMessage(p: ReportEventPayload): { subject: string; text: string } {
  const overdue = p.event === 'report.overdue';
  const status = STATUS_TEXT[p.status];
  const subject = overdue
    ? `[IOC] Báo cáo quá hạn: ${p.reportSet.name.vi}, ${p.unit.name}, kỳ ${p.period} / Report overdue`
    : `[IOC] Đã nhận báo cáo: ${p.reportSet.name.vi}, ${p.unit.name}, kỳ ${p.period} / Report received`;
  const late: [string, string] = p.lateByHours !== undefined ? [`Muộn ${p.lateByHours} giờ.`, `${p.lateByHours} hours late.`] : ['', ''];
  const missing: [string, string] = p.missingIndicators.length ? [`Còn thiếu chỉ tiêu: ${p.missingIndicators.join(', ')}.`, `Indicators missing: ${p.missingIndicators.join(', ')}.`] : ['', ''];
  const vi = [
    overdue ? `Báo cáo "${p.reportSet.name.vi}" kỳ ${p.period} của ${p.unit.name} (${p.unit.code}) đã quá hạn.` : `Đã nhận báo cáo "${p.reportSet.name.vi}" kỳ ${p.period} của ${p.unit.name} (${p.unit.code}).`,
    `Trạng thái: ${status.vi}.`,
    `Hạn gửi: ${p.dueAt}.`,
    p.receivedAt ? `Thời điểm nhận: ${p.receivedAt}.` : '',
    late[0],
    missing[0],
  ];
  const en = [
    overdue ? `The report "${p.reportSet.name.en}" for ${p.period} from ${p.unit.name} (${p.unit.code}) is overdue.` : `The report "${p.reportSet.name.en}" for ${p.period} from ${p.unit.name} (${p.unit.code}) has been received.`,
    `Status: ${status.en}.`,
    `Due: ${p.dueAt}.`,
    p.receivedAt ? `Received: ${p.receivedAt}.` : '',
    late[1],
    missing[1],
  ];
  const lines = (xs: string[]) => xs.filter(Boolean).join('\n');
  return { subject, text: `${lines(vi)}\n\n---\n\n${lines(en)}\n\n(Trung tâm Thông tin và Điều hành / Information and Operations Center)\n` };
}

async function sendWebhook(c: Webhook, p: ReportEventPayload, d: { id: number; timeoutMs: number }, env: NodeJS.ProcessEnv): Promise<void> {
  const body = JSON.stringify(p);
  const secret = secretFrom(env, c.secretEnv);
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'user-agent': 'ioc-content-server',
    'x-ioc-event': p.event,
    'x-ioc-delivery': String(d.id),
  };
  if (secret !== null) headers['x-ioc-signature'] = signature(secret, body);
  let res: Response;
  try {
    res = await fetch(c.url, { method: 'POST', headers, body, signal: AbortSignal.timeout(d.timeoutMs) });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    throw new Error(e.name === 'TimeoutError' ? `no answer within ${d.timeoutMs} ms` : `cannot reach ${new URL(c.url).host}: ${e.cause?.code ?? e.message}`);
  }
  // The answer's body is not kept; read it so the connection is released.
  await res.arrayBuffer().catch(() => undefined);
  if (!res.ok) throw new Error(`HTTP ${res.status} from ${new URL(c.url).host}`);
}

async function sendEmail(c: Email, p: ReportEventPayload, d: { timeoutMs: number }, env: NodeJS.ProcessEnv): Promise<void> {
  const pass = secretFrom(env, c.passwordEnv);
  const transport = nodemailer.createTransport({
    host: c.host,
    port: c.port,
    secure: c.secure,
    ...(c.user !== undefined && { auth: { user: c.user, pass: pass ?? '' } }),
    connectionTimeout: d.timeoutMs,
    greetingTimeout: d.timeoutMs,
    socketTimeout: d.timeoutMs,
  });
  const { subject, text } = emailMessage(p);
  try {
    await transport.sendMail({ from: c.from, to: c.to, subject, text });
  } catch (err) {
    // nodemailer's message names the server and the SMTP reply; it never holds the password.
    throw new Error(`SMTP ${c.host}:${c.port}: ${(err as Error).message}`);
  } finally {
    transport.close();
  }
}

/** The sender used by the server: webhooks over fetch, e-mail over SMTP with nodemailer. */
export function channelSender(env: NodeJS.ProcessEnv = process.env): Sender {
  return (channel, payload, delivery) => (channel.type === 'webhook' ? sendWebhook(channel, payload, delivery, env) : sendEmail(channel, payload, delivery, env));
}
