import type { Catalog } from '@ioc/protocol';
import { describe, expect, it } from 'vitest';
import { buildCatalogIndex, indicatorView, shortUnitName, unitName } from './catalog-index';

const catalog: Catalog = {
  indicators: [
    {
      id: 'cpi_yoy',
      name: { vi: 'Chỉ số giá tiêu dùng', en: 'Consumer price index' },
      unitLabel: { vi: '%', en: '%' },
      periodicity: 'month',
      levels: ['N'],
      decimals: 2,
      higherIsBetter: false,
      reportedBy: 'GSO',
      aggregation: { rule: 'none' },
      targets: {},
    },
  ],
  units: [
    { code: '79', name: 'Thành phố Hồ Chí Minh', nameAscii: 'Ho Chi Minh City', kind: 'city', validFrom: null, validTo: '2025-06-30' },
    { code: '79', name: 'Thành phố Hồ Chí Minh (mới)', nameAscii: 'Ho Chi Minh City (new)', kind: 'city', validFrom: '2025-07-01', validTo: null },
    { code: '02', name: 'Tỉnh Hà Giang', nameAscii: 'Ha Giang', kind: 'province', validFrom: null, validTo: '2025-06-30' },
  ],
};

describe('catalog index', () => {
  const index = buildCatalogIndex(catalog);

  it('names a reused code by its current vintage', () => {
    expect(unitName(index, '79', 'vi')).toBe('Thành phố Hồ Chí Minh (mới)');
    expect(unitName(index, '79', 'en')).toBe('Ho Chi Minh City (new)');
    expect(unitName(index, '99', 'vi')).toBe('99');
  });

  it('abbreviates names for tight rows', () => {
    expect(shortUnitName(index, '79', 'vi')).toBe('TP. Hồ Chí Minh (mới)');
    expect(shortUnitName(index, '02', 'vi')).toBe('Hà Giang');
  });

  it('describes indicators in the tile language, with a fallback for unknown ones', () => {
    expect(indicatorView(index, 'cpi_yoy', 'en')).toEqual({ id: 'cpi_yoy', name: 'Consumer price index', unitLabel: '%', decimals: 2, higherIsBetter: false });
    expect(indicatorView(index, 'nope', 'vi').name).toBe('nope');
  });
});
