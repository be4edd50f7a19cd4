import { MAX_INGEST_BYTES, formatVnTimestamp } from '@ioc/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postObservations, startTestServer, type TestServer } from '../testing/harness.js';

const obs = (period: string, value: number, extra: Record<string, unknown> = {}) => ({ indicator: 'cpi_yoy', unit: 'VN', period, value, source: 'GSO', ...extra });

describe('POST /api/v1/observations', () => {
  let t: TestServer;
  const series = async (query: string) => getJson(`${t.url}/api/v1/series?${query}`);
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('accepts a batch, which the series API then returns in period order', async () => {
    const res = await postObservations(t.url, t.keys.ingest, { observations: [obs('2024-02', 3.98), obs('2024-01', 3.37), { ...obs('2024-01', 3.1), unit: '01' }] });
    expect(res).toEqual({ status: 200, body: expect.objectContaining({ accepted: 3 }) });
    const { status, body } = await series('indicator=cpi_yoy&unit=VN');
    expect(status).toBe(200);
    expect(body).toEqual({
      indicator: 'cpi_yoy',
      unit: 'VN',
      vintage: '2025',
      points: [
        { unit: 'VN', period: '2024-01', t: Date.parse('2024-01-01T00:00:00+07:00'), value: 3.37, synthetic: false, estimate: false, source: 'GSO' },
        { unit: 'VN', period: '2024-02', t: Date.parse('2024-02-01T00:00:00+07:00'), value: 3.98, synthetic: false, estimate: false, source: 'GSO' },
      ],
    });
  });

  it('filters a series by an inclusive period range and keeps the latest points under a limit', async () => {
    await postObservations(t.url, t.keys.ingest, { observations: ['2023-10', '2023-11', '2023-12'].map((p, i) => obs(p, 3 + i / 10)) });
    const range = await series('indicator=cpi_yoy&unit=VN&from=2023-11&to=2024-01');
    expect(range.body.points.map((p: { period: string }) => p.period)).toEqual(['2023-11', '2023-12', '2024-01']);
    const limited = await series('indicator=cpi_yoy&unit=VN&limit=2');
    expect(limited.body.points.map((p: { period: string }) => p.period)).toEqual(['2024-01', '2024-02']);
  });

  it('answers a bad series query with 400 and an unknown indicator with 404', async () => {
    const bad = await series('indicator=cpi_yoy&unit=VN&from=last-year&limit=0');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['from', 'limit']);
    expect((await series('indicator=cpi_yoy')).body.errors).toEqual([{ index: null, field: 'unit', message: expect.any(String) }]);
    expect((await series('indicator=happiness&unit=VN')).status).toBe(404);
    expect((await series('indicator=cpi_yoy&unit=VN&format=csv')).body.errors).toEqual([{ index: null, field: '(query)', message: expect.stringContaining('"format"') }]);
    expect((await series('indicator=cpi_yoy&unit=VN&from=2024-02&to=2024-01')).body.errors).toEqual([{ index: null, field: 'from', message: 'expected from <= to; 2024-02 is after 2024-01' }]);
  });

  it('refuses a whole batch with 422 listing every bad item, and stores none of it', async () => {
    const res = await postObservations(t.url, t.keys.ingest, {
      observations: [obs('2022-01', 1.94), { ...obs('2022-02', 1.42), indicator: 'cpi_mom' }, obs('2022-03', 2.41), { ...obs('2022-04', 2.64), unit: 'ZZ' }],
    });
    expect(res.status).toBe(422);
    expect(res.body.errors).toMatchObject([
      { index: 1, field: 'indicator', message: expect.stringContaining('unknown indicator "cpi_mom"') },
      { index: 3, field: 'unit', message: expect.stringContaining('unknown reporting unit "ZZ"') },
    ]);
    expect((await series('indicator=cpi_yoy&unit=VN&from=2022-01&to=2022-12')).body.points).toEqual([]);
  });

  it('answers shape errors with 400, each with the item index and field', async () => {
    const res = await postObservations(t.url, t.keys.ingest, { observations: [obs('2021-01', 1), { ...obs('2021-02', 1), value: null }, { ...obs('2021-03', 1), source: '' }] });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { index: number; field: string }) => [e.index, e.field])).toEqual([[1, 'value'], [2, 'source']]);
  });

  it('refuses a missing, wrong or revoked key with 401 and an operator key with 403, storing nothing', async () => {
    const body = { observations: [obs('2020-01', 6.43)] };
    const expected = { errors: [{ index: null, field: 'authorization', message: expect.any(String) }] };
    expect(await postObservations(t.url, null, body)).toEqual({ status: 401, body: expected });
    expect(await postObservations(t.url, `${t.keys.ingest}x`, body)).toEqual({ status: 401, body: expected });
    const { key } = await t.server.keys.create('short-lived', 'ingest');
    await t.server.keys.revoke('short-lived');
    expect(await postObservations(t.url, key, body)).toEqual({ status: 401, body: expected });
    const forbidden = await postObservations(t.url, t.keys.operator, body);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.errors[0].message).toMatch(/operator role may not/);
    expect((await series('indicator=cpi_yoy&unit=VN&from=2020-01&to=2020-01')).body.points).toEqual([]);
  });

  it('answers 415 for a body that is not JSON, 400 for malformed JSON, 413 for a body over the limit', async () => {
    const text = await postObservations(t.url, t.keys.ingest, 'indicator=cpi_yoy', { 'content-type': 'text/plain' });
    expect(text).toEqual({ status: 415, body: { errors: [{ index: null, field: 'content-type', message: 'expected Content-Type: application/json, text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', text: { en: 'expected Content-Type: application/json, text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', vi: expect.stringMatching(/^cần Content-Type: application\/json/) } }] } });
    const form = await postObservations(t.url, t.keys.ingest, 'a=1', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
    const malformed = await postObservations(t.url, t.keys.ingest, '{"observations": [', {});
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([expect.objectContaining({ index: null, field: 'body', message: expect.stringMatching(/^malformed JSON/) })]);
    const big = JSON.stringify({ observations: [obs('2019-01', 1, { source: 'x'.repeat(MAX_INGEST_BYTES) })] });
    const tooLarge = await postObservations(t.url, t.keys.ingest, big);
    expect(tooLarge).toEqual({ status: 413, body: { errors: [{ index: null, field: 'body', message: expect.any(String) }] } });
  });

  it('treats a re-sent value as a no-op and keeps the earlier value as a revision when it changes', async () => {
    const revisions = async () => (await getJson(`${t.url}/api/v1/revisions?indicator=cpi_yoy&unit=VN&period=2018-06`)).body.revisions;
    await postObservations(t.url, t.keys.ingest, { observations: [obs('2018-06', 4.67)] });
    expect(await postObservations(t.url, t.keys.ingest, { observations: [obs('2018-06', 4.67)] })).toEqual({ status: 200, body: expect.objectContaining({ accepted: 1 }) });
    expect(await revisions()).toEqual([
      {
        revision: 1,
        value: 4.67,
        synthetic: false,
        estimate: false,
        source: 'GSO',
        receivedAt: expect.any(Number),
        received: expect.stringMatching(/\+07:00$/),
        review: null,
        submission: expect.objectContaining({ submitter: 'key:test-ingest', format: 'json', signedBy: null }),
      },
    ]);
    await postObservations(t.url, t.keys.ingest, { observations: [obs('2018-06', 4.7, { source: 'GSO (revised)' })] });
    expect((await revisions()).map((r: { revision: number; value: number; source: string }) => [r.revision, r.value, r.source])).toEqual([
      [1, 4.67, 'GSO'],
      [2, 4.7, 'GSO (revised)'],
    ]);
    expect((await series('indicator=cpi_yoy&unit=VN&from=2018-06&to=2018-06')).body.points[0].value).toBe(4.7);
  });

  it('stores everything a synthetic key sends as synthetic', async () => {
    await postObservations(t.url, t.keys.synthetic, { observations: [obs('2017-01', 5.22, { synthetic: false })] });
    expect((await series('indicator=cpi_yoy&unit=VN&from=2017-01&to=2017-01')).body.points[0].synthetic).toBe(true);
  });

  it('writes an audit line for accepted and refused batches, naming the key but never holding it', async () => {
    const lines = (await t.server.audit.recent(200, 'ingest.batch'));
    expect(lines.some((l) => l.ok && l.actor === 'key:test-ingest')).toBe(true);
    expect(lines.some((l) => !l.ok && (l.detail as { status: number }).status === 422)).toBe(true);
    expect(lines.some((l) => !l.ok && (l.detail as { status: number }).status === 415)).toBe(true);
    expect(JSON.stringify(lines)).not.toContain(t.keys.ingest);
  });

  describe('periods that have not ended (Vietnam time)', () => {
    // The current month and quarter as Vietnam's calendar has them now.
    const today = formatVnTimestamp(Date.now()).slice(0, 10);
    const month = today.slice(0, 7);
    const quarter = `${today.slice(0, 4)}-Q${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}`;

    it('refuses with 422 a figure of the current month, saying why, and stores nothing', async () => {
      const res = await postObservations(t.url, t.keys.ingest, { observations: [obs('2019-01', 2.5), obs(month, 3.1)] });
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([
        {
          index: 1,
          field: 'period',
          message: expect.stringContaining(`period "${month}" has not ended yet (Vietnam time)`),
          text: { en: expect.stringContaining('has not ended yet'), vi: expect.stringContaining(`kỳ "${month}" chưa kết thúc (giờ Việt Nam)`) },
        },
      ]);
      expect((await series('indicator=cpi_yoy&unit=VN&from=2019-01&to=2019-01')).body.points).toEqual([]);
    });

    it('refuses an estimate where the source publishes none, and a GDP estimate outside its window', async () => {
      // Tourism arrivals: the source publishes no estimate before the month ends.
      const arrivals = await postObservations(t.url, t.keys.ingest, { observations: [obs(month, 1500, { indicator: 'intl_arrivals', estimate: true })] });
      expect(arrivals.status).toBe(422);
      expect(arrivals.body.errors[0]).toMatchObject({ index: 0, field: 'estimate', message: expect.stringContaining('publishes no estimate') });
      const gdp = { indicator: 'gdp_growth', unit: 'VN', period: quarter, value: 7.5, source: 'GSO' };
      const final = await postObservations(t.url, t.keys.ingest, { observations: [gdp] });
      expect(final.status).toBe(422);
      expect(final.body.errors[0].message).toMatch(/has not ended yet.*estimate may be sent from \d{4}-\d{2}-29/);
      // Before the 29th of the quarter's last month an estimate is refused too; from then on accepted.
      const estimate = await postObservations(t.url, t.keys.ingest, { observations: [{ ...gdp, estimate: true }] });
      const lastMonth = Number(quarter.slice(-1)) * 3;
      const inWindow = Number(today.slice(5, 7)) === lastMonth && Number(today.slice(8, 10)) >= 29;
      expect(estimate.status).toBe(inWindow ? 200 : 422);
    });

    it('stores an estimate as one, returns it in the series and revisions, and drops the mark when the figure replaces it', async () => {
      const gdp = { indicator: 'gdp_growth', unit: 'VN', period: '2018-Q2', value: 6.7, source: 'GSO' };
      expect((await postObservations(t.url, t.keys.ingest, { observations: [{ ...gdp, estimate: true }] })).status).toBe(200);
      const point = async () => (await series('indicator=gdp_growth&unit=VN&from=2018-Q2&to=2018-Q2')).body.points[0];
      expect(await point()).toMatchObject({ period: '2018-Q2', value: 6.7, estimate: true });
      expect((await postObservations(t.url, t.keys.ingest, { observations: [gdp] })).status).toBe(200);
      expect(await point()).toMatchObject({ value: 6.7, estimate: false });
      const revisions = (await getJson(`${t.url}/api/v1/revisions?indicator=gdp_growth&unit=VN&period=2018-Q2`)).body.revisions;
      expect(revisions.map((r: { estimate: boolean }) => r.estimate)).toEqual([true, false]);
    });
  });
});
