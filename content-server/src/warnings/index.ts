import { formatVnTimestamp, severityRank, type Point, type Principal, type Warning, type WarningAckResult, type WarningChange, type WarningRule } from '@ioc/protocol';
import type { ClusterBus } from '../cluster/bus.js';
import type { Audit } from '../audit/index.js';
import type { CatalogRegistry } from '../feeds/catalog.js';
import type { CommittedBatch } from '../feeds/ingest.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/index.js';
import type { Sql } from '../store/sql.js';
import { evaluatePoint, unitName } from './evaluator.js';
import { hasRules, type Finding } from './rules.js';
import { WarningsRepo, type WarningFilter, type WarningRow } from './warnings-repo.js';

export { warningRoutes } from './routes.js';
export { registerWarningSockets } from './sockets.js';
export { WarningsRepo } from './warnings-repo.js';

const RULE_NAMES: readonly WarningRule[] = ['threshold', 'sudden_change', 'off_plan'];
/** Roles that may acknowledge a warning. */
export const ACK_ROLES: readonly string[] = ['operator', 'presenter', 'technician', 'admin'];
/** How many warnings a snapshot carries at most. */
const SNAPSHOT_LIMIT = 500;

export interface WarningsDeps {
  store: Store;
  catalog: CatalogRegistry;
  audit: Audit;
  /** The province codes valid today and the earliest start of their vintage. */
  currentProvinces: () => { codes: ReadonlySet<string>; minEnd: number };
  log: Logger;
  now?: () => number;
  /** The bus to the center's other servers: a change found here reaches their walls and consoles too. Absent: alone. */
  bus?: ClusterBus | null;
}

/** The bus channel of warning changes (raised, updated, resolved, acknowledged) found by one server. */
export const WARNINGS_CHANNEL = 'warnings.changed';

/**
 * The warnings domain: judges the newest point of each series with rules (at start and after each
 * committed batch), keeps one row per (indicator, unit, period, rule), tells listeners (the wall
 * and console sockets) of every change, and records acknowledgements. Every change is audited.
 */
export class WarningsDomain {
  readonly repo: WarningsRepo;
  private readonly listeners = new Set<(change: WarningChange) => void>();
  private readonly now: () => number;

  constructor(private readonly deps: WarningsDeps) {
    this.repo = new WarningsRepo(deps.store.sql);
    this.now = deps.now ?? Date.now;
    const bus = deps.bus;
    // Each batch is judged once, by the server that took it; the others are told what changed.
    bus?.subscribe(WARNINGS_CHANNEL, (m) => {
      if (m.origin !== bus.serverId) this.tell((m.body as { changes: WarningChange[] }).changes);
    });
  }

