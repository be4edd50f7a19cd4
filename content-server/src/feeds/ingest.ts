import {
  IngestBodySchema,
  issuesToErrors,
  parsePeriod,
  unfinishedPeriodProblem,
  type ApiErrorItem,
  type IngestAccepted,
  type ObservationIn,
} from '@ioc/protocol';
import { createHash } from 'node:crypto';
import type { Audit } from '../audit/index.js';
import type { Logger } from '../logger.js';
import type { ChangedPoint, SeriesBefore, Sql, StoredObservation, Store, SubmissionFormat } from '../store/index.js';
import type { CatalogRegistry } from './catalog.js';
import { HISTORY_POINTS, outsideRange, plausibleRange, type PlausibleRange } from './provenance/plausibility.js';
import type { SignatureCheck } from './provenance/signature.js';
import { say } from './upload/messages.js';
import { forOtherUnits, submitterActor, type Submitter } from './submitter.js';

/** How far in the future a period may start (clock skew of a sender's instant readings). */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
const LEVEL_NAMES = { N: 'the nation', P: 'a province', M: 'an agency' } as const;
/** Periodicities as Vietnamese says them. */
const PERIOD_VI: Readonly<Record<string, string>> = { day: 'ngày', month: 'tháng', quarter: 'quý', year: 'năm', instant: 'thời điểm' };
const LEVEL_NAMES_VI = { N: 'cả nước', P: 'một tỉnh/thành phố', M: 'một cơ quan' } as const;

export type Validation =
  | { ok: true; items: StoredObservation[] }
  | { ok: false; status: 400 | 422; errors: ApiErrorItem[] };

/**
 * Checks a batch: first its shape (400, from the protocol schema), then its meaning against
 * the catalog (422). Every problem of the batch is reported, each with its item index, so a
 * sender can fix the whole batch at once.
 */
export function validateBatch(body: unknown, catalog: CatalogRegistry, opts: { synthetic: boolean; now?: number }): Validation {
  const shape = IngestBodySchema.safeParse(body);
  if (!shape.success) return { ok: false, status: 400, errors: issuesToErrors(shape.error.issues, 'observations') };
  const now = opts.now ?? Date.now();
  const errors: ApiErrorItem[] = [];
  const items: StoredObservation[] = [];
  const seen = new Map<string, number>();
  shape.data.observations.forEach((o, index) => {
    const item = checkItem(o, index, catalog, now, errors);
    if (!item) return;
    const key = `${item.indicator}\u0000${item.unit}\u0000${item.period}`;
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({ index, field: 'period', ...say(`duplicate of item ${first}: same indicator, unit and period in one batch`, `trùng với mục ${first}: cùng chỉ tiêu, đơn vị và kỳ trong một lô`) });
      return;
    }
    seen.set(key, index);
    items.push({ ...item, synthetic: opts.synthetic || item.synthetic });
  });
  return errors.length > 0 ? { ok: false, status: 422, errors } : { ok: true, items };
}

