import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALIASES, CAPITALS, OUTPUT, atlasName, buildGlobeData, globeDataText, readInputs } from './build-globe-data';

describe('globe-data.json', () => {
  const inputs = readInputs();
  const data = buildGlobeData(inputs);

  it('is exactly what build-globe-data.ts writes (run it again after the packages change)', () => {
    expect(readFileSync(OUTPUT, 'utf8')).toBe(globeDataText(data));
  });

  it('holds every country of the Gapminder table, with its real figures', () => {
    const csvCountries = inputs.csv.trim().split('\n').length - 1;
    expect(data.countries.filter((c) => c.income !== null)).toHaveLength(csvCountries);
    expect(data.countries.find((c) => c.name === 'Vietnam')).toMatchObject({ income: 5623, life_expect: 76.5, pop: 93447601, fertility: null, vi: 'Việt Nam' });
    expect(data.countries.find((c) => c.name === 'Congo, Dem. Rep.')).toMatchObject({ income: 809, atlas: 'Dem. Rep. Congo' });
    expect(data.countries.find((c) => c.name === 'Japan')).toMatchObject({ fertility: 1.27, atlas: 'Japan', placed: 'centroid' });
    expect(data.measures).toEqual({
      income: { year: 2015, file: 'vega-datasets/data/gapminder-health-income.csv' },
      life_expect: { year: 2015, file: 'vega-datasets/data/gapminder-health-income.csv' },
      pop: { year: 2015, file: 'vega-datasets/data/gapminder-health-income.csv' },
      fertility: { year: 2005, file: 'vega-datasets/data/gapminder.json' },
    });
    expect(data.source.package).toBe('vega-datasets 3.2.1');
  });

  it('places bars inside their countries: the mainland centroid, or the capital', () => {
    const at = (name: string) => data.countries.find((c) => c.name === name)!;
    // Contiguous United States, not pulled north-west by Alaska.
    expect(at('United States').lat).toBeGreaterThan(35);
    expect(at('United States').lat).toBeLessThan(42);
    expect(at('United States').lon).toBeGreaterThan(-105);
    expect(at('United States').lon).toBeLessThan(-90);
    // Metropolitan France, not pulled towards French Guiana.
    expect(at('France').lat).toBeGreaterThan(44);
    expect(at('France').lon).toBeGreaterThan(0);
    expect(at('Vietnam')).toMatchObject({ placed: 'capital', lat: 21, lon: 105.8 });
    expect(at('Singapore')).toMatchObject({ atlas: null, placed: 'capital' });
  });

  it('matches names through the alias table and reports what it cannot match', () => {
    const names = new Set(inputs.atlas.objects.countries.geometries.map((g) => (g.properties as { name: string }).name));
    expect(atlasName('United States', names)).toBe('United States of America');
    expect(atlasName("Cote d'Ivoire", names)).toBe("Côte d'Ivoire");
    expect(atlasName('Vietnam', names)).toBe('Vietnam');
    expect(atlasName('Singapore', names)).toBeNull();
    // Every alias names a real world-atlas country (a typo would silently drop a bar).
    for (const target of Object.values(ALIASES)) expect(names.has(target), target).toBe(true);
    // Countries too small for the 110m map are exactly those placed at a capital without an outline.
    expect(data.notOnMap).toEqual(data.countries.filter((c) => c.atlas === null).map((c) => c.name));
    for (const name of data.notOnMap) expect(CAPITALS[name], name).toBeDefined();
    expect(data.notOnMap).toContain('Singapore');
    expect(data.withoutData).toEqual(['Antarctica', 'Falkland Is.', 'Fr. S. Antarctic Lands', 'Greenland', 'Kosovo', 'N. Cyprus', 'New Caledonia', 'Puerto Rico', 'Somaliland', 'Taiwan', 'W. Sahara']);
  });
});
