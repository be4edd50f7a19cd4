import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePeriod, releaseStage, type ConsoleState, type LiveBatch, type MapFeed } from '@ioc/protocol';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type RunningServer } from '../server.js';
import { collect, consoleClient, getJson, nextEvent, testDatabase, waitFor, wallClient } from '../testing/harness.js';

describe('demo mode', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ioc-demo-'));
  let server: RunningServer | null = null;
  const start = async () => createServer({ port: 0, host: '127.0.0.1', dataDir, demo: true, demoRoom: false, logger: pino({ level: 'silent' }), watchLayouts: false, ...(await testDatabase(dataDir)) });
  // Starting the demo generates years of figures: slow when the whole suite shares two cores.
  beforeAll(async () => {
    server = await start();
  }, 120_000);
  // Closing waits for the history batch under way: as slow as the start under the same load.
  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);

  it('streams synthetic power load every second through the ingest API, current figures first', async () => {
    // The demo enrolls its displays at start: their tokens are printed in the wall URLs.
    const wall = wallClient(server.url, server.demoDisplays[0]!.token);
    const batches = collect<LiveBatch>(wall, 'live');
    await wall.emitWithAck('live:subscribe', { topics: ['series:power_load:VN'] });
    await waitFor(() => batches.flatMap((b) => b.messages).filter((m) => m.kind === 'delta').length >= 2, 5000, 'two live power readings');
    const messages = batches.flatMap((b) => b.messages);
    const points = messages.flatMap((m) => m.points);
    expect(points.length).toBeGreaterThan(2);
    expect(points.every((p) => p.synthetic && p.value > 29_000 && p.value < 50_000 && /T\d\d:\d\d:\d\d\+07:00$/.test(p.period))).toBe(true);
    expect(messages.map((m) => m.version)).toEqual([...messages.map((m) => m.version)].sort((a, b) => a - b));
    wall.disconnect();
    // The most recent periods are posted first, so provinces have current figures early on.
    await waitFor(async () => (await getJson(`${server!.url}/api/v1/series?indicator=cpi_yoy&unit=79&limit=1`, server!.demoConsoleKey)).body.points.length === 1, 10_000, 'recent provincial figures');
    expect((await server.audit.recent(5, 'ingest.batch')).every((l) => l.actor === 'key:demo-feed')).toBe(true);
  });

  it('stores no figure of a period that has not ended (Vietnam time), unless marked as an allowed estimate', async () => {
    await server!.demo!.seeded;
    const now = Date.now();
    const rows = await server!.store.sql.all<{ indicator: string; period: string; estimate: number }>('SELECT DISTINCT indicator, period, estimate FROM observations WHERE period_end > ? AND period_kind <> ?', [now, 'instant']);
    const stages = rows.map((r) => `${r.indicator} ${r.period} ${r.estimate === 1 ? releaseStage(r.period, server!.feeds.catalog.indicator(r.indicator)?.release, now) : 'final'}`);
    expect(stages.filter((s) => !s.endsWith(' estimate'))).toEqual([]);
    // What the wall's series API answers for the latest national figures: periods over, or estimates.
    for (const indicator of ['exports', 'gdp_growth', 'public_investment_disbursed']) {
      const last = (await getJson(`${server!.url}/api/v1/series?indicator=${indicator}&unit=VN&limit=1`, server!.demoConsoleKey)).body.points[0];
      expect(last && (parsePeriod(last.period)!.end <= now || last.estimate === true)).toBe(true);
    }
  }, 300_000);

  it('feeds the map through the map feed API, every incident and flow synthetic', async () => {
    await waitFor(async () => (await getJson(`${server!.url}/api/v1/map-feed`, server!.demoConsoleKey)).body.incidents.length > 0, 10_000, 'demo incidents');
    const feed = (await getJson(`${server!.url}/api/v1/map-feed`, server!.demoConsoleKey)).body as MapFeed;
    expect(feed.incidents.length).toBe(14);
    expect(feed.flows.length).toBe(10);
    expect([...feed.incidents, ...feed.flows].every((i) => i.synthetic && i.submitter === 'key:demo-feed')).toBe(true);
    expect((await server!.audit.recent(50, 'mapfeed.post')).some((l) => l.actor === 'key:demo-feed' && l.ok)).toBe(true);
  });

  it('creates a demo-console operator key that logs a console in, and a fresh one at each start', async () => {
    const first = server!.demoConsoleKey as string;
    const c = consoleClient(server!.url, first);
    expect((await nextEvent<ConsoleState>(c, 'console:state')).walls[0]?.wallId).toBe('main');
    c.disconnect();
    await server!.close();
    server = await start();
    expect(server.demoConsoleKey).not.toBe(first);
    expect(await server.keys.verify(first)).toBeNull();
    expect(await server.keys.verify(server.demoConsoleKey)).toMatchObject({ name: 'demo-console', role: 'operator' });
  }, 120_000);
});
