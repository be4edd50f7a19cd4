import { MAX_BATCH_OBSERVATIONS } from '@ioc/protocol';
import { describe, expect, it } from 'vitest';
import { paths } from '../config.js';
import { CatalogRegistry } from './catalog.js';
import { validateBatch } from './ingest.js';

const catalog = CatalogRegistry.load(paths);
const NOW = Date.parse('2026-11-23T12:00:00+07:00');
const ok = { indicator: 'cpi_yoy', unit: 'VN', period: '2025-07', value: 3.2, source: 'GSO' };
const check = (observations: unknown[], synthetic = false) => validateBatch({ observations }, catalog, { synthetic, now: NOW });

describe('validateBatch', () => {
  it('accepts a valid batch and canonicalises its periods', () => {
    const r = check([ok, { indicator: 'power_load', unit: 'VN', period: '2025-07-14T01:00:00Z', value: 41000, source: 'EVN' }]);
    expect(r).toMatchObject({ ok: true });
    if (!r.ok) return;
    expect(r.items[0]).toMatchObject({ indicator: 'cpi_yoy', unit: 'VN', period: '2025-07', kind: 'month', synthetic: false });
    expect(r.items[1]).toMatchObject({ period: '2025-07-14T08:00:00+07:00', kind: 'instant', start: Date.parse('2025-07-14T01:00:00Z') });
  });

  it('reports shape errors as 400 with the item index and the field', () => {
    const r = check([ok, { ...ok, value: 'high' }, { ...ok, period: '2025-13' }, { ...ok, extra: 1 }]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.status).toBe(400);
    expect(r.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ index: 1, field: 'value' }),
        expect.objectContaining({ index: 2, field: 'period', message: expect.stringContaining('ISO 8601') }),
        expect.objectContaining({ index: 3 }),
      ]),
    );
  });

  it('reports a body that is not a batch against the body, with index null', () => {
    for (const body of [{}, { observations: [] }, [ok], null]) {
      const r = validateBatch(body, catalog, { synthetic: false, now: NOW });
      expect(r).toMatchObject({ ok: false, status: 400 });
      if (!r.ok) expect(r.errors.every((e) => e.index === null)).toBe(true);
    }
  });

  it('refuses a batch over MAX_BATCH_OBSERVATIONS', () => {
    const r = check(Array.from({ length: MAX_BATCH_OBSERVATIONS + 1 }, () => ok));
    expect(r).toMatchObject({ ok: false, status: 400, errors: [{ index: null, field: 'observations' }] });
  });

  it('collects every semantic error of the batch as 422, each with its index and field', () => {
    const r = check([
      ok,
      { ...ok, indicator: 'gdp_per_cat' },
      { ...ok, unit: 'XX' },
      { ...ok, period: '2025-07-14' },
      { ...ok, indicator: 'gdp_growth', unit: '01', period: '2025-Q3' },
      { ...ok, unit: '02', period: '2025-08' },
      { ...ok, period: '2027-01' },
      { ...ok },
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.status).toBe(422);
    expect(r.errors).toMatchObject([
      { index: 1, field: 'indicator', message: expect.stringContaining('unknown indicator "gdp_per_cat"') },
      { index: 2, field: 'unit', message: expect.stringContaining('unknown reporting unit "XX"') },
      { index: 3, field: 'period', message: 'cpi_yoy is reported per month; "2025-07-14" is a day period' },
      { index: 4, field: 'unit', message: 'gdp_growth is reported for the nation; "01" is a province' },
      { index: 5, field: 'unit', message: expect.stringContaining('unit "02" did not exist during 2025-08') },
      { index: 6, field: 'period', message: 'period "2027-01" has not started yet' },
      { index: 7, field: 'period', message: expect.stringContaining('duplicate of item 0') },
    ]);
    // Each in both languages: `message` is the English one.
    expect(r.errors.every((e) => e.text?.en === e.message && e.text.vi !== e.message)).toBe(true);
    expect(r.errors.slice(2, 6).map((e) => e.text?.vi)).toEqual([
      'cpi_yoy được báo cáo theo kỳ tháng; "2025-07-14" là kỳ ngày',
      'gdp_growth được báo cáo cho cả nước; "01" là một tỉnh/thành phố',
      expect.stringMatching(/^đơn vị "02" không tồn tại trong kỳ 2025-08 \(Hà Giang: … đến 2025-06-30/),
      'kỳ "2027-01" chưa bắt đầu',
    ]);
  });

  it('accepts a province code in both vintages and a year that spans the reform', () => {
    expect(check([{ ...ok, unit: '24', period: '2025-06' }, { ...ok, unit: '24', period: '2025-07' }])).toMatchObject({ ok: true });
    expect(check([{ ...ok, indicator: 'poverty_rate', unit: '27', period: '2025' }])).toMatchObject({ ok: true });
    expect(check([{ ...ok, unit: '27', period: '2025-07' }])).toMatchObject({ ok: false, status: 422 });
  });

  it('forces synthetic for a synthetic key, and keeps the flag otherwise', () => {
    const forced = check([{ ...ok, synthetic: false }], true);
    const kept = check([{ ...ok, synthetic: true }, { ...ok, unit: '01' }]);
    expect(forced.ok && forced.items[0]?.synthetic).toBe(true);
    expect(kept.ok && kept.items.map((i) => i.synthetic)).toEqual([true, false]);
  });

  it('lets a province send its monthly report by the 20th with the month estimated, never as a final figure', () => {
    const on = (iso: string, observations: unknown[]) => validateBatch({ observations }, catalog, { synthetic: false, now: Date.parse(iso) });
    const cpi = { indicator: 'cpi_yoy', unit: '01', period: '2026-12', value: 3.4, source: 'Thống kê Hà Nội' };
    // Decree 09/2019/ND-CP: figures to the 14th, the rest of the month estimated, due on the 20th.
    expect(on('2026-12-18T10:00:00+07:00', [{ ...cpi, estimate: true }])).toMatchObject({ ok: true, items: [{ estimate: true }] });
    expect(on('2026-12-18T10:00:00+07:00', [cpi])).toMatchObject({ ok: false, status: 422, errors: [{ field: 'period', message: expect.stringContaining('has not ended yet') }] });
    expect(on('2026-12-14T23:59:00+07:00', [{ ...cpi, estimate: true }])).toMatchObject({ ok: false, errors: [{ field: 'estimate', message: expect.stringContaining('only from 2026-12-15') }] });
    // 31 December 17:30 UTC is 1 January in Vietnam: December has ended, its figure is accepted.
    expect(on('2026-12-31T17:30:00Z', [cpi])).toMatchObject({ ok: true, items: [{ estimate: false }] });
  });
});