function checkItem(o: ObservationIn, index: number, catalog: CatalogRegistry, now: number, errors: ApiErrorItem[]): StoredObservation | null {
  const before = errors.length;
  const fail = (field: string, en: string, vi: string) => errors.push({ index, field, ...say(en, vi) });
  // The schema already refused unparseable periods, so this is only for the type checker.
  const period = parsePeriod(o.period);
  if (!period) {
    fail('period', 'expected an ISO 8601 period', 'cần một kỳ theo ISO 8601');
    return null;
  }
  const indicator = catalog.indicator(o.indicator);
  if (!indicator) fail('indicator', `unknown indicator "${o.indicator}"; the catalog (GET /api/v1/catalog) lists the known ones`, `chỉ tiêu "${o.indicator}" không có trong danh mục (GET /api/v1/catalog liệt kê các chỉ tiêu)`);
  const vintages = catalog.vintages(o.unit);
  if (vintages.length === 0) fail('unit', `unknown reporting unit "${o.unit}"; expected VN, a province code or an agency id of the catalog`, `đơn vị báo cáo "${o.unit}" không rõ; cần VN, mã một tỉnh/thành phố hoặc mã một cơ quan trong danh mục`);
  if (indicator && period.kind !== indicator.periodicity) {
    fail('period', `${indicator.id} is reported per ${indicator.periodicity}; "${o.period}" is a ${period.kind} period`, `${indicator.id} được báo cáo theo kỳ ${PERIOD_VI[indicator.periodicity] ?? indicator.periodicity}; "${o.period}" là kỳ ${PERIOD_VI[period.kind] ?? period.kind}`);
  }
  if (period.start > now + FUTURE_TOLERANCE_MS) fail('period', `period "${o.period}" has not started yet`, `kỳ "${o.period}" chưa bắt đầu`);
  else if (indicator) {
    // A figure of an unfinished period cannot exist yet; only a source's published estimate can.
    const unfinished = unfinishedPeriodProblem(period, o.estimate ?? false, indicator.release, now);
    if (unfinished) fail(o.estimate ? 'estimate' : 'period', unfinished.en, unfinished.vi);
  }
  if (vintages.length > 0) {
    const vintage = catalog.vintageDuring(o.unit, period.start, period.end);
    if (!vintage) {
      const spans = vintages.map((v) => `${v.name}: ${v.validFrom ?? '…'} to ${v.validTo ?? '…'}`).join('; ');
      const spansVi = vintages.map((v) => `${v.name}: ${v.validFrom ?? '…'} đến ${v.validTo ?? '…'}`).join('; ');
      fail('unit', `unit "${o.unit}" did not exist during ${period.canonical} (${spans})`, `đơn vị "${o.unit}" không tồn tại trong kỳ ${period.canonical} (${spansVi})`);
    } else if (indicator && !indicator.levels.includes(vintage.level)) {
      const levels = indicator.levels.map((l) => LEVEL_NAMES[l]).join(', ');
      const levelsVi = indicator.levels.map((l) => LEVEL_NAMES_VI[l]).join(', ');
      fail('unit', `${indicator.id} is reported for ${levels}; "${o.unit}" is ${LEVEL_NAMES[vintage.level]}`, `${indicator.id} được báo cáo cho ${levelsVi}; "${o.unit}" là ${LEVEL_NAMES_VI[vintage.level]}`);
    }
  }
  if (errors.length > before) return null;
  return {
    indicator: o.indicator,
    unit: o.unit,
    period: period.canonical,
    kind: period.kind,
    start: period.start,
    end: period.end,
    value: o.value,
    synthetic: o.synthetic ?? false,
    estimate: o.estimate ?? false,
    source: o.source,
  };
}

export type IngestOutcome =
  | { status: 200; body: IngestAccepted }
  | { status: 400 | 401 | 403 | 413 | 415 | 422; body: { errors: ApiErrorItem[] } };

/**
 * Receives the changed points of each batch (the live topics: live/link.ts). Called inside
 * the batch's transaction; `published` settles after the commit, once this server's walls were
 * given the batch, in commit order.
 */
export interface ChangeSink {
  announce(changes: readonly ChangedPoint[], tx: Sql): Promise<{ published: Promise<void> }>;
}

/** A batch just committed: who sent it, when, what it held and which points changed. */
export interface CommittedBatch {
  /** Who sent it, as the audit log names them: `key:<name>` or `user:<name>`. */
  actor: string;
  receivedAt: number;
  items: readonly StoredObservation[];
  changed: readonly ChangedPoint[];
}

/** Where a batch came from: its format, file name, the bytes as received and their signature. */
export interface SubmissionInfo {
  format: SubmissionFormat;
  fileName?: string | null;
  /** The body exactly as received (hashed; a signature covers these bytes). */
  bytes?: Buffer;
  signature?: SignatureCheck;
}

