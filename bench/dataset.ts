// The synthetic store the storage benches fill: the catalog's indicators (then made-up ids up to
// the count asked), the 63 provinces before the 2025 merger, and every month of the last years.
import { parsePeriod } from '@ioc/protocol';
import { CatalogRegistry, paths } from '@ioc/content-server';

export interface Month {
  period: string;
  start: number;
  end: number;
}

export function benchDataset(opts: { years: number; indicators: number; lastYear?: number }) {
  const catalog = CatalogRegistry.load(paths).catalog;
  const real = catalog.indicators.map((i) => i.id);
  const indicators = Array.from({ length: opts.indicators }, (_, i) => real[i] ?? `bench_ind_${String(i).padStart(3, '0')}`);
  const provinces = catalog.units.filter((u) => u.kind !== 'nation' && u.kind !== 'agency' && u.validTo === '2025-06-30').map((u) => u.code).slice(0, 63);
  if (provinces.length !== 63) throw new Error(`expected 63 provinces, got ${provinces.length}`);
  const lastYear = opts.lastYear ?? 2025;
  const months: Month[] = [];
  for (let y = lastYear - opts.years + 1; y <= lastYear; y++) {
    for (let m = 1; m <= 12; m++) {
      const period = `${y}-${String(m).padStart(2, '0')}`;
      const p = parsePeriod(period)!;
      months.push({ period, start: p.start, end: p.end });
    }
  }
  return { catalog, indicators, provinces, months };
}
