import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type RunningServer } from '../server.js';
import { testDatabase } from '../testing/harness.js';

// A province's statistics office without a reporting system of its own: its clerk signs in with
// a user bound to the unit and submits with that session, for that unit and no other. Real
// server, real store.
describe("units' own user accounts submit for their unit only", () => {
  let dir: string;
  let srv: RunningServer;
  let clerk: string;
  let unbound: string;
  let admin: string;

  const count = async (table: string) => (await srv.store.sql.get<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))!.n;
  const rows = (units: string[], month = 1) => units.map((unit, i) => ({ indicator: 'cpi_yoy', unit, period: `2024-${String(month + i).padStart(2, '0')}`, value: 3 + i / 10, source: 'GSO' }));
  const submit = (token: string, units: string[], month = 1) =>
    fetch(`${srv.url}/api/v1/observations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ observations: rows(units, month) }),
    });
  const api = (token: string, method: string, path: string, body?: unknown) =>
    fetch(`${srv.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) }, ...(body !== undefined && { body: JSON.stringify(body) }) });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ioc-unit-users-'));
    srv = await createServer({ port: 0, host: '127.0.0.1', dataDir: dir, demo: false, logger: pino({ level: 'silent' }), watchLayouts: false, wallDist: join(dir, 'none'), consoleDist: join(dir, 'none'), ...(await testDatabase(dir)) });
    const password = 'unit-clerk-Passw0rd';
    const root = await srv.users.create({ username: 'root', role: 'admin', password });
    admin = (await srv.sessions.create(root.id)).token;
    const viewer = await srv.users.create({ username: 'watcher', role: 'viewer', password });
    unbound = (await srv.sessions.create(viewer.id)).token;
    // An admin binds the clerk to Hà Nội (01) through the users API, as the console does.
    const created = await api(admin, 'POST', '/api/v1/users', { username: 'hanoi.clerk', role: 'viewer', password, unit: '01' });
    expect(created.status).toBe(201);
    clerk = (await srv.sessions.create((await srv.users.find('hanoi.clerk'))!.id)).token;
  });
  afterAll(async () => {
    await srv.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes the unit\'s own observations from its user\'s session: stored, the user named as submitter', async () => {
    const res = await submit(clerk, ['01', '01']);
    expect(res.status).toBe(200);
    expect(await srv.store.sql.get("SELECT count(*) AS n FROM observations WHERE unit = '01' AND api_key_id IS NULL")).toEqual({ n: 2 });
    expect(await srv.store.sql.get('SELECT submitter, api_key_id FROM submissions ORDER BY id DESC LIMIT 1')).toEqual({ submitter: 'user:hanoi.clerk', api_key_id: null });
    expect((await srv.audit.recent(1, 'ingest.batch'))[0]).toMatchObject({ actor: 'user:hanoi.clerk', ok: true, detail: { status: 200, accepted: 2 } });
    const revisions = await (await api(admin, 'GET', '/api/v1/revisions?indicator=cpi_yoy&unit=01&period=2024-01')).json();
    expect(revisions.revisions).toEqual([expect.objectContaining({ value: 3, submission: expect.objectContaining({ submitter: 'user:hanoi.clerk', format: 'json' }) })]);
  });

  it('names the user as submitter of a value flagged for review', async () => {
    const history = Array.from({ length: 12 }, (_, i) => ({ indicator: 'retail_sales', unit: '01', period: `2022-${String(i + 1).padStart(2, '0')}`, value: 20 + (i % 3), source: 'Sở Công Thương' }));
    const send = (observations: unknown[]) => fetch(`${srv.url}/api/v1/observations`, { method: 'POST', headers: { authorization: `Bearer ${clerk}`, 'content-type': 'application/json' }, body: JSON.stringify({ observations }) });
    expect((await send(history)).status).toBe(200);
    const odd = await send([{ indicator: 'retail_sales', unit: '01', period: '2023-01', value: 2150, source: 'Sở Công Thương' }]);
    expect((await odd.json()).flagged).toHaveLength(1);
    const review = await (await api(admin, 'GET', '/api/v1/review?indicator=retail_sales')).json();
    expect(review.values).toEqual([expect.objectContaining({ unit: '01', period: '2023-01', value: 2150, submitter: 'user:hanoi.clerk' })]);
  });

  it('takes a CSV file from the same session', async () => {
    const res = await fetch(`${srv.url}/api/v1/observations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${clerk}`, 'content-type': 'text/csv' },
      body: 'indicator,unit,period,value,source\ncpi_yoy,01,2024-05,3.5,GSO\n',
    });
    expect(res.status).toBe(200);
    expect(await srv.store.sql.get('SELECT submitter, format FROM submissions ORDER BY id DESC LIMIT 1')).toEqual({ submitter: 'user:hanoi.clerk', format: 'csv' });
  });

  it('takes the XLSX form it fills for its unit, and refuses one with a row of another unit (naming the row)', async () => {
    const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const filled = async (units: string) => {
      const form = await fetch(`${srv.url}/api/v1/templates/observations.xlsx?indicators=retail_sales&period=2024-06&units=${units}`, { headers: { authorization: `Bearer ${clerk}` } });
      expect(form.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await form.arrayBuffer()) as ExcelJS.Buffer);
      const ws = wb.getWorksheet('So lieu - Data')!;
      units.split(',').forEach((_, i) => (ws.getCell(`G${i + 2}`).value = 21 + i));
      return fetch(`${srv.url}/api/v1/observations`, { method: 'POST', headers: { authorization: `Bearer ${clerk}`, 'content-type': XLSX }, body: Buffer.from(await wb.xlsx.writeBuffer()) });
    };
    const submissions = await count('submissions');
    const mixed = await filled('01,79');
    expect(mixed.status).toBe(403);
    expect((await mixed.json()).errors).toEqual([expect.objectContaining({ field: 'unit', sheet: 'So lieu - Data', row: 3 })]);
    expect(await count('submissions')).toBe(submissions);
    expect((await filled('01')).status).toBe(200);
    expect(await srv.store.sql.get('SELECT submitter, format FROM submissions ORDER BY id DESC LIMIT 1')).toEqual({ submitter: 'user:hanoi.clerk', format: 'xlsx' });
  });

  it('refuses a batch with a row of another unit: 403 naming both units in both languages, audited, nothing stored', async () => {
    const [observations, submissions] = [await count('observations'), await count('submissions')];
    const res = await submit(clerk, ['01', '79'], 7);
    expect(res.status).toBe(403);
    expect((await res.json()).errors).toEqual([
      {
        index: 1,
        field: 'unit',
        message: 'user "hanoi.clerk" reports for unit "01" only, not for unit "79"',
        text: { en: 'user "hanoi.clerk" reports for unit "01" only, not for unit "79"', vi: 'Người dùng "hanoi.clerk" chỉ được gửi số liệu của đơn vị "01", không phải của đơn vị "79"' },
      },
    ]);
    expect([await count('observations'), await count('submissions')]).toEqual([observations, submissions]);
    expect((await srv.audit.recent(1, 'ingest.batch'))[0]).toMatchObject({ actor: 'user:hanoi.clerk', ok: false, detail: { status: 403 } });
  });

  it('refuses the session of a user bound to no unit, saying why, audited', async () => {
    const observations = await count('observations');
    const res = await submit(unbound, ['01']);
    expect(res.status).toBe(403);
    const [error] = (await res.json()).errors;
    expect(error.message).toContain('user "watcher" is bound to no unit');
    expect(error.message).toContain('người dùng "watcher" chưa gắn với đơn vị nào');
    expect(await count('observations')).toBe(observations);
    expect((await srv.audit.recent(1, 'access.forbidden'))[0]).toMatchObject({ actor: 'user:watcher', target: 'POST /api/v1/observations', ok: false });
    // An admin's session is no exception: people at the console submit nothing.
    expect((await submit(admin, ['01'])).status).toBe(403);
  });

  it('keeps the map feed for keys: a unit user is refused there', async () => {
    const res = await api(clerk, 'POST', '/api/v1/map-feed', { items: [] });
    expect(res.status).toBe(403);
  });

  it('lets an admin set, show and clear a user\'s unit; an unknown unit is a 422 in both languages, audited', async () => {
    const list = await (await api(admin, 'GET', '/api/v1/users')).json();
    expect(list.users.find((u: { username: string }) => u.username === 'hanoi.clerk')).toMatchObject({ unit: '01' });
    const unknown = await api(admin, 'PATCH', '/api/v1/users/watcher', { unit: 'XX9' });
    expect(unknown.status).toBe(422);
    expect((await unknown.json()).errors[0]).toMatchObject({ field: 'unit', message: expect.stringMatching(/^Đơn vị báo cáo "XX9" không có trong danh mục \/ unknown reporting unit "XX9"/) });
    expect((await srv.audit.recent(1, 'user.update'))[0]).toMatchObject({ target: 'watcher', ok: false });
    const bound = await api(admin, 'PATCH', '/api/v1/users/watcher', { unit: '79' });
    expect((await bound.json()).user).toMatchObject({ username: 'watcher', unit: '79' });
    expect((await srv.audit.recent(1, 'user.update'))[0]).toMatchObject({ ok: true, detail: { before: { unit: null }, after: { unit: '79' } } });
    expect((await submit(unbound, ['79'], 9)).status).toBe(200);
    const cleared = await api(admin, 'PATCH', '/api/v1/users/watcher', { unit: null });
    expect((await cleared.json()).user).toMatchObject({ unit: null });
    expect((await submit(unbound, ['79'], 10)).status).toBe(403);
  });
});
