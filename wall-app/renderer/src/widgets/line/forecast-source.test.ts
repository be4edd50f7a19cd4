import type { ForecastResponse } from '@ioc/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { forecastNow, loadForecast, RETRY_MS, setForecastSource } from './forecast-source';

const answer = { indicator: 'cpi_yoy', unit: 'VN' } as ForecastResponse;

describe('forecast source', () => {
  afterEach(() => setForecastSource(null));

  it('asks once per series state and answers later panels from the cache', async () => {
    let calls = 0;
    setForecastSource(async () => {
      calls++;
      return answer;
    });
    const [a, b] = await Promise.all([loadForecast('cpi_yoy|VN|2026-10|3.65', 'cpi_yoy', 'VN'), loadForecast('cpi_yoy|VN|2026-10|3.65', 'cpi_yoy', 'VN')]);
    expect(calls).toBe(1);
    expect(a).toBe(b);
    expect(forecastNow('cpi_yoy|VN|2026-10|3.65', 'cpi_yoy', 'VN')).toEqual({ status: 'ready', forecast: answer });
    // A new latest point: asked again.
    await loadForecast('cpi_yoy|VN|2026-11|3.7', 'cpi_yoy', 'VN');
    expect(calls).toBe(2);
  });

  it('remembers a failure for a minute instead of asking on every render, then asks again', async () => {
    let calls = 0;
    setForecastSource(async () => {
      calls++;
      if (calls === 1) throw new Error('HTTP 503');
      return answer;
    });
    const t0 = Date.now();
    expect(await loadForecast('k', 'cpi_yoy', 'VN', t0)).toEqual({ status: 'failed', reason: 'HTTP 503' });
    expect((await loadForecast('k', 'cpi_yoy', 'VN', t0 + 1000)).status).toBe('failed');
    expect(calls).toBe(1);
    expect((await loadForecast('k', 'cpi_yoy', 'VN', t0 + RETRY_MS + 1000)).status).toBe('ready');
    expect(calls).toBe(2);
  });
});
