import { MAX_BATCH_OBSERVATIONS, type ApiErrorItem } from '@ioc/protocol';
import { at as placed, place, say } from './messages.js';

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
export type FileParse =
  | { ok: true; batch: FileBatch }
  | { ok: false; errors: ApiErrorItem[]; /** The rows that did parse, to check them too. */ partial?: FileBatch; /** 413: the file is past the bounds below, nothing of it was checked. */ status?: 413 };

/** Bounds of a file's tables, checked before any row is read: a form has 5 to 8 columns and short cells. */
export const TABLE_LIMITS = { rows: MAX_BATCH_OBSERVATIONS, columns: 50, cellChars: 1000 } as const;

/** The first bound a file's tables break (413, one error), or null. */
export function tableBounds(tables: readonly Table[]): FileParse | null {
  const refuse = (en: string, vi: string): FileParse => ({ ok: false, status: 413, errors: [{ index: null, field: 'body', ...say(en, vi) }] });
  let rows = 0;
  for (const t of tables) {
    const sheet = t.sheet !== undefined ? { en: `sheet "${t.sheet}": `, vi: `trang tính "${t.sheet}": ` } : { en: '', vi: '' };
    rows += t.rows.length;
    if (rows > TABLE_LIMITS.rows) return refuse(`the file has more than ${TABLE_LIMITS.rows} data rows (one batch holds at most ${MAX_BATCH_OBSERVATIONS}); split it`, `tệp có quá ${TABLE_LIMITS.rows} dòng số liệu (mỗi lần gửi tối đa ${MAX_BATCH_OBSERVATIONS}); hãy chia nhỏ tệp`);
    for (const r of [t.header, ...t.rows]) {
      if (r.cells.length > TABLE_LIMITS.columns) return refuse(`${sheet.en}row ${r.line} has ${r.cells.length} cells, more than ${TABLE_LIMITS.columns}`, `${sheet.vi}dòng ${r.line} có ${r.cells.length} ô, quá ${TABLE_LIMITS.columns} ô`);
      for (const c of r.cells) {
        if (typeof c === 'string' && c.length > TABLE_LIMITS.cellChars) return refuse(`${sheet.en}row ${r.line} has a cell of ${c.length} characters, more than ${TABLE_LIMITS.cellChars}`, `${sheet.vi}dòng ${r.line} có một ô dài ${c.length} ký tự, quá ${TABLE_LIMITS.cellChars} ký tự`);
      }
    }
  }
  return null;
}

