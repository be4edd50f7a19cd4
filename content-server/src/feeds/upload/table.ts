import type { ApiErrorItem } from '@ioc/protocol';

/** A cell as read from a file: text (CSV, or a text cell), a number (a spreadsheet's numeric cell) or empty. */
export type Cell = string | number | null;
export interface TableRow {
  /** The row's number as a spreadsheet numbers it (1 is the header). */
  line: number;
  cells: Cell[];
}
/** One table of a file: its sheet name (spreadsheets), the header row and the data rows. */
export interface Table {
  sheet?: string;
  header: TableRow;
  rows: TableRow[];
  /** Numbers written with a decimal comma (CSV separated by semicolons). */
  decimalComma?: boolean;
  /** Every row must have as many cells as the header (CSV: a missing or extra separator shifts the columns). */
  strictWidth?: boolean;
}

/** Column names a header may use, in English (the API's field names) or Vietnamese. */
const COLUMNS: Readonly<Record<string, Field>> = {
  indicator: 'indicator',
  'chi tieu': 'indicator',
  'ma chi tieu': 'indicator',
  unit: 'unit',
  'don vi': 'unit',
  'ma don vi': 'unit',
  period: 'period',
  ky: 'period',
  'ky bao cao': 'period',
  value: 'value',
  'gia tri': 'value',
  'so lieu': 'value',
  source: 'source',
  nguon: 'source',
};
type Field = 'indicator' | 'unit' | 'period' | 'value' | 'source';
export const REQUIRED: readonly Field[] = ['indicator', 'unit', 'period', 'value', 'source'];
/** Columns for the people who fill a form (names, unit of measure): read and ignored. */
const INFORMATIONAL = new Set(['indicator name', 'ten chi tieu', 'unit name', 'ten don vi', 'unit of measure', 'don vi tinh', 'note', 'ghi chu']);

export const foldHeader = (h: string): string =>
  h
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[_\s]+/g, ' ')
    .trim();

/** True when a row's cells name the required columns (how a spreadsheet's data sheet is found). */
export function isHeaderRow(cells: readonly Cell[]): boolean {
  const names = new Set(cells.map((c) => COLUMNS[foldHeader(String(c ?? ''))]).filter(Boolean));
  return REQUIRED.every((f) => names.has(f));
}

export interface FileBatch {
  observations: Array<Record<string, unknown>>;
  /** Where each observation came from (index -> sheet and row), to name them in errors. */
  origins: Array<{ sheet?: string; row: number }>;
}

const text = (c: Cell): string => (c === null ? '' : String(c).trim());

/**
 * Turns a table into a batch of observations. Every problem names the sheet (if any), the row
 * and the column, and says what was expected; the batch is built only when there is none.
 */
export type FileParse = { ok: true; batch: FileBatch } | { ok: false; errors: ApiErrorItem[]; /** The rows that did parse, to check them too. */ partial?: FileBatch };

export function tableToBatch(table: Table): FileParse {
  const at = (row: number, column?: string) => ({ ...(table.sheet !== undefined && { sheet: table.sheet }), row, ...(column !== undefined && { column }) });
  const where = (row: number, column?: string) => `${table.sheet !== undefined ? `sheet "${table.sheet}", ` : ''}row ${row}${column ? `, column ${column}` : ''}`;
  const { header } = table;
  const columnAt = new Map<Field, number>();
  const errors: ApiErrorItem[] = [];
  header.cells.forEach((c, i) => {
    const h = text(c);
    const name = COLUMNS[foldHeader(h)];
    if (!name && (h === '' || INFORMATIONAL.has(foldHeader(h)))) return;
    if (!name) errors.push({ index: null, field: 'header', message: `${where(header.line)}: unknown column "${h}" (column ${i + 1}); expected ${REQUIRED.join(', ')}`, ...at(header.line, h) });
    else if (columnAt.has(name)) errors.push({ index: null, field: 'header', message: `${where(header.line)}: column ${name} appears twice`, ...at(header.line, h) });
    else columnAt.set(name, i);
  });
  const missing = REQUIRED.filter((c) => !columnAt.has(c));
  if (missing.length) errors.push({ index: null, field: 'header', message: `${where(header.line)}: missing column(s) ${missing.join(', ')}`, ...at(header.line) });
  if (errors.length) return { ok: false, errors };
  if (table.rows.length === 0) return { ok: false, errors: [{ index: null, field: 'body', message: `${table.sheet !== undefined ? `sheet "${table.sheet}": ` : ''}no observations after the header row` }] };

  const observations: Array<Record<string, unknown>> = [];
  const origins: FileBatch['origins'] = [];
  table.rows.forEach((r, index) => {
    if (table.strictWidth && r.cells.length !== header.cells.length) {
      errors.push({ index, field: 'row', message: `${where(r.line)}: ${r.cells.length} cells, the header has ${header.cells.length}`, ...at(r.line) });
      return;
    }
    const cell = (c: Field) => r.cells[columnAt.get(c)!] ?? null;
    const raw = cell('value');
    const value = toNumber(raw, table.decimalComma ?? false);
    if (!Number.isFinite(value)) {
      const hint = text(raw) === '' ? 'the value is empty' : `"${text(raw)}" is not a number${table.decimalComma ? '' : ' (use a dot for decimals, e.g. 3.5)'}`;
      errors.push({ index, field: 'value', message: `${where(r.line, 'value')}: ${hint}`, ...at(r.line, 'value') });
      return;
    }
    observations.push({ indicator: text(cell('indicator')), unit: text(cell('unit')), period: text(cell('period')), value, source: text(cell('source')) });
    origins.push({ ...(table.sheet !== undefined && { sheet: table.sheet }), row: r.line });
  });
  if (errors.length) return { ok: false, errors, partial: { observations, origins } };
  return { ok: true, batch: { observations, origins } };
}

function toNumber(c: Cell, decimalComma: boolean): number {
  if (typeof c === 'number') return c;
  const s = text(c).replace(/\s/g, '');
  const normal = decimalComma ? s.replace(',', '.') : s;
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(normal) ? Number(normal) : Number.NaN;
}

/** Names the sheet, row and column of each validation error of a batch made from a file. */
export function errorsToFileRows<T extends { index: number | null; field: string; message: string }>(errors: readonly T[], origins: FileBatch['origins']): T[] {
  return errors.map((e) => {
    const o = e.index === null ? undefined : origins[e.index];
    if (!o) return e;
    const column = e.field.split('.')[0] ?? e.field;
    return { ...e, ...o, column, message: `${o.sheet !== undefined ? `sheet "${o.sheet}", ` : ''}row ${o.row}, column ${column}: ${e.message}` };
  });
}
