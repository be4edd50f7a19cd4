import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WhatIfModelSchema, type WhatIfModel } from '@ioc/protocol';
import { describe, expect, it } from 'vitest';
import { paths } from '../../config.js';
import { CatalogRegistry } from '../../feeds/catalog.js';
import { ConfigFileError, readConfigFile } from '../config-file.js';
import { scenarioProblems, simulate, type SimulationContext } from './simulate.js';
import { modelProblems } from './whatif.js';

const label = (en: string) => ({ vi: en, en });
const model: WhatIfModel = WhatIfModelSchema.parse({
  disclaimer: label('illustrative'),
  drivers: [
    { id: 'exports', name: label('Export growth'), unitLabel: label('%'), baseline: { source: 'fixed', value: 10 }, min: -20, max: 40 },
    { id: 'cpi', name: label('CPI'), unitLabel: label('%'), baseline: { source: 'indicator', indicator: 'cpi_yoy', fallback: 4 }, min: -2, max: 15 },
  ],
  outputs: [
    {
      indicator: 'gdp_growth',
      baseline: { source: 'indicator', indicator: 'gdp_growth', fallback: 7 },
      terms: [
        { driver: 'exports', coefficient: 0.15, name: label('a'), justification: label('b') },
        { driver: 'cpi', coefficient: -0.1, name: label('c'), justification: label('d') },
      ],
    },
  ],
});

/** Baselines as if the store held cpi_yoy = 3.5 (2026-10) and no gdp_growth. */
const ctx: SimulationContext = {
  baselineOf: (b) => (b.source === 'fixed' ? { value: b.value, source: 'fixed' } : b.indicator === 'cpi_yoy' ? { value: 3.5, source: 'indicator', indicator: 'cpi_yoy', period: '2026-10' } : { value: b.fallback, source: 'fallback', indicator: b.indicator }),
  indicatorLabels: (id) => ({ name: label(id), unitLabel: label('%') }),
  now: 0,
  formatTime: () => 'then',
};

describe('simulate', () => {
  it('adds coefficient x driver change to the baseline, term by term', () => {
    const r = simulate(model, { exports: 14, cpi: 5.5 }, ctx);
    const gdp = r.outputs[0]!;
    // 7 + 0.15 x (14 - 10) + (-0.1) x (5.5 - 3.5) = 7 + 0.6 - 0.2
    expect(gdp).toMatchObject({ indicator: 'gdp_growth', baseline: 7, simulated: 7.4, delta: 0.4, baselineFrom: { source: 'fallback' } });
    expect(gdp.terms).toEqual([
      { driver: 'exports', coefficient: 0.15, delta: 4, contribution: 0.6 },
      { driver: 'cpi', coefficient: -0.1, delta: 2, contribution: -0.2 },
    ]);
    expect(r.baseline).toEqual({ exports: 10, cpi: 3.5 });
    expect(r.scenario).toEqual({ exports: 14, cpi: 5.5 });
    expect(r).toMatchObject({ simulation: true, label: { vi: 'Mô phỏng — không phải số liệu thống kê', en: 'Simulation — not statistics' } });
  });

  it('keeps drivers not given at their baseline: no change, no delta', () => {
    const r = simulate(model, {}, ctx);
    expect(r.outputs[0]).toMatchObject({ simulated: 7, delta: 0 });
    expect(r.drivers.find((d) => d.id === 'cpi')).toMatchObject({ scenario: 3.5, delta: 0, baselineFrom: { source: 'indicator', period: '2026-10' } });
  });
});

describe('scenarioProblems', () => {
  it('names an unknown driver and a value out of range, each under drivers.<id>', () => {
    expect(scenarioProblems(model, { exports: 41, gdp: 1, cpi: -2 })).toEqual([
      { index: null, field: 'drivers.exports', message: 'exports must be between -20 and 40 (%); got 41' },
      { index: null, field: 'drivers.gdp', message: 'unknown driver "gdp"; the model\'s drivers are exports, cpi' },
    ]);
    expect(scenarioProblems(model, { exports: 40, cpi: 15 })).toEqual([]);
  });
});

describe('the model file', () => {
  const catalog = CatalogRegistry.load(paths);
  const write = (value: unknown) => {
    const file = join(mkdtempSync(join(tmpdir(), 'ioc-whatif-')), 'whatif-model.json');
    writeFileSync(file, JSON.stringify(value));
    return file;
  };
  const load = (file: string) => readConfigFile(file, WhatIfModelSchema, (m) => modelProblems(m, catalog));

  it('ships a model that loads against the catalog', () => {
    const m = load(join(paths.catalogDir, 'whatif-model.json'));
    expect(m.outputs.map((o) => o.indicator)).toEqual(['gdp_growth', 'iip_yoy', 'budget_revenue', 'unemployment_rate']);
    expect(m.disclaimer.en).toMatch(/illustrative assumptions, not official estimates/);
  });

  it('refuses a bad file naming the file and the JSON path of each problem', () => {
    const shipped = JSON.parse(readFileSync(join(paths.catalogDir, 'whatif-model.json'), 'utf8'));
    shipped.outputs[0].terms[1].driver = 'tax_rate';
    shipped.outputs[1].indicator = 'nothing_here';
    shipped.drivers[0].min = 50;
    const file = write(shipped);
    let error: unknown;
    try {
      load(file);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigFileError);
    expect((error as Error).message).toContain(file);
    expect((error as ConfigFileError).problems.map((p) => p.path)).toEqual(['drivers.0.min']);
    shipped.drivers[0].min = -20;
    const second = (() => {
      try {
        load(write(shipped));
      } catch (err) {
        return err as ConfigFileError;
      }
      return null;
    })();
    expect(second?.problems).toEqual([
      { path: 'outputs.0.terms.1.driver', message: 'unknown driver "tax_rate"; the drivers are export_growth, public_investment, fdi_growth, cpi' },
      { path: 'outputs.1.indicator', message: 'unknown indicator "nothing_here"' },
    ]);
  });
});
