/**
 * Gapminder's country table as shipped by the `vega-datasets` package
 * (`gapminder-health-income.csv`): parsed the same way by the content server's international
 * comparison and by the build of the wall's globe data. Pure: no file access.
 */

/** One country of `gapminder-health-income.csv`. */
export interface CountryRow {
  country: string;
  /** GDP per person, inflation-adjusted, in international dollars (PPP). */
  income: number;
  /** Life expectancy at birth, years. */
  health: number;
  population: number;
  /** Gapminder's region, e.g. `east_asia_pacific`. */
  region: string;
}

const COLUMNS = ['country', 'income', 'health', 'population', 'region'] as const;

/** Splits one CSV line (RFC 4180: quoted fields may hold commas and doubled quotes). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') out.push(field), (field = '');
    else field += c;
  }
  out.push(field);
  return out;
}

/** Parses the CSV; throws naming the line of the first row that does not fit. */
export function parseGapminderCsv(text: string, file = 'gapminder-health-income.csv'): CountryRow[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = splitCsvLine(lines[0] ?? '').map((h) => h.trim());
  const at = COLUMNS.map((c) => header.indexOf(c));
  const absent = COLUMNS.filter((_, i) => at[i] === -1);
  if (absent.length > 0) throw new Error(`${file}: the header lacks ${absent.join(', ')} (found ${header.join(', ')})`);
  return lines.slice(1).map((line, i) => {
    const cells = splitCsvLine(line);
    const get = (c: number) => (cells[at[c]!] ?? '').trim();
    const row = { country: get(0), income: Number(get(1)), health: Number(get(2)), population: Number(get(3)), region: get(4) };
    const numbersOk = [1, 2, 3].every((c) => get(c) !== '' && Number.isFinite(Number(get(c))));
    if (!row.country || !row.region || !numbersOk) {
      throw new Error(`${file}: line ${i + 2} is not country,income,health,population,region: ${line}`);
    }
    return row;
  });
}
