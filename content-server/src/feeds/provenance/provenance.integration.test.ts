import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, sendJson, startTestServer, type TestServer } from '../../testing/harness.js';

describe('provenance: signed submissions, receipts, review of implausible values', () => {
  let t: TestServer;
  const hanoi = generateKeyPairSync('ed25519');
  const stranger = generateKeyPairSync('ed25519');
  let fingerprint = '';
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });
  const batch = (unit: string, period: string, value: number) => JSON.stringify({ observations: [{ indicator: 'retail_sales', unit, period, value, source: 'Sở Công Thương' }] });
  const post = async (body: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${t.url}/api/v1/observations`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t.keys.ingest}`, ...headers }, body });
    return { status: res.status, body: await res.json() };
  };
  const signed = (body: string, key = hanoi.privateKey, unit = '01') => ({ 'x-ioc-signer': unit, 'x-ioc-signature': sign(null, Buffer.from(body), key).toString('base64') });
  const stored = async (unit: string, period: string) => (await getJson(`${t.url}/api/v1/series?indicator=retail_sales&unit=${unit}&from=${period}&to=${period}`)).body.points.map((p: { value: number }) => p.value);

  it('registers a unit public key (admins only, audited)', async () => {
    const pem = hanoi.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    expect((await sendJson('POST', `${t.url}/api/v1/units/01/keys`, t.keys.operator, { publicKey: pem })).status).toBe(403);
    expect((await sendJson('POST', `${t.url}/api/v1/units/ZZ/keys`, t.keys.admin, { publicKey: pem })).status).toBe(404);
    expect((await sendJson('POST', `${t.url}/api/v1/units/01/keys`, t.keys.admin, { publicKey: 'A'.repeat(60) })).body.errors[0]).toMatchObject({ field: 'publicKey', message: expect.stringMatching(/^expected a PEM public key or the base64 of 32 raw bytes/) });
    const added = await sendJson('POST', `${t.url}/api/v1/units/01/keys`, t.keys.admin, { publicKey: pem, label: 'Văn phòng UBND Hà Nội' });
    expect(added.status).toBe(201);
    fingerprint = added.body.fingerprint;
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect((await sendJson('POST', `${t.url}/api/v1/units/01/keys`, t.keys.admin, { publicKey: pem })).status).toBe(409);
    const list = await sendJson('GET', `${t.url}/api/v1/units/01/keys`, t.keys.operator);
    expect(list.body.keys).toEqual([expect.objectContaining({ fingerprint, label: 'Văn phòng UBND Hà Nội', revoked: null })]);
    const audit = await sendJson('GET', `${t.url}/api/v1/audit?action=unit.key.add`, t.keys.admin);
    // The admin's refused attempts and the key added; the operator is refused by the route's declared access.
    expect(audit.body.entries.map((e: { ok: boolean }) => e.ok).sort()).toEqual([false, false, true]);
    expect((await t.server.audit.search({ action: 'access.forbidden', actor: 'key:test-operator' }))[0]).toMatchObject({ target: 'POST /api/v1/units/:code/keys', ok: false });
  });

  it('stores a signed submission with its receipt, and shows its provenance on every value', async () => {
    const body = batch('01', '2026-08', 60.4);
    const r = await post(body, signed(body));
    expect(r.status).toBe(200);
    expect(r.body.submission).toEqual({ id: expect.any(Number), fileHash: createHash('sha256').update(body).digest('hex'), signedBy: '01' });
    const rev = await getJson(`${t.url}/api/v1/revisions?indicator=retail_sales&unit=01&period=2026-08`);
    expect(rev.body.revisions).toEqual([
      expect.objectContaining({
        value: 60.4,
        source: 'Sở Công Thương',
        received: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+07:00$/),
        review: null,
        submission: { id: r.body.submission.id, submitter: 'key:test-ingest', format: 'json', fileName: null, fileHash: r.body.submission.fileHash, signedBy: '01', signerKey: fingerprint },
      }),
    ]);
  });

  it('refuses a changed body, a foreign key, an unregistered signer and values of another unit; stores nothing of them', async () => {
    const body = batch('01', '2026-07', 58.1);
    const tampered = await post(body.replace('58.1', '85.1'), signed(body));
    expect(tampered.status).toBe(403);
    expect(tampered.body.errors[0]).toMatchObject({ field: 'signature', message: expect.stringMatching(/does not verify/) });
    expect((await post(body, signed(body, stranger.privateKey))).status).toBe(403);
    const unregistered = await post(batch('79', '2026-07', 140), signed(batch('79', '2026-07', 140), stranger.privateKey, '79'));
    expect(unregistered.body.errors[0].message).toMatch(/^no public key is registered for unit "79"/);
    const foreign = batch('79', '2026-07', 140);
    const other = await post(foreign, signed(foreign));
    expect(other.status).toBe(403);
    expect(other.body.errors).toEqual([{ index: 0, field: 'unit', message: 'the batch is signed by unit "01", which may not vouch for retail_sales of unit "79"' }]);
    expect((await post(body, { 'x-ioc-signer': '01' })).status).toBe(400);
    expect(await stored('01', '2026-07')).toEqual([]);
    expect(await stored('79', '2026-07')).toEqual([]);
  });

  it('refuses signatures of a revoked key', async () => {
    expect((await sendJson('DELETE', `${t.url}/api/v1/units/01/keys/${fingerprint}`, t.keys.admin)).status).toBe(200);
    const body = batch('01', '2026-06', 57);
    expect((await post(body, signed(body))).status).toBe(403);
  });

  it('accepts a value far outside its history, flags it, and lists it for review', async () => {
    const history = Array.from({ length: 12 }, (_, i) => ({ indicator: 'retail_sales', unit: '46', period: `2024-${String(i + 1).padStart(2, '0')}`, value: 20 + (i % 3), source: 'Sở Công Thương' }));
    const first = await post(JSON.stringify({ observations: history }));
    expect(first.body.flagged).toBeUndefined();
    const odd = await post(batch('46', '2025-01', 2150));
    expect(odd.status).toBe(200);
    expect(odd.body.flagged).toEqual([{ index: 0, field: 'value', message: "2150 is far outside this series' last 12 values (20 to 22; plausible 13.7 to 28.3): accepted, flagged for review" }]);
    expect(await stored('46', '2025-01')).toEqual([2150]);
    const review = await sendJson('GET', `${t.url}/api/v1/review?indicator=retail_sales`, t.keys.operator);
    expect(review.body.values).toEqual([expect.objectContaining({ indicator: 'retail_sales', unit: '46', period: '2025-01', value: 2150, review: expect.stringMatching(/^2150 is far outside/) })]);
    // Corrected, the value is no longer flagged; the flagged one stays in the history.
    const fixed = await post(batch('46', '2025-01', 21.5));
    expect(fixed.body.flagged).toBeUndefined();
    expect((await sendJson('GET', `${t.url}/api/v1/review?indicator=retail_sales`, t.keys.operator)).body.values).toEqual([]);
    const rev = await getJson(`${t.url}/api/v1/revisions?indicator=retail_sales&unit=46&period=2025-01`);
    expect(rev.body.revisions.map((r: { value: number; review: string | null }) => [r.value, r.review !== null])).toEqual([[2150, true], [21.5, false]]);
  });
});
