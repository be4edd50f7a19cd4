import type { ApiErrorItem } from '@ioc/protocol';
import ExcelJS from 'exceljs';
import { say } from './messages.js';
import { checkXlsxZip } from './zip-guard.js';
import { TABLE_LIMITS, isHeaderRow, tableBounds, tableToBatch, type Cell, type FileBatch, type FileParse, type Table } from './table.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** The header row is looked for in the first rows of each sheet (a form may have a title above it). */
const HEADER_SEARCH_ROWS = 10;

/** A spreadsheet cell as the table reader wants it: formulas by their result, dates as ISO days, rich text as text. */
function cellOf(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('result' in v) return cellOf((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String((v as ExcelJS.CellHyperlinkValue).text);
    if ('error' in v) return String(v.error);
  }
  return String(v);
}

function rowCells(row: ExcelJS.Row, width: number): Cell[] {
  const cells: Cell[] = [];
  for (let c = 1; c <= width; c++) cells.push(cellOf(row.getCell(c).value));
  return cells;
}

/**
 * Reads an observations workbook: every sheet whose header row (within its first rows) names
 * the columns `indicator, unit, period, value, source` (or their Vietnamese names) is a table
 * of observations; other sheets (instructions) are skipped. Every problem names the sheet, the
 * row and the column.
 */
export async function parseObservationsXlsx(bytes: Buffer): Promise<FileParse> {
  // The zip's directory and its inflated bytes first: ExcelJS would inflate a bomb whole.
  const zip = await checkXlsxZip(bytes);
  if (!zip.ok) return { ok: false, errors: [zip.error], ...(zip.status === 413 && { status: 413 as const }) };
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch (err) {
    return { ok: false, errors: [{ index: null, field: 'body', ...say(`not a readable XLSX workbook: ${(err as Error).message}`, `không đọc được tệp XLSX: ${(err as Error).message}`) }] };
  }
  const tables: Table[] = [];
  for (const ws of wb.worksheets) {
    let header: Table['header'] | null = null;
    const rows: Table['rows'] = [];
    ws.eachRow({ includeEmpty: false }, (row, line) => {
      if (!header) {
        if (line > HEADER_SEARCH_ROWS) return;
        // A cell far to the right (XFD1) must not make every row 16,384 cells wide.
        const cells = rowCells(row, Math.min(Math.max(ws.columnCount, row.cellCount), TABLE_LIMITS.columns + 1));
        if (isHeaderRow(cells)) {
          while (cells.length > 0 && (cells[cells.length - 1] === null || cells[cells.length - 1] === '')) cells.pop();
          header = { line, cells };
        }
        return;
      }
      const cells = rowCells(row, (header as Table['header']).cells.length);
      if (cells.some((c) => c !== null && String(c).trim() !== '')) rows.push({ line, cells });
    });
    if (header) tables.push({ sheet: ws.name, header, rows });
  }
  const tooLarge = tableBounds(tables);
  if (tooLarge) return tooLarge;
  if (tables.length === 0) {
    const names = wb.worksheets.map((w) => `"${w.name}"`).join(', ') || 'none';
    return { ok: false, errors: [{ index: null, field: 'body', ...say(`no sheet has a header row with the columns indicator, unit, period, value, source (sheets: ${names})`, `không trang tính nào có dòng tiêu đề với các cột indicator, unit, period, value, source (các trang: ${names})`) }] };
  }
  const batch: FileBatch = { observations: [], origins: [] };
  const errors: ApiErrorItem[] = [];
  for (const t of tables) {
    if (t.rows.length === 0) continue;
    const r = tableToBatch(t);
    // Item indexes are per sheet here; the sheet and row name the place.
    if (!r.ok) errors.push(...r.errors.map((e) => ({ ...e, index: null })));
    const rows = r.ok ? r.batch : r.partial;
    if (rows) {
      batch.observations.push(...rows.observations);
      batch.origins.push(...rows.origins);
    }
  }
  if (errors.length) return { ok: false, errors, partial: batch };
  if (batch.observations.length === 0) return { ok: false, errors: [{ index: null, field: 'body', ...say(`no observations in sheet(s) ${tables.map((t) => `"${t.sheet}"`).join(', ')}: every row below the header is empty`, `không có số liệu trong trang tính ${tables.map((t) => `"${t.sheet}"`).join(', ')}: mọi dòng dưới tiêu đề đều trống`) }] };
  return { ok: true, batch };
}
