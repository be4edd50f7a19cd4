import type { Catalog, Indicator, Language, ReportingUnit } from '@ioc/protocol';

/** The catalog, indexed for panels: indicators by id, reporting units by code (current vintage). */
export interface CatalogIndex {
  indicators: ReadonlyMap<string, Indicator>;
  units: ReadonlyMap<string, ReportingUnit>;
}

/**
 * Codes are reused across vintages (Hà Nội is `01` before and after the 2025 merger); the
 * vintage still open (or the one that ended last) names the unit.
 */
export function buildCatalogIndex(catalog: Catalog): CatalogIndex {
  const units = new Map<string, ReportingUnit>();
  for (const unit of catalog.units) {
    const held = units.get(unit.code);
    if (!held || rank(unit) > rank(held)) units.set(unit.code, unit);
  }
  return { indicators: new Map(catalog.indicators.map((i) => [i.id, i])), units };
}

function rank(u: ReportingUnit): string {
  return u.validTo === null ? '9999-99-99' : u.validTo;
}

/** Shown name of a unit: Vietnamese name, or its ASCII spelling in English. */
export function unitName(index: CatalogIndex | null, code: string, lang: Language): string {
  const unit = index?.units.get(code);
  if (!unit) return code;
  return lang === 'vi' ? unit.name : unit.nameAscii;
}

/**
 * A unit's name where space is short (ranking rows): `Thành phố Hồ Chí Minh` -> `TP. Hồ Chí
 * Minh`, `Tỉnh X` -> `X`, as Vietnamese reports abbreviate them.
 */
export function shortUnitName(index: CatalogIndex | null, code: string, lang: Language): string {
  const name = unitName(index, code, lang);
  return lang === 'vi' ? name.replace(/^Thành phố /, 'TP. ').replace(/^Tỉnh /, '') : name.replace(/^(City|Province) of /, '');
}

/** What a panel needs of an indicator; falls back to the id when the catalog lacks it. */
export interface IndicatorView {
  id: string;
  name: string;
  unitLabel: string;
  decimals: number;
  higherIsBetter: boolean | null;
}

export function indicatorView(index: CatalogIndex | null, id: string, lang: Language): IndicatorView {
  const ind = index?.indicators.get(id);
  if (!ind) return { id, name: id, unitLabel: '', decimals: 1, higherIsBetter: null };
  return { id, name: ind.name[lang], unitLabel: ind.unitLabel[lang], decimals: ind.decimals, higherIsBetter: ind.higherIsBetter };
}
