import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, startTestServer, type TestServer } from '../testing/harness.js';
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
    expect(r).toEqual({ status: 200, body: { accepted: 2 } });
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

  it('gives a unit without its own system a form to fill, which uploads back once filled', async () => {
    const res = await fetch(`${t.url}/api/v1/templates/observations.csv?indicators=retail_sales&period=2026-09`);
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
    expect(await upload(filled)).toEqual({ status: 200, body: { accepted: 34 } });
    expect((await fetch(`${t.url}/api/v1/templates/observations.csv?indicators=nothing&period=2026-09`)).status).toBe(404);
    expect((await fetch(`${t.url}/api/v1/templates/observations.csv?indicators=grdp&period=soon`)).status).toBe(400);
  });
});
