import type { Point } from '@ioc/protocol';
import { describe, expect, it } from 'vitest';
import { emptyTopicState, type TopicState } from '../../live/topic-store';
import type { IndicatorView } from '../../state/catalog-index';
import { tableHasData, tableRows } from './table-model';

const p = (period: string, value: number): Point => ({ unit: 'VN', period, t: Date.parse(`${period}-01`), value, synthetic: false, source: 's' });
const view = (id: string, higherIsBetter: boolean | null): IndicatorView => ({ id, name: id, unitLabel: '%', decimals: 1, higherIsBetter });
const state = (topic: `series:${string}:VN`, version: number | null, points: Point[]): TopicState => ({ ...emptyTopicState(topic), version, points });

describe('table model', () => {
  const states = [state('series:cpi_yoy:VN', 3, [p('2025-06', 3.5), p('2025-07', 3.2)]), state('series:exports:VN', 1, [])];
  const views = [view('cpi_yoy', false), view('exports', true)];

  it('gives value, period, previous value and change per indicator', () => {
    const [cpi, exports] = tableRows(states, views, 'vi');
    expect(cpi).toMatchObject({ indicator: 'cpi_yoy', value: '3,2', period: 'T7/2025', previous: '3,5' });
    expect(cpi?.change).toMatchObject({ direction: 'down', tone: 'good', magnitude: '0,3' });
    expect(exports).toMatchObject({ value: null, period: null, previous: null, change: null });
    expect(tableRows(states, views, 'en')[0]?.period).toBe('Jul 2025');
  });

  it('is ready when every topic answered and some row has a value', () => {
    expect(tableHasData(states, tableRows(states, views, 'vi'))).toBe(true);
    const pending = [states[0]!, state('series:exports:VN', null, [])];
    expect(tableHasData(pending, tableRows(pending, views, 'vi'))).toBe(false);
  });

  it('marks an estimate of the latest period in both languages', () => {
    const gdp = [state('series:gdp_growth:VN', 2, [{ ...p('2026-Q3', 7.1), t: 0 }, { ...p('2026-Q4', 7.6), t: 1, estimate: true }])];
    expect(tableRows(gdp, [view('gdp_growth', true)], 'vi')[0]).toMatchObject({ period: 'Q4/2026', estimate: 'ước tính' });
    expect(tableRows(gdp, [view('gdp_growth', true)], 'en')[0]).toMatchObject({ period: 'Q4 2026', estimate: 'estimate' });
  });
});
