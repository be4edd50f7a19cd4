import { describe, expect, it } from 'vitest';
import { parseObservationsCsv, splitCsv } from './csv.js';
import { errorsToFileRows } from './table.js';

describe('CSV upload parsing', () => {
  it('reads quoted cells, doubled quotes, CRLF and a byte-order mark', () => {
    expect(splitCsv('a,"b, c","say ""hi"""\r\n1,2,3\n', ',').rows).toEqual([
      { line: 1, cells: ['a', 'b, c', 'say "hi"'] },
      { line: 2, cells: ['1', '2', '3'] },
    ]);
    const r = parseObservationsCsv('\uFEFFindicator,unit,period,value,source\r\ncpi_yoy,VN,2025-07,3.25,GSO\r\n');
    expect(r).toEqual({ ok: true, batch: { observations: [{ indicator: 'cpi_yoy', unit: 'VN', period: '2025-07', value: 3.25, source: 'GSO' }], origins: [{ row: 2 }] } });
  });

  it('takes Vietnamese column names, semicolons and decimal commas (Excel in Vietnamese settings)', () => {
    const r = parseObservationsCsv('Chỉ tiêu;Đơn vị;Kỳ;Giá trị;Nguồn;Tên đơn vị\ncpi_yoy;01;2025-07;3,5;GSO;Hà Nội\n');
    expect(r).toMatchObject({ ok: true, batch: { observations: [{ indicator: 'cpi_yoy', unit: '01', value: 3.5 }] } });
  });

  it('names the row and column of every problem', () => {
    const r = parseObservationsCsv('indicator,unit,period,value,source\ncpi_yoy,VN,2025-07,abc,GSO\ncpi_yoy,VN,2025-08,3.1\n');
    expect(r).toMatchObject({ ok: false, partial: { observations: [] } });
    expect(!r.ok && r.errors).toEqual([
      {
        index: 0,
        field: 'value',
        row: 2,
        column: 'value',
        message: 'row 2, column value: "abc" is not a number (use a dot for decimals, e.g. 3.5)',
        text: { en: 'row 2, column value: "abc" is not a number (use a dot for decimals, e.g. 3.5)', vi: 'dòng 2, cột value: "abc" không phải là số (dùng dấu chấm cho phần thập phân, ví dụ 3.5)' },
      },
      { index: 1, field: 'row', row: 3, message: 'row 3: 4 cells, the header has 5', text: { en: 'row 3: 4 cells, the header has 5', vi: 'dòng 3: 4 ô, dòng tiêu đề có 5 ô' } },
    ]);
    expect(parseObservationsCsv('indicator,unit,periode,value\n')).toMatchObject({
      ok: false,
      errors: [
        { field: 'header', row: 1, column: 'periode', message: 'row 1: unknown column "periode" (column 3); expected indicator, unit, period, value, source' },
        { field: 'header', message: 'row 1: missing column(s) period, source' },
      ],
    });
    expect(parseObservationsCsv('')).toMatchObject({ ok: false, errors: [{ field: 'body' }] });
    expect(parseObservationsCsv('indicator,unit,period,value,source\n"cpi_yoy,VN')).toMatchObject({ ok: false, errors: [{ field: 'body', row: 2, message: 'line 2: a quoted cell is not closed' }] });
  });

  it('maps a batch error back to its row, in both languages', () => {
    expect(errorsToFileRows([{ index: 1, field: 'unit', message: 'unknown unit "XX"', text: { en: 'unknown unit "XX"', vi: 'đơn vị "XX" không rõ' } }], [{ row: 2 }, { row: 5 }])).toEqual([
      { index: 1, field: 'unit', row: 5, column: 'unit', message: 'row 5, column unit: unknown unit "XX"', text: { en: 'row 5, column unit: unknown unit "XX"', vi: 'dòng 5, cột unit: đơn vị "XX" không rõ' } },
    ]);
  });

  it('says a row is one cell too wide because of a decimal comma, how to fix it, and checks the rest of the row', () => {
    const header = 'indicator,unit,period,value,source,unit name,note,indicator name';
    const r = parseObservationsCsv(`${header}\ncpi_yoy,VN,2025-07,3.1,GSO,Cả nước,,CPI\ncpi_yoy,VN,2025-08,3.1,GSO,Cả nước,,CPI\ncpi_yoy,VN,2025-09,3,2,GSO,Cả nước,,CPI\n`);
    expect(r).toMatchObject({ ok: false });
    if (r.ok) return;
    expect(r.errors).toEqual([
      {
        index: 2,
        field: 'row',
        row: 4,
        column: 'value',
        message: 'row 4: 9 cells, the header has 8: a decimal comma? "3,2" (column value) was read as two cells; write 3.2, or quote the value ("3,2"), or use \';\' as separator',
        text: {
          en: 'row 4: 9 cells, the header has 8: a decimal comma? "3,2" (column value) was read as two cells; write 3.2, or quote the value ("3,2"), or use \';\' as separator',
          vi: 'dòng 4: 9 ô, dòng tiêu đề có 8 ô: dấu phẩy thập phân? "3,2" (cột value) bị đọc thành hai ô; hãy viết 3.2, hoặc đặt giá trị trong ngoặc kép ("3,2"), hoặc dùng \';\' làm dấu phân cách',
        },
      },
    ]);
    // The row as meant is checked further (the ingest route validates these against the catalog).
    expect(r.partial?.observations[2]).toEqual({ indicator: 'cpi_yoy', unit: 'VN', period: '2025-09', value: 3.2, source: 'GSO' });
    expect(r.partial?.origins[2]).toEqual({ row: 4 });
    // A yearly period is digits too: the value column is the one that was split.
    const yearly = parseObservationsCsv('indicator,unit,period,value,source\npoverty_rate,VN,2025,1,3,GSO\n');
    expect(!yearly.ok && yearly.errors[0]?.message).toContain('"1,3" (column value)');
    expect(!yearly.ok && yearly.partial?.observations[0]).toMatchObject({ period: '2025', value: 1.3 });
  });
});
