// Units' own accounts: a user bound to a reporting unit submits observations with their session,
// for that unit only. Each case runs against the built server (`npx tsc -b` first) and checks that
// it is alive afterwards, answered 4xx, stored nothing and audited as intended.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTACK_PASSWORD, startTarget, type Target } from './target.js';

let target: Target;
/** The session of `hanoi.clerk`, a viewer bound to Hà Nội (01) by an admin through the users API. */
let clerk: string;

beforeAll(async () => {
  target = await startTarget();
  const created = await call('POST', '/api/v1/users', target.sessions.admin, { json: { username: 'hanoi.clerk', role: 'viewer', password: ATTACK_PASSWORD, unit: '01' } });
  if (created.status !== 201) throw new Error(`creating the unit user failed: ${created.status} ${JSON.stringify(created.body)}`);
  const login = await call('POST', '/api/v1/auth/login', null, { json: { username: 'hanoi.clerk', password: ATTACK_PASSWORD } });
  clerk = login.body.token;
}, 240_000);
afterAll(async () => {
  await target?.close();
});

async function call(method: string, path: string, token: string | null, body?: { json?: unknown; csv?: string }): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { ...(token && { authorization: `Bearer ${token}` }) };
  if (body?.json !== undefined) headers['content-type'] = 'application/json';
  if (body?.csv !== undefined) headers['content-type'] = 'text/csv';
  const res = await fetch(`${target.url}${path}`, { method, headers, ...(body && { body: body.csv ?? JSON.stringify(body.json) }) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const batch = (units: string[]) => ({ observations: units.map((unit, i) => ({ indicator: 'cpi_yoy', unit, period: `2019-${String(i + 1).padStart(2, '0')}`, value: 2 + i / 10, source: 'GSO' })) });

/** Runs `attack`, then checks: alive, no observation or submission stored, the audit rows it wrote. */
async function refusedAndNothingStored(attack: () => Promise<{ status: number; body: any }>): Promise<{ status: number; body: any; audit: ReturnType<Target['auditSince']> }> {
  const before = { observations: target.count('observations'), submissions: target.count('submissions'), mapFeed: target.count('map_feed_items') };
  const since = target.lastAuditId();
  const answer = await attack();
  expect(answer.status).toBeGreaterThanOrEqual(400);
  expect(answer.status).toBeLessThan(500);
  expect(await target.alive()).toBe(true);
  expect({ observations: target.count('observations'), submissions: target.count('submissions'), mapFeed: target.count('map_feed_items') }).toEqual(before);
  return { ...answer, audit: target.auditSince(since) };
}

describe("a unit's own account submits for its unit only", () => {
  it('submits for its own unit (the control case: the session works)', async () => {
    const res = await call('POST', '/api/v1/observations', clerk, { json: batch(['01']) });
    expect(res.status).toBe(200);
    expect(target.count('submissions', "submitter = 'user:hanoi.clerk' AND api_key_id IS NULL")).toBe(1);
  });

  it('is refused a batch for another unit: 403 in both languages, audited as a refused ingest.batch', async () => {
    const { status, body, audit } = await refusedAndNothingStored(() => call('POST', '/api/v1/observations', clerk, { json: batch(['79']) }));
    expect(status).toBe(403);
    expect(body.errors[0]).toMatchObject({ index: 0, field: 'unit', text: { en: 'user "hanoi.clerk" reports for unit "01" only, not for unit "79"', vi: expect.stringContaining('chỉ được gửi số liệu của đơn vị "01"') } });
    expect(audit).toEqual([expect.objectContaining({ actor: 'user:hanoi.clerk', action: 'ingest.batch', ok: 0 })]);
  });

  it('is refused a mixed batch whole (JSON and CSV alike): one error per foreign row, nothing of its own unit kept', async () => {
    const json = await refusedAndNothingStored(() => call('POST', '/api/v1/observations', clerk, { json: batch(['01', '79', '01', 'VN']) }));
    expect(json.status).toBe(403);
    expect(json.body.errors.map((e: { index: number }) => e.index)).toEqual([1, 3]);
    expect(json.audit.map((r) => [r.action, r.ok])).toEqual([['ingest.batch', 0]]);
    const csv = await refusedAndNothingStored(() => call('POST', '/api/v1/observations', clerk, { csv: 'indicator,unit,period,value,source\ncpi_yoy,01,2019-06,2.5,GSO\ncpi_yoy,79,2019-06,2.6,GSO\n' }));
    expect(csv.status).toBe(403);
    expect(csv.body.errors).toEqual([expect.objectContaining({ row: 3, field: 'unit' })]);
    expect(csv.audit.map((r) => [r.actor, r.action, r.ok])).toEqual([['user:hanoi.clerk', 'ingest.batch', 0]]);
  });

  it('refuses the session of a viewer bound to no unit, saying why, audited', async () => {
    const { status, body, audit } = await refusedAndNothingStored(() => call('POST', '/api/v1/observations', target.sessions.viewer, { json: batch(['01']) }));
    expect(status).toBe(403);
    expect(body.errors[0].message).toContain('user "attack-viewer" is bound to no unit');
    expect(body.errors[0].message).toContain('chưa gắn với đơn vị nào');
    expect(audit).toEqual([expect.objectContaining({ actor: 'user:attack-viewer', action: 'access.forbidden', target: 'POST /api/v1/observations', ok: 0 })]);
  });

  it('is refused the map feed, which stays for keys', async () => {
    const item = { kind: 'incident', id: 'x1', title: 'Ngập', lat: 21.03, lon: 105.85, severity: 'warning', occurredAt: '2026-12-07T00:00:00Z', source: 'clerk' };
    const { status, audit } = await refusedAndNothingStored(() => call('POST', '/api/v1/map-feed', clerk, { json: { items: [item] } }));
    expect(status).toBe(403);
    expect(audit).toEqual([expect.objectContaining({ actor: 'user:hanoi.clerk', action: 'access.forbidden', target: 'POST /api/v1/map-feed', ok: 0 })]);
  });

  it('is refused admin routes: it cannot re-bind itself to another unit, add users, edit the catalog or read the audit', async () => {
    const attempts: Array<[string, string, { json?: unknown } | undefined]> = [
      ['PATCH', '/api/v1/users/hanoi.clerk', { json: { unit: '79' } }],
      ['POST', '/api/v1/users', { json: { username: 'hcm.clerk', role: 'admin', unit: '79' } }],
      ['PUT', '/api/v1/catalog/indicators/cpi_yoy', { json: {} }],
      ['GET', '/api/v1/audit', undefined],
    ];
    for (const [method, path, body] of attempts) {
      const { status, audit } = await refusedAndNothingStored(() => call(method, path, clerk, body));
      expect({ path, status }).toEqual({ path, status: 403 });
      expect(audit).toEqual([expect.objectContaining({ actor: 'user:hanoi.clerk', action: 'access.forbidden', ok: 0 })]);
    }
    expect(target.count('users', "unit = '01' AND username = 'hanoi.clerk'")).toBe(1);
    expect(target.count('users', "username = 'hcm.clerk'")).toBe(0);
  });
});
