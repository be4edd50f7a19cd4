import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postObservations, startTestServer, type TestServer } from '../../testing/harness.js';

const obs = (indicator: string, unit: string, period: string, value: number) => ({ indicator, unit, period, value, source: 'test' });

describe('rankings on plan execution', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
    // Targets of 2026 in the catalog: grdp_growth 10, public_investment_disbursed 100, cpi_yoy 4.5
    // (lower is better), dossiers_on_time 95, reports_on_time 100; weights 3, 3, 1, 2, 1.
    const res = await postObservations(t.url, t.keys.ingest, {
      observations: [
        obs('grdp_growth', '01', '2026-Q2', 7),
        obs('grdp_growth', '01', '2026-Q3', 10),
        obs('public_investment_disbursed', '01', '2026-10', 80),
        obs('cpi_yoy', '01', '2026-10', 3),
        obs('dossiers_on_time', '01', '2026-10', 95),
        obs('reports_on_time', '01', '2026-10', 100),
        obs('grdp_growth', '79', '2026-Q3', 12),
        obs('public_investment_disbursed', '79', '2026-10', 60),
        obs('cpi_yoy', '79', '2026-10', 4.5),
        obs('dossiers_on_time', '79', '2026-10', 90),
        obs('reports_on_time', '79', '2026-10', 100),
        obs('grdp_growth', '04', '2026-Q3', 9.6),
        // Before the reform: Hồ Chí Minh City (79) of today merges 79, 74 and 77.
        obs('grdp', '79', '2025-Q1', 400),
        obs('grdp', '74', '2025-Q1', 100),
        obs('grdp', '77', '2025-Q1', 100),
        obs('grdp_growth', '79', '2025-Q1', 8),
        obs('grdp_growth', '74', '2025-Q1', 10),
        obs('grdp_growth', '77', '2025-Q1', 12),
        obs('public_investment_disbursed', 'MOF', '2026-10', 85),
        obs('dossiers_on_time', 'MOF', '2026-10', 99),
        obs('reports_on_time', 'MOF', '2026-10', 90),
      ],
    });
    expect(res.status).toBe(200);
  });
  afterAll(() => t.close());

  it('lists the definitions with their indicators, weights, directions and targets, and the method', async () => {
    const { status, body } = await getJson(`${t.url}/api/v1/rankings`);
    expect(status).toBe(200);
    expect(body.rankings.map((r: { id: string }) => r.id)).toEqual(['provinces-plan', 'agencies-plan']);
    expect(body.rankings[0].indicators[2]).toMatchObject({ indicator: 'cpi_yoy', weight: 1, higherIsBetter: false, targets: { '2026': 4.5 }, name: { en: 'Consumer price index, y/y' } });
    expect(body.method.en).toMatch(/weighted mean/);
  });

  it('ranks the 34 provinces of today: scores explained by contributions, ties shared, partial ones flagged', async () => {
    const { status, body } = await getJson(`${t.url}/api/v1/rankings/provinces-plan?year=2026`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: 'provinces-plan', subject: 'provinces', year: 2026, cap: 1.2, notes: [], synthetic: false });
    expect(body.method.en).toContain('bounded to [0, 1.2]');
    // 01: (3 x 1 + 3 x 0.8 + 1 x 1.2 (4.5/3 capped) + 2 x 1 + 1 x 1) / 10 = 0.96
    // 04: grdp_growth only, 9.6/10 = 0.96, ranked on it alone: a tie with 01
    // 79: (3 x 1.2 + 3 x 0.6 + 1 x 1 + 2 x 90/95 + 1 x 1) / 10 = 0.929474
    expect(body.entries.map((e: { rank: number; unit: string; score: number; partial: boolean }) => [e.rank, e.unit, e.score, e.partial])).toEqual([
      [1, '01', 0.96, false],
      [1, '04', 0.96, true],
      [3, '79', 0.929474, false],
    ]);
    const hn = body.entries[0];
    expect(hn).toMatchObject({ name: 'Hà Nội', coverage: 1, missing: [] });
    expect(hn.contributions.find((c: { indicator: string }) => c.indicator === 'grdp_growth')).toEqual({
      indicator: 'grdp_growth', name: { vi: 'Tốc độ tăng GRDP', en: 'GRDP growth' }, value: 10, period: '2026-Q3', derived: false, synthetic: false, target: 10, higherIsBetter: true,
      achievement: 1, weight: 3, effectiveWeight: 0.3, contribution: 0.3,
    });
    expect(hn.contributions.find((c: { indicator: string }) => c.indicator === 'cpi_yoy')).toMatchObject({ value: 3, target: 4.5, achievement: 1.2, contribution: 0.12 });
    const cb = body.entries[1];
    expect(cb).toMatchObject({ coverage: 0.3, missing: ['public_investment_disbursed', 'cpi_yoy', 'dossiers_on_time', 'reports_on_time'] });
    expect(cb.contributions[0]).toMatchObject({ effectiveWeight: 1, contribution: 0.96 });
    expect(body.unranked).toHaveLength(31);
    expect(body.unranked.every((u: { unit: string }) => !['02', '74', '77'].includes(u.unit))).toBe(true);
    expect(body.dataAsOf).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+07:00$/);
  });

  it('ranks a year before the reform in today\'s map, a merged province from its members', async () => {
    const { body } = await getJson(`${t.url}/api/v1/rankings/provinces-plan?year=2025`);
    // GRDP-weighted growth of 79, 74, 77 in 2025-Q1: (400 x 8 + 100 x 10 + 100 x 12) / 600 = 9; target 8.
    expect(body.entries).toHaveLength(1);
    expect(body.entries[0]).toMatchObject({ rank: 1, unit: '79', score: 1.125, partial: true });
    expect(body.entries[0].contributions[0]).toMatchObject({ indicator: 'grdp_growth', value: 9, period: '2025-Q1', derived: true, target: 8 });
  });

  it('ranks agencies, marks synthetic values, and says which indicators a year without targets leaves out', async () => {
    const synthetic = await postObservations(t.url, t.keys.synthetic, { observations: [obs('reports_on_time', 'GSO', '2026-10', 100)] });
    expect(synthetic.status).toBe(200);
    const agencies = await getJson(`${t.url}/api/v1/rankings/agencies-plan?year=2026`);
    // MOF: (4 x 85/100 + 3 x 99/95 + 3 x 90/100) / 10 = (3.4 + 3.126316 + 2.7) / 10; GSO: 100/100 alone.
    expect(agencies.body.entries.map((e: { unit: string; score: number; partial: boolean }) => [e.unit, e.score, e.partial])).toEqual([['GSO', 1, true], ['MOF', 0.922632, false]]);
    expect(agencies.body.synthetic).toBe(true);
    expect(agencies.body.entries[0].contributions[2]).toMatchObject({ indicator: 'reports_on_time', synthetic: true });
    const old = await getJson(`${t.url}/api/v1/rankings/provinces-plan?year=2024`);
    expect(old.body.entries).toEqual([]);
    expect(old.body.notes).toContain('grdp_growth left out: no plan target for 2024 in the catalog');
    expect(old.body.dataAsOf).toBeNull();
  });

  it('answers 404 for an unknown ranking and 400 for a bad year', async () => {
    const missing = await getJson(`${t.url}/api/v1/rankings/nope`);
    expect(missing.status).toBe(404);
    expect(missing.body.errors[0]).toMatchObject({ field: 'id', message: expect.stringContaining('provinces-plan') });
    const bad = await getJson(`${t.url}/api/v1/rankings/provinces-plan?year=twenty`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('year');
  });
});
