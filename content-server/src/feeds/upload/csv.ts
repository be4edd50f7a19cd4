import type { ApiErrorItem } from '@ioc/protocol';
import { say } from './messages.js';
import { tableBounds, tableToBatch, type FileParse } from './table.js';

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
  if (quoted) return { rows, error: { index: null, field: 'body', ...say(`line ${rowLine}: a quoted cell is not closed`, `dòng ${rowLine}: một ô mở ngoặc kép mà không đóng`), row: rowLine } };
  cells.push(cell);
  if (cells.some((x) => x.trim() !== '')) rows.push({ line: rowLine, cells });
  return { rows, error: null };
}

/**
 * Reads an observations CSV: a header naming the columns (`indicator, unit, period, value,
 * source`, or their Vietnamese names), then one observation per row. Comma- or
 * semicolon-separated (Excel in Vietnamese settings writes `;` and decimal commas, which are
 * then read as decimals). Every problem names the row (the file's line) and the column.
 */
export function parseObservationsCsv(raw: string): FileParse {
  const text = raw.replace(/^\uFEFF/, '');
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  const { rows, error } = splitCsv(text, delimiter);
  if (error) return { ok: false, errors: [error] };
  const [header, ...data] = rows;
  if (!header) return { ok: false, errors: [{ index: null, field: 'body', ...say('the file is empty: expected a header row and at least one observation', 'tệp trống: cần một dòng tiêu đề và ít nhất một số liệu') }] };
  const tooLarge = tableBounds([{ header, rows: data }]);
  if (tooLarge) return tooLarge;
  return tableToBatch({ header, rows: data, decimalComma: delimiter === ';', strictWidth: true });
}
