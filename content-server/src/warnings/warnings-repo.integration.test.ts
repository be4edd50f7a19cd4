import { afterAll, describe, expect, it } from 'vitest';
import { ENGINES, freshSql, stopEngines } from '../testing/engines.js';
import type { Finding } from './rules.js';
import { WarningsRepo } from './warnings-repo.js';

const key = { indicator: 'cpi_yoy', unit: 'VN', period: '2026-10' };
const above = (value: number, severity: Finding['severity'] = 'warning'): Finding => ({
  rule: 'threshold',
  severity,
  value,
  reference: { kind: 'warn_above', value: 4.5 },
  message: { vi: `CPI ${value}% vượt ngưỡng 4,5%`, en: `CPI ${value}% is above 4.5%` },
  synthetic: true,
});

describe.each(ENGINES)('WarningsRepo on %s', (engine) => {
  afterAll(stopEngines);

  it('raises one warning per (indicator, unit, period, rule), even when two servers raise it at once', async () => {
    const repo = new WarningsRepo(await freshSql(engine));
    const raised = await Promise.all([repo.insert(key, above(5.2), 1000), repo.insert(key, above(5.3), 1001)]);
    const [won, lost] = raised[0] ? raised : [raised[1], raised[0]];
    expect(lost).toBeNull();
    expect(won).toMatchObject({ ...key, rule: 'threshold', state: 'open', severity: 'warning', reference: { kind: 'warn_above', value: 4.5 }, synthetic: true, estimate: false, ackBy: null, resolvedAt: null });
    expect(await repo.find(key.indicator, key.unit, key.period, 'threshold')).toEqual(won);
    expect(await repo.find(key.indicator, key.unit, key.period, 'sudden_change')).toBeNull();
    // Another rule of the same period is a row of its own.
    const change = await repo.insert(key, { ...above(5.2), rule: 'sudden_change', reference: { kind: 'previous', value: 3.1, period: '2026-09', limitPct: 30 } }, 1002);
    expect(change).toMatchObject({ rule: 'sudden_change', value: 5.2 });
    expect((await repo.ofPeriod(key.indicator, key.unit, key.period)).map((w) => w.rule).sort()).toEqual(['sudden_change', 'threshold']);
  });

  it('updates a warning, acknowledges it once, reopens it when the severity rises, and resolves it', async () => {
    const sql = await freshSql(engine);
    const repo = new WarningsRepo(sql);
    const w = (await repo.insert(key, above(5.2), 1000))!;
    expect(await repo.update(w.id, above(5.4), 2000, false)).toMatchObject({ value: 5.4, state: 'open', raisedAt: 1000, updatedAt: 2000, message: { en: 'CPI 5.4% is above 4.5%' } });
    // Two operators (on two servers) at the same moment: one acknowledgement.
    const acks = await Promise.all([repo.acknowledge(w.id, 'user:an', 'operator', 'seen', 3000), repo.acknowledge(w.id, 'user:binh', 'admin', null, 3001)]);
    expect(acks.filter((a) => a !== null)).toHaveLength(1);
    const acked = acks.find((a) => a !== null)!;
    expect(acked).toMatchObject({ state: 'acknowledged', ackAt: acked.ackBy === 'user:an' ? 3000 : 3001 });
    // An update keeps the acknowledgement; a reopen forgets it and raises the warning anew.
    expect(await repo.update(w.id, above(5.5), 4000, false)).toMatchObject({ state: 'acknowledged', ackBy: acked.ackBy, value: 5.5 });
    expect(await repo.update(w.id, above(6.5, 'critical'), 5000, true)).toMatchObject({ state: 'open', severity: 'critical', raisedAt: 5000, ackBy: null, ackRole: null, ackAt: null, ackNote: null });
    expect(await repo.resolve(w.id, 6000)).toMatchObject({ state: 'resolved', resolvedAt: 6000, updatedAt: 6000 });
    expect(await repo.acknowledge(w.id, 'user:an', 'operator', null, 7000)).toBeNull();
    expect(await repo.update(w.id, above(5.0), 8000, true)).toMatchObject({ state: 'open', resolvedAt: null, raisedAt: 8000 });
  });

  it('writes in the caller\'s transaction, and lists by state, severity and series, newest first', async () => {
    const sql = await freshSql(engine);
    const repo = new WarningsRepo(sql);
    await expect(
      sql.begin(async (tx) => {
        await repo.insert(key, above(5.2), 1000, tx);
        throw new Error('the evaluation failed');
      }),
    ).rejects.toThrow('evaluation failed');
    expect(await repo.list()).toEqual([]);
    const a = (await repo.insert(key, above(5.2), 1000))!;
    const b = (await repo.insert({ ...key, unit: '01' }, above(7, 'critical'), 2000))!;
    const c = (await repo.insert({ ...key, period: '2026-09' }, above(4.9), 3000))!;
    await repo.resolve(c.id, 3500);
    expect((await repo.list()).map((w) => w.id)).toEqual([c.id, b.id, a.id]);
    expect((await repo.list({ active: true })).map((w) => w.id)).toEqual([b.id, a.id]);
    expect((await repo.list({ severity: 'critical' })).map((w) => w.id)).toEqual([b.id]);
    expect((await repo.list({ state: 'resolved', indicator: 'cpi_yoy', unit: 'VN' })).map((w) => w.id)).toEqual([c.id]);
    expect((await repo.list({ limit: 1 })).map((w) => w.id)).toEqual([c.id]);
    expect(await repo.get(a.id)).toEqual(a);
  });

  it('names the periods of some indicators that have a warning not resolved, in one statement', async () => {
    const repo = new WarningsRepo(await freshSql(engine));
    expect(await repo.activePeriods([])).toEqual(new Set());
    await repo.insert(key, above(5.2), 1000);
    await repo.insert(key, { ...above(5.2), rule: 'sudden_change' }, 1000);
    const acked = (await repo.insert({ ...key, unit: '01' }, above(5.0), 1000))!;
    await repo.acknowledge(acked.id, 'user:an', 'operator', null, 1500);
    const resolved = (await repo.insert({ ...key, period: '2026-09' }, above(4.9), 1000))!;
    await repo.resolve(resolved.id, 2000);
    await repo.insert({ ...key, indicator: 'iip_yoy' }, above(4.9), 1000);
    const k = (unit: string, period: string, indicator = 'cpi_yoy') => `${indicator}\u0000${unit}\u0000${period}`;
    expect(await repo.activePeriods(['cpi_yoy'])).toEqual(new Set([k('VN', '2026-10'), k('01', '2026-10')]));
    expect(await repo.activePeriods(['cpi_yoy', 'iip_yoy', 'exports'])).toEqual(new Set([k('VN', '2026-10'), k('01', '2026-10'), k('VN', '2026-10', 'iip_yoy')]));
  });
});
