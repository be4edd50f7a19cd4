import { readFileSync } from 'node:fs';
import { IndicatorSchema } from '@ioc/protocol';
import { describe, expect, it } from 'vitest';
import { targetFor, targetLabel, valueRange } from './line-model';

// The shipped catalog and the demo wall's GDP forecast panel, as the wall reads them.
const catalog = JSON.parse(readFileSync(new URL('../../../../../assets/catalog/indicators.json', import.meta.url), 'utf8')) as { indicators: unknown[] };
const world = JSON.parse(readFileSync(new URL('../../../../../layouts/scenes/world.json', import.meta.url), 'utf8')) as { panels: Array<{ id: string; indicator?: string; target?: boolean; forecast?: boolean }> };

describe('the GDP forecast panel of the demo wall', () => {
  const panel = world.panels.find((p) => p.id === 'line-gdp')!;
  const gdp = catalog.indicators.map((i) => IndicatorSchema.parse(i)).find((i) => i.id === panel.indicator)!;

  it('asks for a forecast and a target line for GDP growth', () => {
    expect(panel).toMatchObject({ indicator: 'gdp_growth', forecast: true, target: true });
  });

  it('has the year\'s target to draw, labelled in both languages, inside the y range', () => {
    // The latest GDP figure on 7 December 2026 is the third quarter's: the 2026 target applies.
    const target = targetFor(gdp.targets, '2026');
    expect(target).toBe(10);
    expect(targetLabel('vi', '2026', target!, gdp.decimals, gdp.unitLabel.vi)).toBe('Kế hoạch 2026: 10 % so với cùng kỳ');
    expect(targetLabel('en', '2026', target!, gdp.decimals, gdp.unitLabel.en)).toBe('Plan 2026: 10 % y/y');
    const points = ['2026-Q1', '2026-Q2', '2026-Q3'].map((period, i) => ({ unit: 'VN', period, t: i, value: 6.9 + i * 0.3, synthetic: true, source: 'demo' }));
    const [lo, hi] = valueRange(points, [], target)!;
    expect(lo).toBeLessThanOrEqual(6.9);
    expect(hi).toBeGreaterThanOrEqual(10);
    expect(targetFor(gdp.targets, '2025')).toBe(8);
  });
});
