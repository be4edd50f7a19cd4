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
