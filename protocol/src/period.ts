import { z } from 'zod';
import { VN_OFFSET_MINUTES } from './version.js';

/** Kind of a reporting period, from its ISO 8601 spelling. */
export type PeriodKind = 'year' | 'quarter' | 'month' | 'day' | 'instant';

/** A parsed period: its canonical spelling and the half-open interval [start, end) it covers. */
export interface ParsedPeriod {
  kind: PeriodKind;
  /** Canonical spelling; timestamps are rewritten with the +07:00 offset. */
  canonical: string;
  /** Start of the period, epoch milliseconds (periods begin at 00:00 Vietnam time). */
  start: number;
  /** End of the period (exclusive), epoch milliseconds. Equal to `start + 1` for an instant. */
  end: number;
}

const OFFSET_MS = VN_OFFSET_MINUTES * 60_000;
const YEAR = /^(\d{4})$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DAY = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.(\d{1,3}))?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)?$/;

/** Epoch ms of 00:00 Vietnam time on the given civil date (month 1-12). */
function vnMidnight(year: number, month: number, day = 1): number {
  return Date.UTC(year, month - 1, day) - OFFSET_MS;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Writes an epoch ms as ISO 8601 in Vietnam time, e.g. `2025-07-14T08:00:00+07:00`. */
export function formatVnTimestamp(ms: number, withMillis = false): string {
  const d = new Date(ms + OFFSET_MS);
  const base =
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return `${base}${withMillis ? `.${pad(d.getUTCMilliseconds(), 3)}` : ''}+07:00`;
}

/**
 * Parses a period written in ISO 8601: `2025`, `2025-Q3`, `2025-07`, `2025-07-14`, or a full
 * timestamp (`2025-07-14T08:00:00+07:00`; without an offset it is read as Vietnam time).
 * Returns `null` for anything else, including impossible dates such as `2025-02-30`.
 */
export function parsePeriod(text: string): ParsedPeriod | null {
  let m: RegExpExecArray | null;
  if ((m = YEAR.exec(text))) {
    const y = Number(m[1]);
    return { kind: 'year', canonical: text, start: vnMidnight(y, 1), end: vnMidnight(y + 1, 1) };
  }
  if ((m = QUARTER.exec(text))) {
    const y = Number(m[1]);
    const q = Number(m[2]);
    return { kind: 'quarter', canonical: text, start: vnMidnight(y, q * 3 - 2), end: vnMidnight(y, q * 3 + 1) };
  }
  if ((m = MONTH.exec(text))) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    return { kind: 'month', canonical: text, start: vnMidnight(y, mo), end: vnMidnight(y, mo + 1) };
  }
  if ((m = DAY.exec(text))) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    const start = vnMidnight(y, mo, d);
    if (new Date(start + OFFSET_MS).getUTCDate() !== d) return null;
    return { kind: 'day', canonical: text, start, end: vnMidnight(y, mo, d + 1) };
  }
  if ((m = INSTANT.exec(text))) {
    const [, y, mo, d, hh, mi, ss, ms, zone] = m;
    const offset = zone ?? '+07:00';
    const iso = `${y}-${mo}-${d}T${hh}:${mi}:${ss ?? '00'}.${(ms ?? '0').padEnd(3, '0')}${offset}`;
    const start = Date.parse(iso);
    if (Number.isNaN(start)) return null;
    const local = new Date(Date.parse(`${y}-${mo}-${d}T00:00:00Z`));
    if (local.getUTCDate() !== Number(d)) return null;
    return { kind: 'instant', canonical: formatVnTimestamp(start, ms !== undefined), start, end: start + 1 };
  }
  return null;
}

/** A period string that `parsePeriod` accepts. */
export const PeriodSchema = z.string().refine((s) => parsePeriod(s) !== null, {
  message: 'expected an ISO 8601 period: 2025, 2025-Q3, 2025-07, 2025-07-14 or a full timestamp',
});

/** The period immediately before `p` of the same kind (for "change against the previous period"). */
export function previousPeriod(p: string): string | null {
  const parsed = parsePeriod(p);
  if (!parsed) return null;
  const [y, rest] = [Number(p.slice(0, 4)), p.slice(5)];
  switch (parsed.kind) {
    case 'year':
      return String(y - 1);
    case 'quarter': {
      const q = Number(rest.slice(1));
      return q === 1 ? `${y - 1}-Q4` : `${y}-Q${q - 1}`;
    }
    case 'month': {
      const mo = Number(rest);
      return mo === 1 ? `${y - 1}-12` : `${y}-${pad(mo - 1)}`;
    }
    case 'day': {
      const d = new Date(parsed.start + OFFSET_MS - 86_400_000);
      return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    }
    case 'instant':
      return null;
  }
}
