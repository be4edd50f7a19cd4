import type { ApiErrorItem } from '@ioc/protocol';

/** Column names a CSV header may use, in English (the API's field names) or Vietnamese. */
const COLUMNS: Readonly<Record<string, 'indicator' | 'unit' | 'period' | 'value' | 'source'>> = {
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
const REQUIRED = ['indicator', 'unit', 'period', 'value', 'source'] as const;
/** Columns for the people who fill a template (names, unit of measure): read and ignored. */
const INFORMATIONAL = new Set(['indicator name', 'ten chi tieu', 'unit name', 'ten don vi', 'unit of measure', 'don vi tinh', 'note', 'ghi chu']);

const foldHeader = (h: string): string =>
  h
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[_\s]+/g, ' ')
    .trim();

/** Splits CSV text into rows of cells (RFC 4180: quotes, doubled quotes, CRLF or LF), with each row's line number. */
export function splitCsv(text: string, delimiter: string): { rows: Array<{ line: number; cells: string[] }>; error: ApiErrorItem | null } {
  const rows: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        if (c === '\n') line++;
        cell += c;
      }
      continue;
    }
    if (c === '"' && cell === '') quoted = true;
    else if (c === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      cells.push(cell);
      if (cells.some((x) => x.trim() !== '')) rows.push({ line: rowLine, cells });
      cells = [];
      cell = '';
      line++;
      rowLine = line;
    } else cell += c;
  }
  if (quoted) return { rows, error: { index: null, field: 'body', message: `line ${rowLine}: a quoted cell is not closed`, row: rowLine } };
  cells.push(cell);
  if (cells.some((x) => x.trim() !== '')) rows.push({ line: rowLine, cells });
  return { rows, error: null };
}

export interface CsvBatch {
  observations: Array<Record<string, unknown>>;
  /** Line of the file each observation came from (index -> line), to name rows in errors. */
  lines: number[];
}

/**
 * Reads an observations CSV: a header naming the columns (`indicator, unit, period, value,
 * source`, or their Vietnamese names), then one observation per row. Comma- or
 * semicolon-separated (Excel in Vietnamese settings writes `;` and decimal commas, which are
 * then read as decimals). Every problem names the row (the file's line) and the column.
 */
export function parseObservationsCsv(raw: string): { ok: true; batch: CsvBatch } | { ok: false; errors: ApiErrorItem[] } {
  const text = raw.replace(/^\uFEFF/, '');
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  const { rows, error } = splitCsv(text, delimiter);
  if (error) return { ok: false, errors: [error] };
  const [header, ...data] = rows;
  if (!header) return { ok: false, errors: [{ index: null, field: 'body', message: 'the file is empty: expected a header row and at least one observation' }] };
  const columnAt = new Map<string, number>();
  const errors: ApiErrorItem[] = [];
  header.cells.forEach((h, i) => {
    const name = COLUMNS[foldHeader(h)];
    if (!name && INFORMATIONAL.has(foldHeader(h))) return;
    if (!name) errors.push({ index: null, field: 'header', message: `row ${header.line}, column ${i + 1}: unknown column "${h}"; expected ${REQUIRED.join(', ')}`, row: header.line, column: h });
    else if (columnAt.has(name)) errors.push({ index: null, field: 'header', message: `row ${header.line}: column ${name} appears twice`, row: header.line, column: h });
    else columnAt.set(name, i);
  });
  const missing = REQUIRED.filter((c) => !columnAt.has(c));
  if (missing.length) errors.push({ index: null, field: 'header', message: `row ${header.line}: missing column(s) ${missing.join(', ')}`, row: header.line });
  if (errors.length) return { ok: false, errors };
  if (data.length === 0) return { ok: false, errors: [{ index: null, field: 'body', message: 'no observations after the header row' }] };

  const observations: Array<Record<string, unknown>> = [];
  const lines: number[] = [];
  data.forEach((r, index) => {
    const get = (c: (typeof REQUIRED)[number]) => (r.cells[columnAt.get(c)!] ?? '').trim();
    if (r.cells.length !== header.cells.length) {
      errors.push({ index, field: 'row', message: `row ${r.line}: ${r.cells.length} cells, the header has ${header.cells.length}`, row: r.line });
      return;
    }
    const rawValue = get('value');
    const numeric = delimiter === ';' ? rawValue.replace(/\s/g, '').replace(',', '.') : rawValue.replace(/\s/g, '');
    const value = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(numeric) ? Number(numeric) : Number.NaN;
    if (!Number.isFinite(value)) {
      errors.push({ index, field: 'value', message: `row ${r.line}, column value: "${rawValue}" is not a number${delimiter === ',' ? ' (use a dot for decimals, e.g. 3.5)' : ''}`, row: r.line, column: 'value' });
      return;
    }
    observations.push({ indicator: get('indicator'), unit: get('unit'), period: get('period'), value, source: get('source') });
    lines.push(r.line);
  });
  if (errors.length) return { ok: false, errors };
  return { ok: true, batch: { observations, lines } };
}

/** Names the CSV row and column of each validation error of a batch made from a CSV file. */
export function errorsToCsvRows(errors: readonly ApiErrorItem[], lines: readonly number[]): ApiErrorItem[] {
  return errors.map((e) => {
    if (e.index === null || lines[e.index] === undefined) return e;
    const row = lines[e.index]!;
    return { ...e, row, column: e.field, message: `row ${row}, column ${e.field}: ${e.message}` };
  });
}

const csvCell = (v: string): string => (/[",;\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * A form for a unit without its own reporting system: one row per indicator and unit for the
 * period, value left empty, with the names in Vietnamese for the person filling it. Uploading
 * it back (as CSV) is an ordinary ingest.
 */
export function observationsTemplate(rows: ReadonlyArray<{ indicator: string; indicatorName: string; unitOfMeasure: string; unit: string; unitName: string; period: string; source: string }>): string {
  const header = ['indicator', 'ten_chi_tieu', 'don_vi_tinh', 'unit', 'ten_don_vi', 'period', 'value', 'source'];
  const lines = rows.map((r) => [r.indicator, r.indicatorName, r.unitOfMeasure, r.unit, r.unitName, r.period, '', r.source].map(csvCell).join(','));
  // A byte-order mark so that spreadsheet programs read the Vietnamese as UTF-8.
  return `\uFEFF${[header.join(','), ...lines].join('\r\n')}\r\n`;
}
