import {
  OnTimeQuerySchema,
  ReportNotificationStatusSchema,
  ReportSubmissionsQuerySchema,
  formatVnTimestamp,
  issuesToErrors,
  parsePeriod,
  type Principal,
  type ReportSubmissionsResponse,
} from '@ioc/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Audit } from '../audit/index.js';
import { bearerToken } from '../auth/index.js';
import { apiError } from '../http/errors.js';
import type { ReportsDomain } from './index.js';
import { dueAt, fitsPeriodicity, monthsBetween, monthPeriod } from './due-dates.js';
import { onTimeShare } from './on-time.js';
import { lateByHours, summarize } from './tracker.js';

export interface ReportRouteDeps {
  resolve(token: string | null): Promise<Principal | null>;
  reports: ReportsDomain;
  audit: Audit;
}

const MAX_MONTHS = 120;

/**
 * `GET /api/v1/submissions/report-sets`, `GET /api/v1/submissions?reportSet=&period=`,
 * `GET /api/v1/submissions/on-time?unit=&from=&to=` (any signed-in principal);
 * `GET /api/v1/notifications?status=` (operator, admin); `POST /api/v1/notifications/:id/resend`
 * (admin, audited).
 */
export async function reportRoutes(app: FastifyInstance, deps: ReportRouteDeps): Promise<void> {
  const { reports, audit } = deps;
  const { tracker } = reports;
  const principalOf = async (request: FastifyRequest, reply: FastifyReply): Promise<Principal | null> => {
    const p = await deps.resolve(bearerToken(request.headers.authorization));
    if (!p) void reply.code(401).send(apiError('authorization', 'expected Authorization: Bearer <session token or API key>'));
    return p;
  };

  app.get('/api/v1/submissions/report-sets', async (request, reply) => {
    if (!(await principalOf(request, reply))) return reply;
    return { reportSets: tracker.sets };
  });

  app.get('/api/v1/submissions', async (request, reply) => {
    if (!(await principalOf(request, reply))) return reply;
    const q = ReportSubmissionsQuerySchema.safeParse(request.query);
    if (!q.success) return reply.code(400).send({ errors: issuesToErrors(q.error.issues) });
    const set = tracker.set(q.data.reportSet);
    if (!set) return reply.code(404).send(apiError('reportSet', `unknown report set "${q.data.reportSet}"; GET /api/v1/submissions/report-sets lists them`));
    const period = parsePeriod(q.data.period);
    if (!period || !fitsPeriodicity(period.canonical, set.periodicity)) {
      return reply.code(422).send(apiError('period', `the report set "${set.id}" is ${set.periodicity}ly: expected a period such as ${{ month: '2025-07', quarter: '2025-Q3', year: '2025' }[set.periodicity]}, got "${q.data.period}"`));
    }
    const now = reports.clock.now();
    const due = dueAt(period.canonical, set.dueDay);
    const units = await tracker.reports(set, period.canonical, now);
    const body: ReportSubmissionsResponse = {
      reportSet: set.id,
      period: period.canonical,
      dueAt: formatVnTimestamp(due, true),
      due: now > due,
      units: units.map((r) => {
        const late = lateByHours(r);
        return {
          unit: r.unit,
          name: r.name,
          status: r.status,
          receivedAt: r.receivedAt === null ? null : formatVnTimestamp(r.receivedAt, true),
          dueAt: formatVnTimestamp(r.dueAt, true),
          ...(late !== undefined && { lateByHours: late }),
          missingIndicators: r.missingIndicators,
        };
      }),
      summary: summarize(units),
    };
    return body;
  });

  app.get('/api/v1/submissions/on-time', async (request, reply) => {
    if (!(await principalOf(request, reply))) return reply;
    const q = OnTimeQuerySchema.safeParse(request.query);
    if (!q.success) return reply.code(400).send({ errors: issuesToErrors(q.error.issues) });
    const from = parsePeriod(q.data.from);
    const to = parsePeriod(q.data.to);
    if (!from || from.kind !== 'month') return reply.code(422).send(apiError('from', `expected a month such as 2025-07, got "${q.data.from}"`));
    if (!to || to.kind !== 'month') return reply.code(422).send(apiError('to', `expected a month such as 2025-12, got "${q.data.to}"`));
    if (to.start < from.start) return reply.code(422).send(apiError('to', 'the range ends before it starts'));
    const months = monthsBetween(from.start, to.start);
    if (months.length > MAX_MONTHS) return reply.code(422).send(apiError('to', `at most ${MAX_MONTHS} months at a time`));
    const unit = q.data.unit;
    if (tracker.catalogVintages(unit).length === 0) return reply.code(404).send(apiError('unit', `unknown reporting unit "${unit}"`));
    const now = reports.clock.now();
    const points = [];
    for (const m of months) {
      const share = await tracker.onTime(unit, m.year, m.month, now);
      if (share) points.push({ period: monthPeriod(m.year, m.month), due: share.due, onTime: share.onTime, value: onTimeShare(share.due, share.onTime) });
    }
    return { unit, indicator: 'reports_on_time', points };
  });

  app.get('/api/v1/notifications', async (request, reply) => {
    const p = await principalOf(request, reply);
    if (!p) return reply;
    if (p.role !== 'admin' && p.role !== 'operator') return reply.code(403).send(apiError('authorization', `the ${p.role} role may not read notifications (allowed: operator, admin)`));
    const raw = (request.query as { status?: unknown }).status;
    const status = raw === undefined || raw === '' ? null : ReportNotificationStatusSchema.safeParse(raw);
    if (status && !status.success) return reply.code(400).send(apiError('status', `expected pending, sent or failed, got ${JSON.stringify(raw)}`));
    return { notifications: await reports.outbox.list(status ? status.data : null) };
  });

  app.post<{ Params: { id: string } }>('/api/v1/notifications/:id/resend', async (request, reply) => {
    const p = await principalOf(request, reply);
    if (!p) return reply;
    const actor = `${p.kind}:${p.name}`;
    const target = `notification:${request.params.id}`;
    const refuse = async (status: number, field: string, message: string) => {
      await audit.write({ actor, role: p.role, action: 'notification.resend', target, detail: { error: message }, ok: false });
      return reply.code(status).send(apiError(field, message));
    };
    if (p.role !== 'admin') return refuse(403, 'authorization', `the ${p.role} role may not re-send notifications (allowed: admin)`);
    const id = Number(request.params.id);
    if (!Number.isSafeInteger(id) || id <= 0) return refuse(404, 'id', `no notification ${JSON.stringify(request.params.id)}`);
    const before = await reports.outbox.get(id);
    const outcome = await reports.outbox.resend(id);
    if (!outcome.ok) return refuse(outcome.status, outcome.field, outcome.message);
    await audit.write({ actor, role: p.role, action: 'notification.resend', target, detail: { channel: outcome.notification.channel, event: outcome.notification.event, lastError: before?.lastError ?? null, attemptsBefore: before?.attempts ?? null }, ok: true });
    return { notification: outcome.notification };
  });
}
