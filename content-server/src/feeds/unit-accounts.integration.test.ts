import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type RunningServer } from '../server.js';
import { testDatabase } from '../testing/harness.js';

// A province's statistics office has its own ingest key, bound to its unit: it reports for that
// unit and no other. Real server, real store.
describe("units' own accounts for reporting", () => {
  let dir: string;
  let srv: RunningServer;
  let hanoi: string;
  let anyUnit: string;

  const submit = (key: string, units: string[]) =>
    fetch(`${srv.url}/api/v1/observations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ observations: units.map((unit, i) => ({ indicator: 'cpi_yoy', unit, period: `2024-0${i + 1}`, value: 3 + i / 10, source: 'GSO' })) }),
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ioc-unit-keys-'));
    srv = await createServer({ port: 0, host: '127.0.0.1', dataDir: dir, demo: false, logger: pino({ level: 'silent' }), watchLayouts: false, wallDist: join(dir, 'none'), consoleDist: join(dir, 'none'), ...(await testDatabase(dir)) });
    hanoi = (await srv.keys.create('hanoi-stats', 'ingest', { unit: '01' })).key;
    anyUnit = (await srv.keys.create('customs', 'ingest')).key;
  });
  afterAll(async () => {
    await srv.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("takes a unit's own observations", async () => {
    const res = await submit(hanoi, ['01', '01']);
    expect(res.status).toBe(200);
    expect(await srv.store.sql.get("SELECT count(*) AS n FROM observations WHERE unit = '01'")).toEqual({ n: 2 });
  });

  it('refuses the whole batch when a row names another unit: 403 naming both units, audited, nothing stored', async () => {
    const before = await srv.store.sql.get('SELECT count(*) AS n FROM observations');
    const res = await submit(hanoi, ['01', '79']);
    expect(res.status).toBe(403);
    const { errors } = await res.json();
    expect(errors).toEqual([
      { index: 1, field: 'unit', message: 'key "hanoi-stats" reports for unit "01" only, not for unit "79"', text: { vi: 'Khóa "hanoi-stats" chỉ được gửi số liệu của đơn vị "01", không phải của đơn vị "79"', en: 'key "hanoi-stats" reports for unit "01" only, not for unit "79"' } },
    ]);
    expect(await srv.store.sql.get('SELECT count(*) AS n FROM observations')).toEqual(before);
    expect((await srv.audit.recent(1, 'ingest.batch'))[0]).toMatchObject({ actor: 'key:hanoi-stats', ok: false, detail: { status: 403 } });
  });

  it('leaves keys bound to no unit as they were', async () => {
    expect((await submit(anyUnit, ['01', '79', 'VN'])).status).toBe(200);
  });
});
