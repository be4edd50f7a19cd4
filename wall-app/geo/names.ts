/**
 * Province names as different sources spell them ("Tỉnh Hải Dương", "Hai Duong province",
 * "Thua Thien–Hue province", "Hanoi", "Ho Chi Minh City"), reduced to one key: no diacritics,
 * đ -> d, no "province"/"city"/"tỉnh"/"thành phố", no spaces or punctuation.
 */
export function normaliseName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[–—-]/g, ' ')
    .replace(/\b(province|city|tinh|thanh pho|tp)\b\.?/g, ' ')
    .replace(/[^a-z0-9]/g, '');
}

/** Spellings some sources use that normalising alone does not reconcile (key -> key). */
const VARIANTS: Record<string, string> = {
  saigon: 'hochiminh',
  hue: 'thuathienhue',
  daclac: 'daklak',
  baccan: 'backan',
};

export function nameKey(name: string): string {
  const k = normaliseName(name);
  return VARIANTS[k] ?? k;
}

export interface UnitRef {
  code: string;
  name: string;
  name_ascii: string;
}

/**
 * Matches each unit to exactly one of `names` (by `name` or `name_ascii`). Throws, listing every
 * problem, when a unit matches none or several names, or a name is matched by no unit or several.
 * Returns unit code -> index into `names`.
 */
export function matchUnits(units: readonly UnitRef[], names: readonly string[]): Map<string, number> {
  const keys = names.map(nameKey);
  const problems: string[] = [];
  const result = new Map<string, number>();
  const taken = new Map<number, string[]>();
  for (const u of units) {
    const want = new Set([nameKey(u.name), nameKey(u.name_ascii)]);
    const hits = keys.flatMap((k, i) => (want.has(k) ? [i] : []));
    if (hits.length !== 1) {
      problems.push(`${u.code} ${u.name}: ${hits.length === 0 ? 'no feature' : `${hits.length} features (${hits.map((i) => names[i]).join(', ')})`}`);
      continue;
    }
    result.set(u.code, hits[0]!);
    taken.set(hits[0]!, [...(taken.get(hits[0]!) ?? []), u.code]);
  }
  names.forEach((n, i) => {
    const by = taken.get(i) ?? [];
    if (by.length !== 1 && problems.length === 0) problems.push(`feature "${n}": matched by ${by.length === 0 ? 'no unit' : by.join(', ')}`);
  });
  if (problems.length > 0) throw new Error(`province names do not match one to one:\n  ${problems.join('\n  ')}`);
  return result;
}
