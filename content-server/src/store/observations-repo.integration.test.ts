import { afterAll, describe, expect, it } from 'vitest';
import { ENGINES, freshSql, stopEngines } from '../testing/engines.js';
import { ObservationsRepo, type StoredObservation } from './observations-repo.js';
import type { Sql } from './sql.js';
import { SubmissionsRepo, type NewSubmission } from './submissions-repo.js';

/** A monthly observation of `unit` in month `m` (0 = 2025-01). */
function obs(unit: string, m: number, value: number, extra: Partial<StoredObservation> = {}): StoredObservation {
  const start = Date.UTC(2025, m, 1);
  const period = new Date(start).toISOString().slice(0, 7);
  return { indicator: 'cpi_yoy', unit, period, kind: 'month', start, end: Date.UTC(2025, m + 1, 1), value, synthetic: false, source: 'test', ...extra };
}
const keys = (changed: Array<{ point: { unit: string; period: string; value: number } }>) => changed.map((c) => `${c.point.unit} ${c.point.period} ${c.point.value}`);
const revisionCount = async (sql: Sql) => (await sql.get<{ n: number }>('SELECT COUNT(*) AS n FROM observation_revisions'))!.n;

const submission = (over: Partial<NewSubmission> = {}): NewSubmission => ({
  receivedAt: 1_767_225_600_000, submitter: 'key:feed', apiKeyId: null, format: 'json', fileName: null, fileHash: 'ab'.repeat(32), itemCount: 1,
  signerUnit: null, signerKey: null, signature: null, ...over,
});