/**
 * Fault injection for the atomicity test only (`IOC_FAULT=kill-mid-batch`): the process kills
 * itself with SIGKILL after writing half of a batch, inside its transaction.
 */
export type IngestFault = 'kill-mid-batch' | null;

/** Validates, stores (one transaction), audits, then tells the live hub what changed. */
export class IngestService {
  private readonly listeners = new Set<(batch: CommittedBatch) => void>();
  constructor(
    private readonly store: Store,
    private readonly catalog: CatalogRegistry,
    private readonly audit: Audit,
    private readonly sink: ChangeSink,
    private readonly log: Logger,
    private readonly fault: IngestFault = null,
  ) {}

  /**
   * Calls `listener` after each committed batch (submission tracking, warnings). A listener
   * that throws is logged; the sender still hears 200. Returns the unsubscribe function.
   */
  onCommitted(listener: (batch: CommittedBatch) => void | Promise<void>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async ingest(body: unknown, by: Submitter, from: SubmissionInfo = { format: 'json' }): Promise<IngestOutcome> {
    const signature = from.signature ?? { kind: 'unsigned' };
    if (signature.kind === 'refused') return this.refuse(by, signature.status, signature.errors);
    const v = validateBatch(body, this.catalog, { synthetic: by.synthetic });
    if (!v.ok) return this.refuse(by, v.status, v.errors);
    // A unit's own key or account reports for that unit only, whatever the batch says.
    const foreignUnits = forOtherUnits(v.items, by);
    if (foreignUnits.length > 0) return this.refuse(by, 403, foreignUnits);
    if (signature.kind === 'verified') {
      const foreign = signedForOthers(v.items, signature.unit, this.catalog);
      if (foreign.length > 0) return this.refuse(by, 403, foreign);
    }
    const actor = submitterActor(by);
    const flagged = await this.judge(v.items);
    const receivedAt = Date.now();
    const bytes = from.bytes ?? Buffer.from(JSON.stringify(body));
    const fileHash = createHash('sha256').update(bytes).digest('hex');
    const signer = signature.kind === 'verified' ? signature : null;
    // The submission, its values and the audit line commit together: no stored batch without its record.
    // Nothing but statements inside (no network, no timers): on SQLite it holds the one connection.
    const { changed, submissionId, published } = await this.store.sql.begin(async (tx) => {
      // At debug level only: the atomicity test kills the process when it reads this line, to
      // prove that some of its kills land inside the transaction, not all before it.
      this.log.debug({ items: v.items.length }, 'batch transaction open');
      const submissionId = await this.store.submissions.add({
        receivedAt,
        submitter: actor,
        apiKeyId: by.apiKeyId,
        format: from.format,
        fileName: from.fileName ?? null,
        fileHash,
        itemCount: v.items.length,
        signerUnit: signer?.unit ?? null,
        signerKey: signer?.fingerprint ?? null,
        signature: signer?.signature ?? null,
      }, tx);
      if (this.fault === 'kill-mid-batch' && v.items.length > 1) {
        await this.store.observations.writeBatch(v.items.slice(0, Math.floor(v.items.length / 2)), by.apiKeyId, receivedAt, submissionId, tx);
        process.kill(process.pid, 'SIGKILL');
      }
      const points = await this.store.observations.writeBatch(v.items, by.apiKeyId, receivedAt, submissionId, tx);
      await this.audit.write(
        {
          actor,
          action: 'ingest.batch',
          target: summarizeTargets(v.items),
          detail: {
            status: 200,
            accepted: v.items.length,
            changed: points.length,
            submission: submissionId,
            format: from.format,
            ...(from.fileName && { fileName: from.fileName }),
            fileHash,
            ...(signer && { signedBy: signer.unit, key: signer.fingerprint }),
            ...(flagged.length > 0 && { flagged: flagged.length }),
          },
          ok: true,
        },
        tx,
      );
      // Announced in the transaction: published on commit, in commit order, on every server.
      const live = points.length > 0 ? await this.sink.announce(points, tx) : null;
      return { changed: points, submissionId, published: live?.published ?? null };
    });
    this.log.debug({ submitter: actor, accepted: v.items.length, changed: changed.length }, 'batch stored');
    try {
      await published;
    } catch (err) {
      // The batch is committed: the sender must hear 200. Walls catch up on their next
      // snapshot; the failure itself is logged as an error to be fixed.
      this.log.error({ err, submitter: actor }, 'live fan-out failed after a committed batch');
    }
    for (const listener of this.listeners) {
      try {
        // Awaited one by one: what a listener derives (warnings, report notices) is there when the sender hears 200.
        await listener({ actor, receivedAt, items: v.items, changed });
      } catch (err) {
        this.log.error({ err, submitter: actor }, 'a listener of committed batches failed');
      }
    }
    return {
      status: 200,
      body: {
        accepted: v.items.length,
        submission: { id: submissionId, fileHash, signedBy: signer?.unit ?? null },
        ...(flagged.length > 0 && { flagged }),
      },
    };
  }

  /**
   * Marks values far outside their series' history (they are stored, flagged for review). Each
   * series is read once per batch, all in one call: its latest values before the batch's newest
   * period of it.
   */
  private async judge(items: StoredObservation[]): Promise<Array<{ index: number; field: string; message: string }>> {
    const newest = new Map<string, SeriesBefore>();
    for (const o of items) {
      const k = `${o.indicator}\u0000${o.unit}`;
      const s = newest.get(k);
      if (!s) newest.set(k, { indicator: o.indicator, unit: o.unit, beforeStart: o.start });
      else if (o.start > s.beforeStart) s.beforeStart = o.start;
    }
    const histories = await this.store.observations.recentValues([...newest.values()], HISTORY_POINTS);
    const ranges = new Map<string, PlausibleRange | null>();
    [...newest.keys()].forEach((k, i) => ranges.set(k, plausibleRange(histories[i]!)));
    const flagged: Array<{ index: number; field: string; message: string }> = [];
    items.forEach((o, index) => {
      const review = outsideRange(o.value, ranges.get(`${o.indicator}\u0000${o.unit}`) ?? null);
      if (review) {
        o.review = review;
        flagged.push({ index, field: 'value', message: review });
      }
    });
    return flagged;
  }

  /** Records a refused batch of a known submitter (bad shape, meaning, unit, size, media type or signature). */
  async refuse(by: Submitter, status: 400 | 403 | 413 | 415 | 422, errors: ApiErrorItem[]): Promise<IngestOutcome> {
    await this.audit.write({
      actor: submitterActor(by),
      action: 'ingest.batch',
      target: null,
      detail: { status, errorCount: errors.length, errors: errors.slice(0, 10) },
      ok: false,
    });
    this.log.info({ submitter: submitterActor(by), status, errorCount: errors.length }, 'batch refused');
    return { status, body: { errors } };
  }
}

/**
 * A signing unit vouches for its own figures: values of its own unit, or of indicators it owns
 * (a ministry's national series). Anything else in a signed batch is refused.
 */
function signedForOthers(items: readonly StoredObservation[], signer: string, catalog: CatalogRegistry): ApiErrorItem[] {
  const errors: ApiErrorItem[] = [];
  items.forEach((o, index) => {
    if (o.unit === signer || catalog.indicator(o.indicator)?.reportedBy === signer) return;
    errors.push({ index, field: 'unit', message: `the batch is signed by unit "${signer}", which may not vouch for ${o.indicator} of unit "${o.unit}"` });
  });
  return errors;
}

/** A short target for the audit line: the indicators of the batch. */
function summarizeTargets(items: readonly StoredObservation[]): string {
  const ids = [...new Set(items.map((i) => i.indicator))];
  return ids.length <= 5 ? ids.join(',') : `${ids.slice(0, 5).join(',')},+${ids.length - 5}`;
}