export function tableToBatch(table: Table): FileParse {
  const at = (row: number, column?: string) => ({ ...(table.sheet !== undefined && { sheet: table.sheet }), row, ...(column !== undefined && { column }) });
  const where = (row: number, column?: string) => place(row, column, table.sheet);
  const { header } = table;
  const columnAt = new Map<Field, number>();
  const errors: ApiErrorItem[] = [];
  header.cells.forEach((c, i) => {
    const h = text(c);
    const name = COLUMNS[foldHeader(h)];
    if (!name && (h === '' || INFORMATIONAL.has(foldHeader(h)))) return;
    if (!name) {
      const problem = say(`unknown column "${h}" (column ${i + 1}); expected ${REQUIRED.join(', ')}`, `cột "${h}" không rõ (cột thứ ${i + 1}); cần các cột ${REQUIRED.join(', ')}`);
      errors.push({ index: null, field: 'header', ...placed(where(header.line), problem), ...at(header.line, h) });
    } else if (columnAt.has(name)) {
      errors.push({ index: null, field: 'header', ...placed(where(header.line), say(`column ${name} appears twice`, `cột ${name} xuất hiện hai lần`)), ...at(header.line, h) });
    } else columnAt.set(name, i);
  });
  const missing = REQUIRED.filter((c) => !columnAt.has(c));
  if (missing.length) errors.push({ index: null, field: 'header', ...placed(where(header.line), say(`missing column(s) ${missing.join(', ')}`, `thiếu cột ${missing.join(', ')}`)), ...at(header.line) });
  if (errors.length) return { ok: false, errors };
  if (table.rows.length === 0) {
    const sheet = table.sheet !== undefined ? { en: `sheet "${table.sheet}": `, vi: `trang tính "${table.sheet}": ` } : { en: '', vi: '' };
    return { ok: false, errors: [{ index: null, field: 'body', ...say(`${sheet.en}no observations after the header row`, `${sheet.vi}không có số liệu nào sau dòng tiêu đề`) }] };
  }

  const observations: Array<Record<string, unknown>> = [];
  const origins: FileBatch['origins'] = [];
  table.rows.forEach((r, index) => {
    let cells = r.cells;
    if (table.strictWidth && cells.length !== header.cells.length) {
      const split = table.decimalComma ? null : decimalCommaSplit(cells, header.cells.length, columnAt.get('value')!);
      const width = { en: `${cells.length} cells, the header has ${header.cells.length}`, vi: `${cells.length} ô, dòng tiêu đề có ${header.cells.length} ô` };
      if (!split) {
        errors.push({ index, field: 'row', ...placed(where(r.line), say(width.en, width.vi)), ...at(r.line) });
        return;
      }
      // A decimal comma split a number in two: say so, then check the row as it was meant,
      // so that its other problems are reported in the same answer.
      const column = text(header.cells[split.at] ?? null) || `${split.at + 1}`;
      const problem = say(
        `${width.en}: a decimal comma? "${split.written}" (column ${column}) was read as two cells; write ${split.meant}, or quote the value ("${split.written}"), or use ';' as separator`,
        `${width.vi}: dấu phẩy thập phân? "${split.written}" (cột ${column}) bị đọc thành hai ô; hãy viết ${split.meant}, hoặc đặt giá trị trong ngoặc kép ("${split.written}"), hoặc dùng ';' làm dấu phân cách`,
      );
      errors.push({ index, field: 'row', ...placed(where(r.line), problem), ...at(r.line, column) });
      cells = split.cells;
    }
    const cell = (c: Field) => cells[columnAt.get(c)!] ?? null;
    const raw = cell('value');
    const value = toNumber(raw, table.decimalComma ?? false);
    if (!Number.isFinite(value)) {
      const hint =
        text(raw) === ''
          ? say('the value is empty', 'giá trị bị bỏ trống')
          : say(`"${text(raw)}" is not a number${table.decimalComma ? '' : ' (use a dot for decimals, e.g. 3.5)'}`, `"${text(raw)}" không phải là số${table.decimalComma ? '' : ' (dùng dấu chấm cho phần thập phân, ví dụ 3.5)'}`);
      errors.push({ index, field: 'value', ...placed(where(r.line, 'value'), hint), ...at(r.line, 'value') });
      return;
    }
    observations.push({ indicator: text(cell('indicator')), unit: text(cell('unit')), period: text(cell('period')), value, source: text(cell('source')) });
    origins.push({ ...(table.sheet !== undefined && { sheet: table.sheet }), row: r.line });
  });
  if (errors.length) return { ok: false, errors, partial: { observations, origins } };
  return { ok: true, batch: { observations, origins } };
}

/**
 * A row one cell too wide because a decimal comma split a number (`3,2` unquoted in a
 * comma-separated file): the cells as meant, where the split is and how it was written. The
 * value column is tried first (a yearly period `2025` before a `3` is digits too).
 */
function decimalCommaSplit(cells: readonly Cell[], width: number, valueAt: number): { cells: Cell[]; at: number; written: string; meant: string } | null {
  if (cells.length !== width + 1) return null;
  const candidates = [valueAt, ...cells.map((_, i) => i).filter((i) => i !== valueAt)];
  for (const i of candidates) {
    const [whole, fraction] = [text(cells[i] ?? null), text(cells[i + 1] ?? null)];
    if (!/^[+-]?\d+$/.test(whole) || !/^\d+$/.test(fraction)) continue;
    const meant = `${whole}.${fraction}`;
    return { cells: [...cells.slice(0, i), meant, ...cells.slice(i + 2)], at: i, written: `${whole},${fraction}`, meant };
  }
  return null;
}

function toNumber(c: Cell, decimalComma: boolean): number {
  if (typeof c === 'number') return c;
  const s = text(c).replace(/\s/g, '');
  const normal = decimalComma ? s.replace(',', '.') : s;
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(normal) ? Number(normal) : Number.NaN;
}

/** Names the sheet, row and column of each validation error of a batch made from a file. */
export function errorsToFileRows<T extends { index: number | null; field: string; message: string; text?: ApiErrorItem['text'] }>(errors: readonly T[], origins: FileBatch['origins']): T[] {
  return errors.map((e) => {
    const o = e.index === null ? undefined : origins[e.index];
    if (!o) return e;
    const column = e.field.split('.')[0] ?? e.field;
    return { ...e, ...o, column, ...placed(place(o.row, column, o.sheet), e) };
  });
}
