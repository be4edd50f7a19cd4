// npm run bench:forecast: time to forecast one monthly series of 120 points: fit the six
// exponential-smoothing models, choose by AICc, forecast 12 months with intervals, and backtest
// the chosen form over 12 rolling origins (12 refits). Over N >= 200 series made
// deterministically with different levels, trends, seasonal amplitudes and noise, so that every
// model wins somewhere. The figure is CPU time in one thread: a request blocks the event loop
// this long unless its answer is cached (the server caches per series until new data arrive).
import { performance } from 'node:perf_hooks';
import { backtest, forecastSeries, selectModel } from '@ioc/content-server';
import { machine, summary, writeResult } from './support.js';

const SERIES = Math.max(200, Number(process.env.BENCH_FORECAST_SERIES ?? 240));
const POINTS = 120;

let seed = 20261123;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());

function makeSeries(): Array<{ unit: string; period: string; t: number; value: number; synthetic: boolean; source: string }> {
  const level = 50 + 1000 * rand();
  const slope = rand() < 0.5 ? 0 : (rand() - 0.3) * level * 0.01;
  const amplitude = rand() < 0.3 ? 0 : level * 0.2 * rand();
  const noise = level * (0.005 + 0.05 * rand());
  const walk = rand() < 0.4;
  let drift = 0;
  return Array.from({ length: POINTS }, (_, i) => {
    const year = 2016 + Math.floor(i / 12);
    const month = (i % 12) + 1;
    if (walk) drift += noise * 0.5 * gauss();
    const value = level + slope * i + drift + amplitude * Math.sin((2 * Math.PI * (i + 2)) / 12) + noise * gauss();
    return { unit: 'VN', period: `${year}-${String(month).padStart(2, '0')}`, t: Date.UTC(year, month - 1, 1) - 7 * 3_600_000, value, synthetic: true, source: 'bench' };
  });
}

const all = Array.from({ length: SERIES + 10 }, makeSeries);
for (const s of all.slice(0, 10)) forecastSeries(s, 'month', 12); // warm-up (JIT)

const total: number[] = [];
const select: number[] = [];
const back: number[] = [];
const chosen = new Map<string, number>();
const mase: number[] = [];
for (const s of all.slice(10)) {
  const t0 = performance.now();
  const out = forecastSeries(s, 'month', 12);
  total.push(performance.now() - t0);
  if (!out.ok) throw new Error(out.message);
  chosen.set(out.body.model.kind, (chosen.get(out.body.model.kind) ?? 0) + 1);
  if (out.body.backtest.mase !== null) mase.push(out.body.backtest.mase);
  // The two parts, timed apart on the same series.
  const y = s.map((p) => p.value);
  const t1 = performance.now();
  const sel = selectModel(y, 12)!;
  const t2 = performance.now();
  backtest(y, sel.best.spec, 12, { start: sel.best.params });
  const t3 = performance.now();
  select.push(t2 - t1);
  back.push(t3 - t2);
}

const result = {
  date: new Date().toISOString(),
  machine: machine(),
  series: SERIES,
  points: POINTS,
  horizon: 12,
  backtestOrigins: 12,
  forecastMs: summary(total),
  selectMs: summary(select),
  backtestMs: summary(back),
  chosenModels: Object.fromEntries([...chosen].sort()),
  backtestMaseMedian: Math.round([...mase].sort((a, b) => a - b)[Math.floor(mase.length / 2)]! * 100) / 100,
};
console.log(`forecast of one monthly series of ${POINTS} points (fit 6 models + AICc choice + 12-origin backtest), ${SERIES} series, ms`, result.forecastMs);
console.log('  of which: fit and choose, ms', result.selectMs, '; backtest (12 refits), ms', result.backtestMs);
console.log('  models chosen', result.chosenModels, '; median backtest MASE', result.backtestMaseMedian);
console.log(`written ${writeResult('forecast', result)}`);
