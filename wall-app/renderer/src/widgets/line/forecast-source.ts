import { ForecastResponseSchema, type ForecastResponse } from '@ioc/protocol';
import { useEffect, useState } from 'react';
import { currentServer } from '../../net/current-server';
import { readHeaders } from '../../net/http';

/** Where the line chart's forecasts come from: the content server (same origin), or fixed data. */
export type ForecastSource = (indicator: string, unit: string) => Promise<ForecastResponse>;

export type ForecastState =
  | { status: 'off' }
  | { status: 'loading' }
  | { status: 'ready'; forecast: ForecastResponse }
  | { status: 'failed'; reason: string };

async function httpForecast(indicator: string, unit: string): Promise<ForecastResponse> {
  const path = `/api/v1/forecast?indicator=${encodeURIComponent(indicator)}&unit=${encodeURIComponent(unit)}`;
  const res = await fetch(currentServer().url(path), { cache: 'no-store', headers: readHeaders() });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return ForecastResponseSchema.parse(await res.json());
}

let source: ForecastSource = httpForecast;
/** Fixed forecasts by `indicator|unit` (the widget gallery): answered at once, without a request. */
const fixed = new Map<string, ForecastState>();

/** Replaces where forecasts come from (tests); `null` restores the content server. */
export function setForecastSource(next: ForecastSource | null): void {
  source = next ?? httpForecast;
  cache.clear();
}

/** A fixed forecast for one series (gallery fixtures): no request is made for it. */
export function provideForecast(forecast: ForecastResponse): void {
  fixed.set(`${forecast.indicator}|${forecast.unit}`, { status: 'ready', forecast });
}

const OFF: ForecastState = { status: 'off' };
const LOADING: ForecastState = { status: 'loading' };
const CACHE_CAP = 64;
/** A failed request (server restarting, 422 for a short series) is asked again after this long. */
export const RETRY_MS = 60_000;
/** Settled answers by forecast key (indicator, unit, latest point): one request per series state. */
const cache = new Map<string, ForecastState>();
const failedAt = new Map<string, number>();
const inflight = new Map<string, Promise<ForecastState>>();

function remember(key: string, state: ForecastState, now: number): void {
  cache.delete(key);
  cache.set(key, state);
  if (state.status === 'failed') failedAt.set(key, now);
  else failedAt.delete(key);
  while (cache.size > CACHE_CAP) {
    const oldest = cache.keys().next().value as string;
    cache.delete(oldest);
    failedAt.delete(oldest);
  }
}

/** The settled forecast of `key` if known now (fixed or cached), else null. */
export function forecastNow(key: string, indicator: string, unit: string): ForecastState | null {
  // The same object each time: panels compare it to decide whether to redraw.
  return fixed.get(`${indicator}|${unit}`) ?? cache.get(key) ?? null;
}

/** Fetches (once per key, shared by panels showing the same series) and caches the answer, failures included. */
export function loadForecast(key: string, indicator: string, unit: string, now = Date.now()): Promise<ForecastState> {
  const known = forecastNow(key, indicator, unit);
  const stale = known?.status === 'failed' && now - (failedAt.get(key) ?? 0) >= RETRY_MS;
  if (known && !stale) return Promise.resolve(known);
  let p = inflight.get(key);
  if (!p) {
    p = source(indicator, unit).then(
      (forecast): ForecastState => ({ status: 'ready', forecast }),
      (err: unknown): ForecastState => {
        console.warn(`[wall:forecast] ${indicator}/${unit}:`, err);
        return { status: 'failed', reason: err instanceof Error ? err.message : String(err) };
      },
    );
    const settled = p.then((state) => {
      remember(key, state, now);
      inflight.delete(key);
      return state;
    });
    inflight.set(key, settled);
    p = settled;
  }
  return p;
}

/**
 * The forecast of a series for the line chart. `key` (from `forecastKey`) changes when the
 * series' latest point does: only then is the forecast asked for again. Null key: off.
 */
export function useForecast(key: string | null, indicator: string, unit: string): ForecastState {
  const [state, setState] = useState<{ key: string | null; value: ForecastState }>(() => ({
    key,
    value: key === null ? OFF : (forecastNow(key, indicator, unit) ?? LOADING),
  }));
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (key === null) return;
    let live = true;
    let retry: ReturnType<typeof setTimeout> | undefined;
    void loadForecast(key, indicator, unit).then((value) => {
      if (!live) return;
      setState((s) => (s.key === key && s.value === value ? s : { key, value }));
      // A failure is asked again a minute later (the chart shows its note meanwhile).
      if (value.status === 'failed') retry = setTimeout(() => setAttempt((a) => a + 1), RETRY_MS);
    });
    return () => {
      live = false;
      if (retry !== undefined) clearTimeout(retry);
    };
  }, [key, indicator, unit, attempt]);
  if (key === null) return OFF;
  if (state.key === key) return state.value;
  // The key changed (a new latest point): a cached answer, else the previous forecast until the
  // new one comes (the chart drops its periods that are now observed).
  return forecastNow(key, indicator, unit) ?? (state.value.status === 'ready' ? state.value : LOADING);
}
