import { describe, expect, it } from 'vitest';
import { paths } from '../config.js';
import { CatalogRegistry } from '../feeds/index.js';
import { catalogEntries } from './index.js';
import { SearchIndex, type SearchEntry } from './search-index.js';

const catalog = CatalogRegistry.load(paths).catalog;
const extra: SearchEntry[] = [
  { kind: 'scene', id: 'economy', label: { vi: 'Kinh tế vĩ mô và thương mại', en: 'Macro-economy and trade' }, what: { vi: 'Kịch bản', en: 'Scene' }, detail: null },
  { kind: 'command', id: 'display.power', label: { vi: 'Nguồn màn hình', en: 'Display power' }, what: { vi: 'Lệnh', en: 'Command' }, detail: null, keywords: ['display'] },
];
const index = new SearchIndex([...catalogEntries(catalog), ...extra]);
const first = (q: string, kinds?: Parameters<SearchIndex['search']>[1]) => index.search(q, kinds)[0];

describe('smart search', () => {
  it('finds a province without diacritics, with đ as d, in any case', () => {
    for (const q of ['dong nai', 'Đồng Nai', 'DONG NAI', 'đồng nai']) expect(first(q), q).toMatchObject({ kind: 'unit', id: '75', label: { vi: 'Đồng Nai' }, detail: null });
    expect(first('ho chi minh')).toMatchObject({ kind: 'unit', id: '79' });
    expect(first('tp hcm')).toMatchObject({ kind: 'unit', id: '79' });
  });

  it('finds an indicator for a province from one query: xuat khau ha noi', () => {
    const r = first('xuat khau ha noi');
    expect(r).toMatchObject({ kind: 'series', indicator: 'exports', unit: '01', label: { vi: 'Kim ngạch xuất khẩu — Hà Nội' } });
    // Exports are reported nationally: the result says so instead of pretending.
    expect(r?.detail?.en).toBe('This indicator is reported nationally only');
    expect(first('grdp ha noi')).toMatchObject({ kind: 'series', indicator: 'grdp', unit: '01', detail: { vi: 'nghìn tỷ đồng' } });
  });

  it('finds growth from gdp and from tăng trưởng', () => {
    const gdp = index.search('gdp', { kinds: ['indicator'] }).map((r) => r.id);
    expect(gdp.slice(0, 3).sort()).toEqual(['gdp_growth', 'grdp', 'grdp_growth']);
    for (const q of ['tăng trưởng', 'tang truong', 'growth']) {
      expect(index.search(q, { kinds: ['indicator'] }).map((r) => r.id), q).toEqual(expect.arrayContaining(['gdp_growth', 'grdp_growth']));
    }
    expect(first('tang truong gdp')).toMatchObject({ id: 'gdp_growth' });
  });

  it('finds scenes and commands in either language, and every word must be found', () => {
    expect(first('kinh te')).toMatchObject({ kind: 'scene', id: 'economy' });
    expect(first('display power')).toMatchObject({ kind: 'command', id: 'display.power' });
    expect(first('nguon man hinh')).toMatchObject({ kind: 'command', id: 'display.power' });
    expect(index.search('xuat khau sao hoa')).toEqual([]);
    expect(index.search('   ')).toEqual([]);
  });

  it('names a unit that ceased in 2025, and ranks current units first', () => {
    const r = index.search('ha giang');
    expect(r).toEqual([expect.objectContaining({ kind: 'unit', label: { vi: 'Hà Giang', en: 'Ha Giang' }, detail: { vi: 'đến 2025-06-30', en: 'until 2025-06-30' } })]);
    const ha = index.search('ha', { kinds: ['unit'], limit: 100 });
    expect(ha.findIndex((x) => x.detail !== null)).toBeGreaterThan(ha.findIndex((x) => x.detail === null));
  });

  it('filters by kind and limits the results', () => {
    expect(index.search('ha', { kinds: ['indicator'] }).every((r) => r.kind === 'indicator')).toBe(true);
    expect(index.search('ha', { limit: 5 })).toHaveLength(5);
  });
});
