import type { Catalog, Language, ReportingUnit } from '@ioc/protocol';
import { useEffect, useState } from 'react';
import { currentServer } from '../current-server.js';
import { useLng } from '../use-console.js';

const T = {
  unit: { vi: 'Đơn vị báo cáo', en: 'Reporting unit' },
  none: { vi: 'Không gắn đơn vị', en: 'No unit' },
} as const;

const ORDER: Record<ReportingUnit['kind'], number> = { nation: 0, city: 1, province: 1, agency: 2 };

/**
 * The units a user may be bound to: those of the catalog that exist today (a merged province's
 * old code is not offered), the nation first, then provinces by code, then agencies. Null until
 * the catalog has been read (or when it cannot be).
 */
export function useReportingUnits(token: string | null): ReportingUnit[] | null {
  const [units, setUnits] = useState<ReportingUnit[] | null>(null);
  useEffect(() => {
    if (!token) return;
    let live = true;
    void fetch(currentServer().url('/api/v1/catalog'), { headers: { authorization: `Bearer ${token}` }, cache: 'no-store' })
      .then((r) => (r.ok ? (r.json() as Promise<Catalog>) : null))
      .then((c) => {
        if (!live || !c) return;
        const today = c.units.filter((u) => u.validTo === null);
        setUnits(today.sort((a, b) => ORDER[a.kind] - ORDER[b.kind] || a.code.localeCompare(b.code)));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [token]);
  return units;
}

function label(u: ReportingUnit, lng: Language): string {
  return `${u.code} · ${lng === 'vi' ? u.name : u.nameAscii}`;
}

/**
 * A user's reporting unit (a unit's own account submits that unit's observations only), or none.
 * A unit the list lacks (read before the catalog, or no longer current) is still shown as set.
 */
export function UnitSelect({ units, value, disabled, onChange }: { units: ReportingUnit[] | null; value: string | null; disabled: boolean; onChange: (unit: string | null) => void }) {
  const lng = useLng();
  const known = units?.some((u) => u.code === value) ?? false;
  return (
    <select aria-label={T.unit[lng]} title={T.unit[lng]} value={value ?? ''} disabled={disabled || !units} data-testid="user-unit" onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}>
      <option value="">{T.none[lng]}</option>
      {value !== null && !known && <option value={value}>{value}</option>}
      {units?.map((u) => (
        <option key={u.code} value={u.code}>
          {label(u, lng)}
        </option>
      ))}
    </select>
  );
}
