import ExcelJS from 'exceljs';

/** One line of a form: an indicator and a unit for the period, the value left for the unit to fill. */
export interface TemplateRow {
  indicator: string;
  indicatorName: string;
  unitOfMeasure: string;
  unit: string;
  unitName: string;
  period: string;
  source: string;
}

const HEADER = ['indicator', 'ten_chi_tieu', 'don_vi_tinh', 'unit', 'ten_don_vi', 'period', 'value', 'source'] as const;
const csvCell = (v: string): string => (/[",;\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * A form for a unit without its own reporting system: one row per indicator and unit for the
 * period, value left empty, with the names in Vietnamese for the person filling it. Uploading
 * it back (as CSV) is an ordinary ingest.
 */
export function csvTemplate(rows: readonly TemplateRow[]): string {
  const header = HEADER;
  const lines = rows.map((r) => [r.indicator, r.indicatorName, r.unitOfMeasure, r.unit, r.unitName, r.period, '', r.source].map(csvCell).join(','));
  // A byte-order mark so that spreadsheet programs read the Vietnamese as UTF-8.
  return `\uFEFF${[header.join(','), ...lines].join('\r\n')}\r\n`;
}

/**
 * The same form as a workbook: a data sheet (period and codes as text so the spreadsheet does
 * not turn `2026-10` into a date, the value column accepting numbers only) and a sheet of
 * instructions in Vietnamese and English.
 */
export async function xlsxTemplate(rows: readonly TemplateRow[], title: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'IOC';
  const ws = wb.addWorksheet('So lieu - Data', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: 'indicator', key: 'indicator', width: 22, style: { numFmt: '@' } },
    { header: 'ten_chi_tieu', key: 'indicatorName', width: 44 },
    { header: 'don_vi_tinh', key: 'unitOfMeasure', width: 16 },
    { header: 'unit', key: 'unit', width: 8, style: { numFmt: '@' } },
    { header: 'ten_don_vi', key: 'unitName', width: 22 },
    { header: 'period', key: 'period', width: 12, style: { numFmt: '@' } },
    { header: 'value', key: 'value', width: 14 },
    { header: 'source', key: 'source', width: 18, style: { numFmt: '@' } },
  ];
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow({ ...r, value: null });
  for (let line = 2; line <= rows.length + 1; line++) {
    ws.getCell(line, 7).dataValidation = {
      type: 'decimal',
      operator: 'between',
      formulae: [-1e15, 1e15],
      allowBlank: true,
      showErrorMessage: true,
      errorTitle: 'Giá trị không hợp lệ / Invalid value',
      error: 'Nhập một số (dấu thập phân theo cài đặt máy) / Enter a number',
    };
  }
  const help = wb.addWorksheet('Huong dan - Help');
  help.getColumn(1).width = 110;
  [
    title,
    '',
    'Tiếng Việt: điền cột "value" cho từng dòng rồi tải tệp lên (POST /api/v1/observations). Không sửa các cột mã (indicator, unit, period).',
    'Cả tệp được kiểm tra trước khi lưu: nếu có lỗi, không số liệu nào được lưu và mỗi lỗi nêu trang tính, dòng và cột.',
    '',
    'English: fill the "value" column of each row, then upload the file (POST /api/v1/observations). Do not change the code columns (indicator, unit, period).',
    'The whole file is checked before anything is stored: if anything is wrong, nothing is stored and each error names the sheet, row and column.',
  ].forEach((line, i) => {
    help.getCell(i + 1, 1).value = line;
  });
  help.getCell(1, 1).font = { bold: true, size: 14 };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