describe.each(ENGINES)('ObservationsRepo on %s', (engine) => {
  afterAll(stopEngines);
  const open = async () => {
    const sql = await freshSql(engine);
    return { sql, repo: new ObservationsRepo(sql), submissions: new SubmissionsRepo(sql) };
  };

  it('stores a batch and names every new point as changed', async () => {
    const { repo } = await open();
    const changed = await repo.writeBatch([obs('01', 0, 1.5), obs('79', 0, 2.5, { estimate: true })], null, 1000);
    expect(keys(changed)).toEqual(['01 2025-01 1.5', '79 2025-01 2.5']);
    expect(await repo.series('cpi_yoy', '79')).toEqual([{ unit: '79', period: '2025-01', t: Date.UTC(2025, 0, 1), value: 2.5, synthetic: false, estimate: true, source: 'test' }]);
  });

  it('treats a re-sent equal value as no change: nothing returned, no revision', async () => {
    const { sql, repo } = await open();
    await repo.writeBatch([obs('01', 0, 1.5)], null, 1000);
    expect(await repo.writeBatch([obs('01', 0, 1.5)], null, 2000)).toEqual([]);
    expect(await revisionCount(sql)).toBe(0);
    expect((await repo.revisions('cpi_yoy', '01', '2025-01')).map((r) => [r.revision, r.receivedAt])).toEqual([[1, 1000]]);
  });

  it('keeps the replaced value as a revision with its provenance, superseded at the new receipt', async () => {
    const { sql, repo, submissions } = await open();
    const first = await submissions.add(submission());
    const second = await submissions.add(submission({ submitter: 'user:anna' }));
    await repo.writeBatch([obs('01', 0, 1.5, { review: 'far above' })], null, 1000, first);
    expect(keys(await repo.writeBatch([obs('01', 0, 1.7), obs('01', 1, 9)], null, 2000, second))).toEqual(['01 2025-01 1.7', '01 2025-02 9']);
    expect(await repo.revisions('cpi_yoy', '01', '2025-01')).toEqual([
      { revision: 1, value: 1.5, synthetic: false, estimate: false, source: 'test', receivedAt: 1000, submissionId: first, review: 'far above' },
      { revision: 2, value: 1.7, synthetic: false, estimate: false, source: 'test', receivedAt: 2000, submissionId: second, review: null },
    ]);
    expect(await sql.get('SELECT superseded_at, submission_id FROM observation_revisions')).toEqual({ superseded_at: 2000, submission_id: first });
    expect(await repo.revisions('cpi_yoy', '01', '2024-12')).toEqual([]);
  });

  it('counts a final figure replacing an equal estimate as a change (the wall drops the marker)', async () => {
    const { sql, repo } = await open();
    await repo.writeBatch([obs('01', 0, 1.5, { estimate: true })], null, 1000);
    const changed = await repo.writeBatch([obs('01', 0, 1.5)], null, 2000);
    expect(changed.map((c) => c.point.estimate)).toEqual([false]);
    expect(await revisionCount(sql)).toBe(1);
  });

  it('keeps the last value of a key given twice in one batch', async () => {
    const { repo } = await open();
    const changed = await repo.writeBatch([obs('01', 0, 1), obs('79', 0, 5), obs('01', 0, 2)], null, 1000);
    expect(keys(changed)).toEqual(['01 2025-01 2', '79 2025-01 5']);
    expect((await repo.series('cpi_yoy', '01')).map((p) => p.value)).toEqual([2]);
  });

  it('keeps every replaced value when batches of several servers change the same keys at once', async () => {
    const { repo } = await open();
    await Promise.all([1, 2, 3, 4].map((v) => repo.writeBatch([obs('01', 0, v), obs('79', 0, v)], null, 1000 * v)));
    for (const unit of ['01', '79']) {
      const history = await repo.revisions('cpi_yoy', unit, '2025-01');
      // Numbered 1..4 without a gap or a repeat, each value once: no write was lost or copied twice.
      expect(history.map((r) => r.revision)).toEqual([1, 2, 3, 4]);
      expect(history.map((r) => r.value).sort()).toEqual([1, 2, 3, 4]);
    }
  });

  it('writes nothing of a batch whose transaction rolls back', async () => {
    const { sql, repo, submissions } = await open();
    await expect(
      sql.begin(async (tx) => {
        const id = await submissions.add(submission(), tx);
        await repo.writeBatch([obs('01', 0, 1)], null, 1000, id, tx);
        throw new Error('audit failed');
      }),
    ).rejects.toThrow('audit failed');
    expect(await repo.series('cpi_yoy', '01')).toEqual([]);
    expect(await sql.get('SELECT COUNT(*) AS n FROM submissions')).toEqual({ n: 0 });
  });

  it('answers the latest point of many units in their order, counting only periods ending after minEnd', async () => {
    const { repo } = await open();
    await repo.writeBatch([obs('01', 0, 1), obs('01', 2, 3), obs('79', 1, 7), obs('48', 0, 4)], null, 1000);
    const latest = await repo.latest('cpi_yoy', ['79', '02', '01', '48'], 0);
    expect(latest.map((p) => `${p.unit} ${p.period}`)).toEqual(['79 2025-02', '01 2025-03', '48 2025-01']);
    // A unit that came into being on 1 February: its January figure is an older unit's.
    expect((await repo.latest('cpi_yoy', ['48', '79'], Date.UTC(2025, 1, 1))).map((p) => p.unit)).toEqual(['79']);
    expect(await repo.latest('cpi_yoy', [], 0)).toEqual([]);
  });

  it('answers a series in period order within a range, the latest points with a limit', async () => {
    const { repo } = await open();
    await repo.writeBatch([0, 1, 2, 3, 4].map((m) => obs('01', m, m)), null, 1000);
    expect((await repo.series('cpi_yoy', '01')).map((p) => p.value)).toEqual([0, 1, 2, 3, 4]);
    expect((await repo.series('cpi_yoy', '01', { fromStart: Date.UTC(2025, 1, 1), toStart: Date.UTC(2025, 3, 1) })).map((p) => p.value)).toEqual([1, 2, 3]);
    expect((await repo.series('cpi_yoy', '01', { limit: 2 })).map((p) => p.value)).toEqual([3, 4]);
    expect((await repo.series('cpi_yoy', '01', { toStart: Date.UTC(2025, 2, 1), limit: 2 })).map((p) => p.value)).toEqual([1, 2]);
  });

  it('reads the recent values of many series at once, each before its own start, newest first, in the order asked', async () => {
    const { repo } = await open();
    await repo.writeBatch([...[0, 1, 2, 3, 4].map((m) => obs('01', m, m)), ...[0, 1, 2].map((m) => obs('79', m, 10 + m)), { ...obs('01', 2, 99), indicator: 'iip_yoy' }], null, 1000);
    const before = (indicator: string, unit: string, m: number) => ({ indicator, unit, beforeStart: Date.UTC(2025, m, 1) });
    expect(await repo.recentValues([before('cpi_yoy', '01', 3)], 2)).toEqual([[2, 1]]);
    expect(await repo.recentValues([before('cpi_yoy', '79', 5), before('cpi_yoy', '48', 5), before('cpi_yoy', '01', 3), before('iip_yoy', '01', 3), before('cpi_yoy', '01', 0)], 36)).toEqual([
      [12, 11, 10],
      [],
      [2, 1, 0],
      [99],
      [],
    ]);
    expect(await repo.recentValues([], 36)).toEqual([]);
  });

  it('lists values flagged for review, newest received first, of one indicator or all', async () => {
    const { repo } = await open();
    await repo.writeBatch([obs('01', 0, 1, { review: 'outside range' })], null, 1000);
    await repo.writeBatch([obs('79', 0, 2, { review: 'jump' }), obs('48', 0, 3)], null, 2000);
    await repo.writeBatch([{ ...obs('01', 0, 9, { review: 'other' }), indicator: 'iip_yoy' }], null, 3000);
    expect((await repo.flagged(null, 10)).map((f) => `${f.indicator} ${f.unit} ${f.review} ${f.receivedAt}`)).toEqual(['iip_yoy 01 other 3000', 'cpi_yoy 79 jump 2000', 'cpi_yoy 01 outside range 1000']);
    expect((await repo.flagged('cpi_yoy', 1)).map((f) => f.unit)).toEqual(['79']);
  });

  it('purges synthetic figures of unfinished periods and their revisions, keeping estimates and real values', async () => {
    const { sql, repo } = await open();
    const now = Date.UTC(2025, 1, 15);
    await repo.writeBatch([obs('01', 1, 1, { synthetic: true }), obs('79', 1, 2, { synthetic: true, estimate: true }), obs('48', 1, 3), obs('01', 0, 4, { synthetic: true })], null, 1000);
    await repo.writeBatch([obs('01', 1, 5, { synthetic: true })], null, 2000);
    expect(await repo.purgeSyntheticUnfinished(now)).toBe(1);
    expect(await revisionCount(sql)).toBe(0);
    expect((await repo.latest('cpi_yoy', ['01', '79', '48'], 0)).map((p) => `${p.unit} ${p.period}`)).toEqual(['01 2025-01', '79 2025-02', '48 2025-02']);
  });
});

describe.each(ENGINES)('SubmissionsRepo on %s', (engine) => {
  afterAll(stopEngines);

  it('records a submission and reads it back by its new id', async () => {
    const repo = new SubmissionsRepo(await freshSql(engine));
    const a = await repo.add(submission({ format: 'csv', fileName: 'q.csv', signerUnit: '01', signerKey: 'fp', signature: 'sig' }));
    const b = await repo.add(submission());
    expect(b).toBeGreaterThan(a);
    expect(await repo.get(a)).toEqual({ id: a, ...submission({ format: 'csv', fileName: 'q.csv', signerUnit: '01', signerKey: 'fp', signature: 'sig' }) });
    expect(await repo.get(b + 100)).toBeNull();
  });
});
