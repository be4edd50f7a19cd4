import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../tests/support/server.js';

/** Nearest-rank percentile of a list of numbers. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export function summary(values: number[]) {
  const r = (x: number) => Math.round(x * 10) / 10;
  return {
    n: values.length,
    p50: r(percentile(values, 50)),
    p95: r(percentile(values, 95)),
    p99: r(percentile(values, 99)),
    max: r(Math.max(...values)),
  };
}

export function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown cpu';
  return `${cpus().length} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

/** Writes a result file under bench/out/ (ignored by git) and returns its path. */
export function writeResult(name: string, result: unknown): string {
  const dir = join(ROOT, 'bench/out');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  return file;
}

/**
 * Flood limits a bench lifts (RATE_LIMITS, limits/limits-config.ts): a bench measures how fast the
 * server does its work, not how it refuses a flood (that is bench:floods).
 */
export const BENCH_LIMITS = { commands: { perPrincipal: { perSecond: 1e5, burst: 1e5 }, perAddress: { perSecond: 1e5, burst: 1e5 } }, socketEvents: { perSocket: { perSecond: 1e5, burst: 1e5 } }, expensiveReads: { perPrincipal: { perSecond: 1e5, burst: 1e5 }, perAddress: { perSecond: 1e5, burst: 1e5 } } };

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A display of a generated bench wall, placed in its grid. */
export interface BenchDisplay {
  id: string;
  row: number;
  col: number;
}

/**
 * The two scenes the scene-change benches alternate between (`<prefix>-a`, `<prefix>-b`): one KPI
 * panel per display, of CPI and of GDP growth; `at` places a display's panel on the canvas.
 */
export function alternatingKpiScenes(wallId: string, prefix: string, displays: readonly BenchDisplay[], at: (d: BenchDisplay) => { x: number; y: number }) {
  return ([[`${prefix}-a`, 'cpi_yoy'], [`${prefix}-b`, 'gdp_growth']] as const).map(([id, indicator]) => ({
    id,
    name: { vi: `Cảnh ${id}`, en: `Scene ${id}` },
    wall: wallId,
    panels: displays.map((d) => ({ id: `kpi-${d.id}`, type: 'kpi', indicator, unit: 'VN', rect: { ...at(d), w: 900, h: 400 } })),
  }));
}

/** One value of each of those scenes' indicators, so that every panel paints. */
export const KPI_SCENE_DATA = {
  observations: [
    { indicator: 'cpi_yoy', unit: 'VN', period: '2026-10', value: 3.2, source: 'bench' },
    { indicator: 'gdp_growth', unit: 'VN', period: '2026-Q3', value: 6.5, source: 'bench' },
  ],
};
