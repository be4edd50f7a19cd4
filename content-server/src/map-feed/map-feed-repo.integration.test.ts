import type { FlowIn, IncidentIn } from '@ioc/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import type { Sql } from '../store/index.js';
import { ENGINES, freshSql, stopEngines } from '../testing/engines.js';
import { MapFeedRepo, type StoredMapItem } from './map-feed-repo.js';

const flood: IncidentIn = { id: 'flood-1', province: '48', severity: 'high', occurredAt: '2026-11-20T08:00:00+07:00', source: 'Ban Chỉ đạo', title: { vi: 'Ngập lụt', en: 'Flooding' } };
const relief: FlowIn = { id: 'relief-1', from: '01', to: '48', volume: 7, occurredAt: '2026-11-20T09:00:00+07:00', source: 'Bộ Quốc phòng' };
const T = Date.parse('2026-11-20T10:00:00+07:00');
const incident = (item: IncidentIn, occurredAt: number, endsAt: number | null = null): StoredMapItem => ({ kind: 'incident', item, occurredAt, endsAt, synthetic: false });

async function withKey(sql: Sql): Promise<{ id: number; name: string }> {
  const row = await sql.get<{ id: number }>("INSERT INTO api_keys (name, role, key_hash, created_at) VALUES ('feed', 'ingest', 'h', 0) RETURNING id");
  return { id: row!.id, name: 'feed' };
}

describe.each(ENGINES)('MapFeedRepo on %s', (engine) => {
  afterAll(stopEngines);

  it('keeps one row per (kind, submitter, id), the last write winning, with its provenance', async () => {
    const sql = await freshSql(engine);
    const repo = new MapFeedRepo(sql);
    const key = await withKey(sql);
    await repo.write([incident(flood, T - 3600_000), { kind: 'flow', item: relief, occurredAt: T - 1800_000, endsAt: null, synthetic: true }], key, 1000);
    await repo.write([incident({ ...flood, severity: 'low' }, T - 3600_000)], key, 2000);
    const feed = await repo.active(T);
    expect(feed.incidents).toEqual([{ ...flood, severity: 'low', source: 'Ban Chỉ đạo', synthetic: false, submitter: 'key:feed', receivedAt: 2000, received: expect.stringMatching(/\+07:00$/) }]);
    expect(feed.flows.map((f) => [f.id, f.synthetic])).toEqual([['relief-1', true]]);
  });

  it('leaves out what has ended and lists the newest first', async () => {
    const sql = await freshSql(engine);
    const repo = new MapFeedRepo(sql);
    const key = await withKey(sql);
    await repo.write([incident({ ...flood, id: 'old' }, T - 7200_000), incident({ ...flood, id: 'over' }, T - 7200_000, T - 60_000), incident({ ...flood, id: 'new' }, T - 60_000)], key, 1000);
    expect((await repo.active(T)).incidents.map((i) => i.id)).toEqual(['new', 'old']);
  });

  it('writes nothing of a post whose transaction rolls back', async () => {
    const sql = await freshSql(engine);
    const repo = new MapFeedRepo(sql);
    const key = await withKey(sql);
    await expect(
      sql.begin(async (tx) => {
        await repo.write([incident(flood, T - 60_000)], key, 1000, tx);
        throw new Error('audit failed');
      }),
    ).rejects.toThrow('audit failed');
    expect(await repo.active(T)).toEqual({ incidents: [], flows: [] });
  });
});
