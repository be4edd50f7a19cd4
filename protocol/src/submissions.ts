import { z } from 'zod';
import { LabelSchema } from './i18n.js';

/** How often a report set is due. */
export const ReportPeriodicitySchema = z.enum(['month', 'quarter', 'year']);
export type ReportPeriodicity = z.infer<typeof ReportPeriodicitySchema>;

/**
 * Who must send a report set: every province valid when it falls due, a list of agencies
 * (codes of `assets/catalog/agencies.json`), or the nation (`VN`).
 */
export const ReportSetUnitsSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('provinces') }),
  z.strictObject({ kind: z.literal('agencies'), codes: z.array(z.string().min(1)).min(1) }),
  z.strictObject({ kind: z.literal('nation') }),
]);
export type ReportSetUnits = z.infer<typeof ReportSetUnitsSchema>;

/**
 * A periodic report: the indicators a unit sends for one period. It falls due at 23:59:59
 * Vietnam time on `dueDay` of the period's last month (the month itself, March/June/September/
 * December for a quarter, December for a year).
 */
export const ReportSetSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, { message: 'expected lower-case letters, digits and _' }),
  name: LabelSchema,
  indicators: z.array(z.string().min(1)).min(1),
  periodicity: ReportPeriodicitySchema,
  units: ReportSetUnitsSchema,
  /** Day of the period's last month on which the report falls due (15..25). */
  dueDay: z.number().int().min(15).max(25).default(20),
});
export type ReportSet = z.infer<typeof ReportSetSchema>;

/** `assets/catalog/report-sets.json`. */
export const ReportSetsFileSchema = z.strictObject({ $comment: z.string().optional(), reportSets: z.array(ReportSetSchema).min(1) });

/**
 * Where a unit's report stands: `expected` (not due yet, nothing received), `received_on_time`,
 * `late` (complete after the due time), `missing` (due passed, nothing received), `partial`
 * (some of the set's indicators received, not all).
 */
export const ReportSubmissionStatusSchema = z.enum(['expected', 'received_on_time', 'late', 'missing', 'partial']);
export type ReportSubmissionStatus = z.infer<typeof ReportSubmissionStatusSchema>;

/** Query of `GET /api/v1/submissions`. */
export const ReportSubmissionsQuerySchema = z.strictObject({ reportSet: z.string().min(1), period: z.string().min(1) });

/** One unit's report for one period. Times are ISO 8601 in +07:00. */
export const ReportSubmissionSchema = z.object({
  unit: z.string(),
  name: z.string(),
  status: ReportSubmissionStatusSchema,
  receivedAt: z.string().nullable(),
  dueAt: z.string(),
  /** Hours after the due time a late report arrived (one decimal). */
  lateByHours: z.number().optional(),
  missingIndicators: z.array(z.string()),
});
export type ReportSubmission = z.infer<typeof ReportSubmissionSchema>;

export const ReportSubmissionSummarySchema = z.object({
  expected: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  missing: z.number().int(),
  partial: z.number().int(),
});
export type ReportSubmissionSummary = z.infer<typeof ReportSubmissionSummarySchema>;

export const ReportSubmissionsResponseSchema = z.object({
  reportSet: z.string(),
  period: z.string(),
  dueAt: z.string(),
  /** True once the due time has passed. */
  due: z.boolean(),
  units: z.array(ReportSubmissionSchema),
  summary: ReportSubmissionSummarySchema,
});
export type ReportSubmissionsResponse = z.infer<typeof ReportSubmissionsResponseSchema>;

/** Query of `GET /api/v1/submissions/on-time`: months, inclusive. */
export const OnTimeQuerySchema = z.strictObject({ unit: z.string().min(1), from: z.string().min(1), to: z.string().min(1) });

/** The share of a unit's reports due in one month that arrived on time. */
export const OnTimePointSchema = z.object({ period: z.string(), due: z.number().int(), onTime: z.number().int(), value: z.number() });

/** Events a notification channel may subscribe to. */
export const NotificationEventSchema = z.enum(['report.received', 'report.overdue']);
export type NotificationEvent = z.infer<typeof NotificationEventSchema>;

const ChannelId = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, { message: 'expected lower-case letters, digits, - and _' });
const EnvName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, { message: 'expected the NAME of an environment variable (the secret itself never goes in this file)' });

export const WebhookChannelSchema = z.strictObject({
  type: z.literal('webhook'),
  id: ChannelId,
  url: z.url({ protocol: /^https?$/ }),
  /** Environment variable holding the HMAC-SHA256 key; the body is signed in `X-IOC-Signature`. */
  secretEnv: EnvName.optional(),
  events: z.array(NotificationEventSchema).min(1),
});

export const EmailChannelSchema = z.strictObject({
  type: z.literal('email'),
  id: ChannelId,
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(587),
  /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
  secure: z.boolean().default(false),
  user: z.string().min(1).optional(),
  /** Environment variable holding the SMTP password. */
  passwordEnv: EnvName.optional(),
  from: z.string().min(3),
  to: z.array(z.email()).min(1),
  events: z.array(NotificationEventSchema).min(1),
});

/** `<layouts>/notifications.json`: where report events are sent, and how failed deliveries retry. */
export const NotificationsConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  $comment: z.string().optional(),
  /** Deliveries tried at most this many times, then marked `failed`. */
  maxAttempts: z.number().int().min(1).max(50).default(5),
  /** Wait before retry n: initialMs * factor^(n-1), at most maxMs. */
  backoff: z
    .strictObject({ initialMs: z.number().int().min(0).default(30_000), factor: z.number().min(1).default(2), maxMs: z.number().int().min(0).default(3_600_000) })
    .default({ initialMs: 30_000, factor: 2, maxMs: 3_600_000 }),
  /** Per attempt. */
  timeoutMs: z.number().int().min(100).default(10_000),
  channels: z.array(z.discriminatedUnion('type', [WebhookChannelSchema, EmailChannelSchema])),
});
export type NotificationsConfig = z.infer<typeof NotificationsConfigSchema>;
export type NotificationChannel = NotificationsConfig['channels'][number];

export const ReportNotificationStatusSchema = z.enum(['pending', 'sent', 'failed']);
export type ReportNotificationStatus = z.infer<typeof ReportNotificationStatusSchema>;

/** What a webhook receives (and what an e-mail says). Times ISO 8601 in +07:00. */
export const ReportEventPayloadSchema = z.object({
  event: NotificationEventSchema,
  reportSet: z.object({ id: z.string(), name: LabelSchema }),
  period: z.string(),
  unit: z.object({ code: z.string(), name: z.string() }),
  status: ReportSubmissionStatusSchema,
  dueAt: z.string(),
  receivedAt: z.string().nullable(),
  lateByHours: z.number().optional(),
  missingIndicators: z.array(z.string()),
  /** When the event happened. */
  at: z.string(),
});
export type ReportEventPayload = z.infer<typeof ReportEventPayloadSchema>;

/** One delivery of the outbox, as `GET /api/v1/notifications` lists it. */
export const ReportNotificationSchema = z.object({
  id: z.number().int(),
  channel: z.string(),
  event: NotificationEventSchema,
  payload: ReportEventPayloadSchema,
  status: ReportNotificationStatusSchema,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type ReportNotification = z.infer<typeof ReportNotificationSchema>;
