import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { getJson, startTestServer, type TestServer } from '../../testing/harness.js';
import { parseObservationsCsv } from './csv.js';

describe('CSV upload and templates', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });
  const upload = async (csv: string, type = 'text/csv') => {
    const res = await fetch(`${t.url}/api/v1/observations`, { method: 'POST', headers: { 'content-type': type, authorization: `Bearer ${t.keys.ingest}` }, body: csv });
    return { status: res.status, body: await res.json() };
  };

  it('stores a CSV file like a JSON batch', async () => {
    const r = await upload('indicator,unit,period,value,source\r\ncpi_yoy,VN,2025-07,3.19,GSO\r\ncpi_yoy,VN,2025-08,3.24,GSO\r\n');
    expect(r).toEqual({ status: 200, body: expect.objectContaining({ accepted: 2 }) });
    expect((await getJson(`${t.url}/api/v1/series?indicator=cpi_yoy&unit=VN&from=2025-07&to=2025-08`)).body.points.map((p: { value: number }) => p.value)).toEqual([3.19, 3.24]);
  });

  it('checks the whole file before storing anything, naming row and column', async () => {
    const r = await upload('indicator,unit,period,value,source\ncpi_yoy,VN,2025-09,3.3,GSO\ncpi_yoy,XX,2025-10,3.4,GSO\nnope,VN,2025-10,1,GSO\n');
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([
      expect.objectContaining({ row: 3, column: 'unit', message: expect.stringMatching(/^row 3, column unit: /) }),
      expect.objectContaining({ row: 4, column: 'indicator', message: expect.stringMatching(/^row 4, column indicator: /) }),
    ]);
    // Row 2 was fine, and it is not stored either: a file is stored whole or not at all.
    expect((await getJson(`${t.url}/api/v1/series?indicator=cpi_yoy&unit=VN&from=2025-09&to=2025-09`)).body.points).toEqual([]);
    expect((await upload('indicator,unit\n')).status).toBe(422);
    expect((await upload('')).status).toBe(400);
    expect((await upload('a', 'text/plain')).status).toBe(415);
  });

  it('names a decimal comma in a comma-separated file and how to fix it, with the other problems of the same row, in Vietnamese and English', async () => {
    const header = 'indicator,ten_chi_tieu,don_vi_tinh,unit,ten_don_vi,period,value,source';
    const r = await upload(`${header}\ncpi_yoy,CPI,%,VN,Cả nước,2025-07,3.1,GSO\ncpi_yoy,CPI,%,VN,Cả nước,2025-08,3.1,GSO\ncpi_yoy,CPI,%,XX,Không rõ,2025-09,3,2,GSO\n`);
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([
      expect.objectContaining({
        row: 4,
        column: 'value',
        message: 'row 4: 9 cells, the header has 8: a decimal comma? "3,2" (column value) was read as two cells; write 3.2, or quote the value ("3,2"), or use \';\' as separator',
        text: expect.objectContaining({ vi: 'dòng 4: 9 ô, dòng tiêu đề có 8 ô: dấu phẩy thập phân? "3,2" (cột value) bị đọc thành hai ô; hãy viết 3.2, hoặc đặt giá trị trong ngoặc kép ("3,2"), hoặc dùng \';\' làm dấu phân cách' }),
      }),
      expect.objectContaining({
        row: 4,
        column: 'unit',
        message: expect.stringMatching(/^row 4, column unit: unknown reporting unit "XX"/),
        text: expect.objectContaining({ vi: expect.stringMatching(/^dòng 4, cột unit: đơn vị báo cáo "XX" không rõ/) }),
      }),
    ]);
  });

  it('gives a unit without its own system a form to fill, which uploads back once filled', async () => {
    const res = await fetch(`${t.url}/api/v1/templates/observations.csv?indicators=retail_sales&period=2026-09`, { headers: { authorization: `Bearer ${t.keys.ingest}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="observations-2026-09.csv"');
    const form = await res.text();
    const lines = form.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('indicator,ten_chi_tieu,don_vi_tinh,unit,ten_don_vi,period,value,source');
    expect(lines).toHaveLength(1 + 34);
    expect(lines).toContain('retail_sales,Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ,nghìn tỷ đồng,01,Hà Nội,2026-09,,GSO');
    // Filled in (every value 100 + row), it is an ordinary upload.
    const filled = [lines[0], ...lines.slice(1).map((l, i) => l.replace(',2026-09,,', `,2026-09,${100 + i},`))].join('\r\n');
    expect(parseObservationsCsv(filled).ok).toBe(true);
    expect(await upload(filled)).toEqual({ status: 200, body: expect.objectContaining({ accepted: 34 }) });
    expect((await fetch(`${t.url}/api/v1/templates/observations.csv?indicators=nothing&period=2026-09`, { headers: { authorization: `Bearer ${t.keys.ingest}` } })).status).toBe(404);
    expect((await fetch(`${t.url}/api/v1/templates/observations.csv?indicators=grdp&period=soon`, { headers: { authorization: `Bearer ${t.keys.ingest}` } })).status).toBe(400);
  });
});

describe('XLSX upload and templates', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });
  const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const upload = async (bytes: Buffer, name = 'bao-cao.xlsx') => {
    const res = await fetch(`${t.url}/api/v1/observations`, {
      method: 'POST',
      headers: { 'content-type': XLSX, 'content-disposition': `attachment; filename="${name}"`, authorization: `Bearer ${t.keys.ingest}` },
      body: bytes,
    });
    return { status: res.status, body: await res.json() };
  };
  const form = async () => {
    const res = await fetch(`${t.url}/api/v1/templates/observations.xlsx?indicators=retail_sales&period=2026-09&units=01,79`, { headers: { authorization: `Bearer ${t.keys.ingest}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="observations-2026-09.xlsx"');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as ExcelJS.Buffer);
    return wb;
  };

  it('gives a workbook form with instructions in both languages, which uploads back once filled', async () => {
    const wb = await form();
    expect(wb.worksheets.map((w) => w.name)).toEqual(['So lieu - Data', 'Huong dan - Help']);
    const ws = wb.getWorksheet('So lieu - Data')!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['indicator', 'ten_chi_tieu', 'don_vi_tinh', 'unit', 'ten_don_vi', 'period', 'value', 'source']);
    expect((ws.getRow(2).values as unknown[]).slice(1, 7)).toEqual(['retail_sales', 'Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ', 'nghìn tỷ đồng', '01', 'Hà Nội', '2026-09']);
    expect(String(wb.getWorksheet('Huong dan - Help')!.getCell('A3').value)).toMatch(/^Tiếng Việt: điền cột "value"/);
    ws.getCell('G2').value = 61.5;
    ws.getCell('G3').value = { formula: '50+12.25', result: 62.25 };
    const r = await upload(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(r).toEqual({ status: 200, body: expect.objectContaining({ accepted: 2 }) });
    const s = await getJson(`${t.url}/api/v1/series?indicator=retail_sales&unit=79&from=2026-09&to=2026-09`);
    expect(s.body.points.map((p: { value: number }) => p.value)).toEqual([62.25]);
    // The value remembers the file it came from.
    const rev = await getJson(`${t.url}/api/v1/revisions?indicator=retail_sales&unit=01&period=2026-09`);
    expect(rev.body.revisions[0].submission).toMatchObject({ format: 'xlsx', fileName: 'bao-cao.xlsx', fileHash: r.body.submission.fileHash, signedBy: null });
  });

  it('checks the whole workbook first; errors name the sheet, the row and the column', async () => {
    const wb = await form();
    const ws = wb.getWorksheet('So lieu - Data')!;
    ws.getCell('G2').value = 'nhiều';
    ws.getCell('D3').value = 'XX';
    ws.getCell('G3').value = 5;
    const r = await upload(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(r.status).toBe(422);
    // Both problems at once: the cell that is not a number, and the unknown unit of a row that did parse.
    expect(r.body.errors).toEqual([
      expect.objectContaining({ sheet: 'So lieu - Data', row: 2, column: 'value', message: 'sheet "So lieu - Data", row 2, column value: "nhiều" is not a number (use a dot for decimals, e.g. 3.5)' }),
      expect.objectContaining({ sheet: 'So lieu - Data', row: 3, column: 'unit', message: expect.stringMatching(/^sheet "So lieu - Data", row 3, column unit: unknown reporting unit "XX"/) }),
    ]);
    // With the value fixed, the unit of row 3 still stops the whole file: nothing was stored.
    ws.getCell('G2').value = 70;
    const again = await upload(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(again.status).toBe(422);
    expect(again.body.errors).toEqual([expect.objectContaining({ sheet: 'So lieu - Data', row: 3, column: 'unit', message: expect.stringMatching(/^sheet "So lieu - Data", row 3, column unit: unknown reporting unit "XX"/) })]);
    const s = await getJson(`${t.url}/api/v1/series?indicator=retail_sales&unit=01&from=2026-09&to=2026-09`);
    expect(s.body.points.map((p: { value: number }) => p.value)).toEqual([61.5]);
    expect((await upload(Buffer.from('not a workbook'))).body.errors[0]).toMatchObject({ field: 'body', message: expect.stringMatching(/^not a readable XLSX workbook/) });
  });
});
