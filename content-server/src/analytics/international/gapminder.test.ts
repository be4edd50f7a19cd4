import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compare, rankBy } from './comparison.js';
import { parseGapminderCsv, splitCsvLine } from '@ioc/protocol';
import { loadGapminder, vegaDatasetsDir } from './gapminder.js';

/** The CSV read again, apart from the module under test: country -> [income, health, population, region]. */
function independentRows(): Array<{ country: string; income: number; health: number; population: number; region: string }> {
  const dir = vegaDatasetsDir();
  const text = readFileSync(join(dir, 'data', 'gapminder-health-income.csv'), 'utf8');
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      // The name may be quoted and hold commas; the four last fields never do.
      const m = /^"?(.*?)"?,(\d+(?:\.\d+)?),(\d+(?:\.\d+)?),(\d+),(\w+)\r?$/.exec(line)!;
      return { country: m[1]!, income: Number(m[2]), health: Number(m[3]), population: Number(m[4]), region: m[5]! };
    });
}

describe('CSV parsing', () => {
  it('splits quoted fields holding commas and doubled quotes', () => {
    expect(splitCsvLine('"Congo, Dem. Rep.",809,58.3,77266814,sub_saharan_africa')).toEqual(['Congo, Dem. Rep.', '809', '58.3', '77266814', 'sub_saharan_africa']);
    expect(splitCsvLine('"A ""B""",1')).toEqual(['A "B"', '1']);
  });

  it('names the line that does not fit, and a header that lacks a column', () => {
    expect(() => parseGapminderCsv('country,income,health,population,region\nX,1,2,3,r\nY,,2,3,r\n')).toThrow(/line 3 /);
    expect(() => parseGapminderCsv('country,income,health\nX,1,2\n')).toThrow(/lacks population, region/);
  });
});

describe('the Gapminder table of vega-datasets', () => {
  const data = loadGapminder();
  const rows = independentRows();

  it('reads every country, Viet Nam with its real figures, and the source with version, year and licence', () => {
    expect(data.rows.length).toBe(rows.length);
    expect(data.rows.length).toBeGreaterThan(180);
    expect(data.rows.find((r) => r.country === 'Vietnam')).toEqual({ country: 'Vietnam', income: 5623, health: 76.5, population: 93447601, region: 'east_asia_pacific' });
    expect(data.rows.find((r) => r.country === 'Congo, Dem. Rep.')?.income).toBe(809);
    const version = JSON.parse(readFileSync(join(vegaDatasetsDir(), 'package.json'), 'utf8')).version;
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    expect(data.source).toMatchObject({ name: `Gapminder (via vega-datasets ${version})`, year: 2015, licence: 'Creative Commons Attribution 4.0 International' });
  });

  for (const measure of ['income', 'health', 'population'] as const) {
    it(`ranks Viet Nam by ${measure} in the world and in its region as counting higher values does`, () => {
      const vn = rows.find((r) => r.country === 'Vietnam')!;
      const worldRank = 1 + rows.filter((r) => r[measure] > vn[measure]).length;
      const region = rows.filter((r) => r.region === vn.region);
      const regionRank = 1 + region.filter((r) => r[measure] > vn[measure]).length;
      const c = compare(data, measure, 10);
      expect(c.vietnam).toMatchObject({ value: vn[measure], worldRank, worldOf: rows.length, region: 'east_asia_pacific', regionRank, regionOf: region.length });
      expect(c.vietnam.regionLabel).toEqual({ vi: 'Đông Á và Thái Bình Dương', en: 'East Asia and Pacific' });
      // The top ten, then Viet Nam with two neighbours each side, in rank order.
      expect(c.world.slice(0, 10).map((r) => r.value)).toEqual([...rows.map((r) => r[measure])].sort((a, b) => b - a).slice(0, 10));
      const at = c.world.findIndex((r) => r.vietnam);
      expect(c.world.slice(at - 2, at + 3).map((r) => r.vietnam)).toEqual([false, false, true, false, false]);
      expect(c.region.map((r) => r.country).sort()).toEqual(region.map((r) => r.country).sort());
      expect(c.region.every((r, i) => i === 0 || c.region[i - 1]!.value >= r.value)).toBe(true);
    });
  }

  it('gives equal values one rank and skips the next', () => {
    const ranked = rankBy(
      [
        { country: 'A', income: 5, health: 70, population: 1, region: 'r' },
        { country: 'B', income: 9, health: 70, population: 1, region: 'r' },
        { country: 'C', income: 5, health: 60, population: 1, region: 'r' },
      ],
      'health',
    );
    expect(ranked.map((r) => [r.country, r.rank])).toEqual([['A', 1], ['B', 1], ['C', 3]]);
  });
});
