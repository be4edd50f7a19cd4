import { ForecastResponseSchema, addPeriods, parsePeriod } from '@ioc/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postObservations, startTestServer, type TestServer } from '../../testing/harness.js';

// Deterministic noise in [-1, 1].
const noise = (i: number) => Math.sin(i * 12.9898 + 78.233) * 43758.5453 % 1;
const months = (first: string, count: number) => Array.from({ length: count }, (_, i) => addPeriods(first, i)!);

describe('GET /api/v1/forecast', () => {
  let t: TestServer;
  const forecast = (query: string) => getJson(`${t.url}/api/v1/forecast?${query}`);

  beforeAll(async () => {
    t = await startTestServer();
    const periods = months('2019-01', 72);
    const seasonal = periods.map((period, i) => ({ indicator: 'exports', unit: 'VN', period, value: 30 + 0.2 * i + 8 * Math.sin((2 * Math.PI * i) / 12) + 4 * (i % 12 === 11 ? 1 : 0) + 0.6 * noise(i), source: 'test' }));
    const trend = periods.map((period, i) => ({ indicator: 'imports', unit: 'VN', period, value: 50 + 1.5 * i + 0.8 * noise(i + 100), source: 'test' }));
    const short = months('2024-08', 5).map((period, i) => ({ indicator: 'fdi_disbursed', unit: 'VN', period, value: 2 + i, source: 'test' }));
    const res = await postObservations(t.url, t.keys.ingest, { observations: [...seasonal, ...trend, ...short] });
    expect(res.status).toBe(200);
  });
  afterAll(() => t.close());

  it('chooses a seasonal model for a strongly seasonal series and forecasts the next 12 months with ordered, widening intervals', async () => {
    const { status, body } = await forecast('indicator=exports&unit=VN');
    expect(status).toBe(200);
    expect(ForecastResponseSchema.parse(body)).toBeTruthy();
    expect(body.model.kind).toMatch(/,A$/);
    expect(body.model.criterion).toBe('AICc');
    expect(body.model.seasonLength).toBe(12);
    expect(body.label).toEqual({ vi: 'Dự báo', en: 'Forecast' });
    // The chosen model is the candidate with the lowest AICc.
    const fitted = body.candidates.filter((c: { aicc: number | null }) => c.aicc !== null);
    expect(fitted).toHaveLength(6);
    const lowest = fitted.reduce((a: { aicc: number }, b: { aicc: number }) => (b.aicc < a.aicc ? b : a));
    expect(lowest).toMatchObject({ kind: body.model.kind, chosen: true });

    expect(body.forecast.map((f: { period: string }) => f.period)).toEqual(months('2025-01', 12));
    expect(body.forecast[0].t).toBe(parsePeriod('2025-01')!.start);
    for (const f of body.forecast) expect(f.lo95 < f.lo80 && f.lo80 < f.mean && f.mean < f.hi80 && f.hi80 < f.hi95).toBe(true);
    const widths = body.forecast.map((f: { lo95: number; hi95: number }) => f.hi95 - f.lo95);
    for (let i = 1; i < widths.length; i++) expect(widths[i]).toBeGreaterThanOrEqual(widths[i - 1] - 1e-9);
    expect(widths[11]).toBeGreaterThan(widths[0]);
    // The season carries over: the forecast for April (sin peak) is above the one for October.
    expect(body.forecast[3].mean).toBeGreaterThan(body.forecast[9].mean + 8);

    expect(body.backtest).toMatchObject({ origins: 12, horizon: 12, errors: 144 });
    expect(body.backtest.mae).toBeGreaterThan(0);
    expect(body.backtest.rmse).toBeGreaterThanOrEqual(body.backtest.mae);
    expect(body.backtest.mape).toBeGreaterThan(0);
    expect(body.backtest.mase).toBeGreaterThan(0);
    expect(body.basedOn).toEqual({ from: '2019-01', to: '2024-12', points: 72, derivedPoints: 0 });
  });

  it('chooses a non-seasonal trend model for a pure trend, and honours the horizon', async () => {
    const { status, body } = await forecast('indicator=imports&unit=VN&horizon=6');
    expect(status).toBe(200);
    expect(body.model.kind).toMatch(/^A,A(d)?,N$/);
    expect(body.forecast).toHaveLength(6);
    // The trend continues: about 1.5 a month above the last value (50 + 1.5 * 71 = 156.5).
    expect(body.forecast[0].mean).toBeGreaterThan(156);
    expect(body.forecast[5].mean).toBeGreaterThan(body.forecast[0].mean + 5);
    expect(body.backtest.horizon).toBe(6);
  });

  it('forecasts again when new data arrive (the cached answer is dropped)', async () => {
    expect((await forecast('indicator=imports&unit=VN&horizon=6')).body.basedOn.to).toBe('2024-12');
    const res = await postObservations(t.url, t.keys.ingest, { observations: [{ indicator: 'imports', unit: 'VN', period: '2025-01', value: 158.5, source: 'test' }] });
    expect(res.status).toBe(200);
    const { body } = await forecast('indicator=imports&unit=VN&horizon=6');
    expect(body.basedOn).toMatchObject({ to: '2025-01', points: 73 });
    expect(body.forecast[0].period).toBe('2025-02');
  });

  it('refuses clearly: bad horizon 400, unknown indicator or unit 404, too few points or no regular period 422', async () => {
    for (const h of ['0', '37', 'abc']) {
      const res = await forecast(`indicator=exports&unit=VN&horizon=${h}`);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe('horizon');
    }
    const unknown = await forecast('indicator=nothing_here&unit=VN');
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors[0]).toMatchObject({ index: null, field: 'indicator' });
    expect((await forecast('indicator=exports&unit=ZZ')).body.errors[0].field).toBe('unit');
    const short = await forecast('indicator=fdi_disbursed&unit=VN');
    expect(short.status).toBe(422);
    expect(short.body.errors[0].message).toMatch(/at least 8 consecutive points; this series has 5/);
    const instant = await forecast('indicator=power_load&unit=VN');
    expect(instant.status).toBe(422);
    expect(instant.body.errors[0].message).toMatch(/no regular period/);
  });
});