  onChange(listener: (change: WarningChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** At start: the newest point of every series of every indicator with rules (nation, current provinces, agencies). */
  async evaluateAll(): Promise<number> {
    const { catalog, store } = this.deps;
    const provinces = this.deps.currentProvinces();
    const agencies = catalog.agenciesOn(this.now()).map((a) => a.code);
    // The observations are read first; the warnings are then reconciled in one transaction, each row locked.
    const judged: Array<{ indicator: string; point: Point; findings: Finding[] }> = [];
    for (const ind of catalog.catalog.indicators.filter(hasRules)) {
      const groups: Array<[string[], number]> = [];
      if (ind.levels.includes('N')) groups.push([['VN'], 0]);
      if (ind.levels.includes('P')) groups.push([[...provinces.codes], provinces.minEnd]);
      if (ind.levels.includes('M')) groups.push([agencies, 0]);
      for (const [units, minEnd] of groups) {
        for (const point of await store.observations.latest(ind.id, units, minEnd)) {
          judged.push({ indicator: ind.id, point, findings: await evaluatePoint(catalog, store, ind, point.unit, point) });
        }
      }
    }
    const changes = await store.sql.begin(async (tx) => {
      const out: WarningChange[] = [];
      for (const j of judged) out.push(...(await this.reconcile(j.indicator, j.point.unit, j.point.period, j.findings, true, 'system', tx)));
      return out;
    });
    this.emit(changes);
    return changes.length;
  }

  /**
   * After a committed batch: for each touched series with rules, its newest point (the only one
   * that may raise a warning, so a history load does not flood), and every touched period that
   * has a warning not resolved (a revision may update or resolve it). Other older periods are
   * not read at all.
   */
  async onBatch(batch: CommittedBatch): Promise<void> {
    const { catalog, store } = this.deps;
    const touched = new Map<string, { indicator: string; unit: string; points: Map<string, Point> }>();
    for (const c of batch.changed) {
      const ind = catalog.indicator(c.indicator);
      if (!ind || !hasRules(ind)) continue;
      const key = `${c.indicator}\u0000${c.point.unit}`;
      const entry = touched.get(key) ?? { indicator: c.indicator, unit: c.point.unit, points: new Map<string, Point>() };
      entry.points.set(c.point.period, c.point);
      touched.set(key, entry);
    }
    if (touched.size === 0) return;
    const actor = batch.actor;
    // Of the older periods, only those with a warning not resolved can change (reconcile never
    // raises one there, and leaves a resolved one as it is): judging the rest of a history load
    // would be a chain of reads per period for nothing.
    const activeKeys = await this.repo.activePeriods([...new Set([...touched.values()].map((t) => t.indicator))]);
    // The observations are read first; the warnings are then reconciled in one transaction, each row locked.
    const judged: Array<{ indicator: string; unit: string; period: string; findings: Finding[]; newest: boolean }> = [];
    for (const { indicator, unit, points } of touched.values()) {
      const ind = catalog.indicator(indicator)!;
      // Only a unit that exists today, and only its current vintage's points: a province that
      // ceased in 2025 (or a code before its merger) raises nothing new.
      const today = catalog.vintages(unit).find((v) => v.from <= this.now() && this.now() < v.to);
      const newest = today ? (await store.observations.latest(indicator, [unit], Math.max(today.from, Number.MIN_SAFE_INTEGER)))[0] : undefined;
      if (newest) judged.push({ indicator, unit, period: newest.period, findings: await evaluatePoint(catalog, store, ind, unit, newest), newest: true });
      for (const [period, point] of points) {
        if (period === newest?.period || !activeKeys.has(`${indicator}\u0000${unit}\u0000${period}`)) continue;
        judged.push({ indicator, unit, period, findings: await evaluatePoint(catalog, store, ind, unit, point), newest: false });
      }
    }
    if (judged.length === 0) return;
    const changes = await store.sql.begin(async (tx) => {
      const out: WarningChange[] = [];
      // An older period may have its warnings updated or resolved, never raised (mayRaise false).
      for (const j of judged) out.push(...(await this.reconcile(j.indicator, j.unit, j.period, j.findings, j.newest, actor, tx)));
      return out;
    });
    this.emit(changes);
  }

  /**
   * Brings the stored warnings of one period in line with the findings. `mayRaise` is false for
   * periods that are not the newest: they may be updated or resolved, never raised. Each row is
   * read locked in `tx` and changed there, so two servers judging the same period (both at start)
   * take turns: the second sees what the first wrote and changes nothing that is already so.
   */
  private async reconcile(indicator: string, unit: string, period: string, findings: Finding[], mayRaise: boolean, actor: string, tx: Sql): Promise<WarningChange[]> {
    const now = this.now();
    const out: WarningChange[] = [];
    for (const rule of RULE_NAMES) {
      const f = findings.find((x) => x.rule === rule);
      let row = await this.repo.find(indicator, unit, period, rule, tx, true);
      let next: WarningRow | null = null;
      let change: WarningChange['change'] | null = null;
      if (f && !row && mayRaise) {
        next = await this.repo.insert({ indicator, unit, period }, f, now, tx);
        // Null: another server raised it since the read; judge its row instead.
        if (next) change = 'raised';
        else row = await this.repo.find(indicator, unit, period, rule, tx, true);
      }
      // A row raised just now leaves `row` null: neither branch below applies.
      if (f && row) {
        const escalated = row.state === 'acknowledged' && severityRank(f.severity) > severityRank(row.severity);
        if (row.state === 'resolved' ? mayRaise : escalated) [next, change] = [await this.repo.update(row.id, f, now, true, tx), 'reopened'];
        else if (row.state !== 'resolved' && (row.value !== f.value || row.synthetic !== (f.synthetic ?? false) || row.estimate !== (f.estimate ?? false) || row.severity !== f.severity || row.message.en !== f.message.en)) {
          [next, change] = [await this.repo.update(row.id, f, now, false, tx), 'updated'];
        }
      } else if (!f && row && row.state !== 'resolved') {
        [next, change] = [await this.repo.resolve(row.id, now, tx), 'resolved'];
      }
      if (!next || !change) continue;
      await this.deps.audit.write({ actor, action: `warning.${change}`, target: targetOf(next), detail: { id: next.id, severity: next.severity, value: next.value, reference: next.reference }, ok: true }, tx);
      out.push({ change, warning: this.toWire(next) });
    }
    return out;
  }

  /** Acknowledges a warning for `who` (operator and above); audited, refusals included. */
  async acknowledge(id: number, who: Principal, note: string | null): Promise<WarningAckResult> {
    const actor = `${who.kind}:${who.name}`;
    const row = await this.repo.get(id);
    const refuse = async (code: Extract<WarningAckResult, { ok: false }>['error']['code'], message: string, extra: { ackBy?: string; ackAt?: string } = {}): Promise<WarningAckResult> => {
      await this.deps.audit.write({ actor, role: who.role, action: 'warning.ack', target: row ? targetOf(row) : `warning:${id}`, detail: { id, error: code }, ok: false });
      return { ok: false, error: { code, message, ...extra } };
    };
    if (!ACK_ROLES.includes(who.role)) return refuse('forbidden', `the ${who.role} role may not acknowledge warnings (allowed: ${ACK_ROLES.join(', ')})`);
    if (!row) return refuse('not_found', `no warning ${id}`);
    // One conditional statement: of two operators (on two servers) acknowledging at once, one wins.
    const acked = await this.repo.acknowledge(id, actor, who.role, note, this.now());
    if (!acked) {
      const current = (await this.repo.get(id))!;
      if (current.state === 'resolved') return refuse('resolved', `warning ${id} was resolved at ${formatVnTimestamp(current.resolvedAt ?? current.updatedAt, true)}: a revised value no longer breaks the rule`);
      const at = formatVnTimestamp(current.ackAt ?? current.updatedAt, true);
      return refuse('already_acknowledged', `warning ${id} was already acknowledged by ${current.ackBy} at ${at}`, { ackBy: current.ackBy ?? '', ackAt: at });
    }
    await this.deps.audit.write({ actor, role: who.role, action: 'warning.ack', target: targetOf(acked), detail: { id, note, severity: acked.severity }, ok: true });
    const warning = this.toWire(acked);
    this.emit([{ change: 'acknowledged', warning }]);
    return { ok: true, warning };
  }

  async list(filter: WarningFilter): Promise<Warning[]> {
    return (await this.repo.list(filter)).map((r) => this.toWire(r));
  }

  /** What a wall or console gets when it joins: the warnings not resolved, newest first. */
  active(): Promise<Warning[]> {
    return this.list({ active: true, limit: SNAPSHOT_LIMIT });
  }

  /** Reads the snapshot and hands it to `send`; nobody waits for it, so a failed read is logged here. */
  sendSnapshot(send: (warnings: Warning[]) => void): Promise<void> {
    return this.active().then(send, (err: unknown) => this.deps.log.error({ err }, 'reading the warnings snapshot failed'));
  }

  toWire(r: WarningRow): Warning {
    const ind = this.deps.catalog.indicator(r.indicator);
    return {
      ...r,
      indicatorName: ind?.name ?? { vi: r.indicator, en: r.indicator },
      unitName: unitName(this.deps.catalog, r.unit, r.period),
      time: formatVnTimestamp(r.raisedAt, true),
    };
  }

  private emit(changes: readonly WarningChange[]): void {
    this.tell(changes);
    if (changes.length > 0) this.deps.log.info({ changes: changes.length }, 'warnings changed');
    if (changes.length > 0 && this.deps.bus) {
      this.deps.bus.publish(WARNINGS_CHANNEL, { changes }).catch((err: unknown) => this.deps.log.warn({ err }, 'could not tell the other servers of changed warnings; their clients get them with their next snapshot'));
    }
  }

  /** Tells this server's listeners (its walls and consoles). */
  private tell(changes: readonly WarningChange[]): void {
    for (const c of changes) {
      for (const listener of this.listeners) {
        try {
          listener(c);
        } catch (err) {
          this.deps.log.error({ err, id: c.warning.id }, 'a warnings listener failed');
        }
      }
    }
  }
}

const targetOf = (r: Pick<WarningRow, 'indicator' | 'unit' | 'period' | 'rule'>): string => `${r.indicator}/${r.unit}/${r.period}/${r.rule}`;
