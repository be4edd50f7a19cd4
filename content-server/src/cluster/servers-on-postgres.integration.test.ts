import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROTOCOL_VERSION, formatVnTimestamp, type LiveBatch, type MapFeed, type SystemStatus, type WallJoinResult, type WallState, type WarningChange } from '@ioc/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditKeyMismatch } from '../audit/index.js';
import { freshDatabaseUrl, stopEngines } from '../testing/engines.js';
import { collect, consoleClient, getJson, nextEvent, postObservations, sendJson, startPeerServer, startTestServer, waitFor, wallClient, type TestServer, type WallClient } from '../testing/harness.js';
import { freePort } from '../testing/free-port.js';

/**
 * Two content servers of one center on one PostgreSQL (issue 15): what is ingested, changed or
 * revoked on one reaches the walls and consoles of the other.
 */
describe('two content servers on one PostgreSQL', () => {
  let databaseUrl: string;
  let a: TestServer;
  let b: TestServer;
  const dirs: string[] = [];
  const sockets: WallClient[] = [];

  /** A second server of the center: its own data folder, holding a copy of the first one's audit key. */
  const secondServer = () => startPeerServer(a, { serverName: 'server-b' });

  async function joinWall(t: TestServer, displayId: string): Promise<{ socket: WallClient; state: WallState }> {
    const socket = wallClient(t.url);
    sockets.push(socket);
    const res: WallJoinResult = await socket.timeout(5000).emitWithAck('wall:join', { protocolVersion: PROTOCOL_VERSION, wallId: 'main', displayId });
    if (!res.ok) throw new Error(res.error);
    return { socket, state: res.state };
  }

  /** Live batches of `topic` on a wall socket, from after its snapshot. */
  async function watch(socket: WallClient, topic: string): Promise<LiveBatch[]> {
    const batches = collect<LiveBatch>(socket, 'live');
    expect(await socket.timeout(5000).emitWithAck('live:subscribe', { topics: [topic] })).toMatchObject({ ok: true });
    await waitFor(() => batches.length > 0, 5000, 'snapshot');
    batches.length = 0;
    return batches;
  }

  /** The value of a point as the batches received so far last said. */
  function lastValue(batches: readonly LiveBatch[], period: string): number | undefined {
    let value: number | undefined;
    for (const batch of batches) for (const m of batch.messages) if ('points' in m) for (const p of m.points) if (p.period === period) value = p.value;
    return value;
  }

  beforeAll(async () => {
    databaseUrl = await freshDatabaseUrl();
    a = await startTestServer({ databaseUrl, serverName: 'server-a' });
    b = await secondServer();
  }, 60_000);
  afterAll(async () => {
    for (const s of sockets) s.close();
    await b?.close();
    await a?.close();
    await stopEngines();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('says it runs on PostgreSQL, and is healthy', async () => {
    for (const t of [a, b]) {
      expect((await getJson(`${t.url}/healthz`, null)).body).toEqual({ status: 'ok', causes: [] });
      const status = (await getJson(`${t.url}/api/v1/system/status`, t.keys.admin)).body as SystemStatus;
      expect(status.store).toEqual({ ok: true, driver: 'postgres' });
    }
  });

  it('shows on A that a display has its renderer on B, and when it leaves', async () => {
    const d2OnA = async () => (await a.server.wall.consoleState()).walls.find((w) => w.wallId === 'main')!.displays.find((d) => d.displayId === 'd2')!.connected;
    expect(await d2OnA()).toBe(false);
    const { socket } = await joinWall(b, 'd2');
    await waitFor(d2OnA, 5000, 'd2 connected, seen from A');
    socket.close();
    await waitFor(async () => !(await d2OnA()), 5000, 'd2 gone, seen from A');
  });

  it('shows a batch ingested on A on the walls of A and B at one commit tick, and B serves it', async () => {
    const topic = 'series:cpi_yoy:VN';
    const onA = await watch((await joinWall(a, 'd1')).socket, topic);
    const onB = await watch((await joinWall(b, 'd2')).socket, topic);
    const res = await postObservations(a.url, a.keys.ingest, { observations: [{ indicator: 'cpi_yoy', unit: 'VN', period: '2026-09', value: 3.1, source: 'test' }] });
    expect(res.status).toBe(200);
    await waitFor(() => lastValue(onA, '2026-09') === 3.1 && lastValue(onB, '2026-09') === 3.1, 5000, 'the batch on both walls');
    expect(onA[0]!.commitAt).toBeDefined();
    expect(onB[0]!.commitAt).toBe(onA[0]!.commitAt);
    const series = await getJson(`${b.url}/api/v1/series?indicator=cpi_yoy&unit=VN`);
    expect(series.body.points.find((p: { period: string }) => p.period === '2026-09')?.value).toBe(3.1);
  });

  it('keeps the last of revisions made alternately on A and B, on both walls', async () => {
    const topic = 'series:cpi_yoy:01';
    const onA = await watch((await joinWall(a, 'd1')).socket, topic);
    const onB = await watch((await joinWall(b, 'd2')).socket, topic);
    const values = [1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8];
    // Sent without waiting for each other: the order of commits decides, and both walls follow it.
    const answers = await Promise.all(values.map((value, i) => postObservations(i % 2 ? b.url : a.url, a.keys.ingest, { observations: [{ indicator: 'cpi_yoy', unit: '01', period: '2026-08', value, source: `rev-${i}` }] })));
    expect(answers.map((r) => r.status)).toEqual(values.map(() => 200));
    const stored = (await getJson(`${a.url}/api/v1/series?indicator=cpi_yoy&unit=01`)).body.points.find((p: { period: string }) => p.period === '2026-08')?.value as number;
    // Both walls end on the value the store kept (each coalesces what it was sent at its own pace).
    await waitFor(() => lastValue(onA, '2026-08') === stored && lastValue(onB, '2026-08') === stored, 5000, `the stored value ${stored} on both walls`);
    const ticks = (batches: readonly LiveBatch[]) => batches.map((x) => x.commitAt!);
    for (const seen of [ticks(onA), ticks(onB)]) expect(seen).toEqual([...seen].sort((x, y) => x - y));
  });

  it('shows a scene changed on A on B\'s wall with the same T, and tells a renderer joining B later', async () => {
    const onA = await joinWall(a, 'd1');
    const onB = await joinWall(b, 'd2');
    const gotA = nextEvent<WallState>(onA.socket, 'wall:state', 5000);
    const gotB = nextEvent<WallState>(onB.socket, 'wall:state', 5000);
    const res = await sendJson('POST', `${a.url}/api/v1/commands`, a.keys.operator, { clientId: 'pg-scene-1', name: 'wall.scene.show', args: { wallId: 'main', sceneId: 'economy' } });
    expect(res.status).toBe(200);
    const [sa, sb] = await Promise.all([gotA, gotB]);
    expect(sb.scene.id).toBe('economy');
    expect(sb.applyAt).toBe(sa.applyAt);
    const late = await joinWall(b, 'd1');
    expect(late.state.scene.id).toBe('economy');
    expect(late.state.applyAt).toBe(sa.applyAt);
  });

  it('shows a calibration pattern put up on A on B\'s wall and console, and takes it down on both', async () => {
    const onB = await joinWall(b, 'd2');
    const admin = consoleClient(b.url, a.keys.admin);
    await nextEvent(admin, 'console:state', 5000);
    const calibrate = async (clientId: string, args: Record<string, unknown>) => {
      const got = nextEvent<WallState>(onB.socket, 'wall:state', 5000);
      const res = await sendJson('POST', `${a.url}/api/v1/commands`, a.keys.admin, { clientId, name: 'wall.calibrate', args: { wallId: 'main', ...args } });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return got;
    };
    expect((await calibrate('pg-cal-on', { on: true, pattern: 'grid' })).calibration?.pattern).toBe('grid');
    const seen = async () => (await b.server.wall.consoleState()).walls.find((w) => w.wallId === 'main')?.calibration.pattern;
    expect(await seen()).toBe('grid');
    expect((await joinWall(b, 'd1')).state.calibration?.pattern, 'a renderer joining B later').toBe('grid');
    expect(await calibrate('pg-cal-off', { on: false })).toMatchObject({ calibration: null });
    expect(await seen()).toBeNull();
    admin.close();
  });

  it('tells the walls and consoles of B of a warning a batch on A raised', async () => {
    const wall = (await joinWall(b, 'd2')).socket;
    const operator = consoleClient(b.url, a.keys.operator);
    await nextEvent(operator, 'console:state', 5000);
    const onWall = nextEvent<WarningChange>(wall, 'warning:changed', 5000);
    const onConsole = nextEvent<WarningChange>(operator, 'warning:changed', 5000);
    try {
      expect((await postObservations(a.url, a.keys.ingest, { observations: [{ indicator: 'cpi_yoy', unit: 'VN', period: '2026-11', value: 5.2, source: 'test' }] })).status).toBe(200);
      const [w, c] = await Promise.all([onWall, onConsole]);
      expect(w).toEqual(c);
      expect(w).toMatchObject({ change: 'raised', warning: { indicator: 'cpi_yoy', unit: 'VN', period: '2026-11', severity: 'critical', value: 5.2 } });
      // Judged once, by A: one row.
      expect((await b.server.warnings.repo.ofPeriod('cpi_yoy', 'VN', '2026-11')).length).toBe(1);
    } finally {
      operator.disconnect();
    }
  });

  it('sends an incident posted to A to the map of a wall on B', async () => {
    const socket = wallClient(b.url);
    sockets.push(socket);
    const feeds = collect<MapFeed>(socket, 'map:feed');
    expect(await socket.timeout(5000).emitWithAck('wall:join', { protocolVersion: PROTOCOL_VERSION, wallId: 'main', displayId: 'd1' })).toMatchObject({ ok: true });
    // The feed as it was at the join, then the one with the incident.
    await waitFor(() => feeds.length > 0, 5000, 'the map feed at the join');
    expect(feeds[0]!.incidents.map((i) => i.id)).not.toContain('pg-flood-1');
    const flood = { id: 'pg-flood-1', province: '48', severity: 'high', occurredAt: formatVnTimestamp(Date.now() - 30 * 60_000), source: 'Ban Chỉ đạo phòng chống thiên tai', title: { vi: 'Ngập lụt', en: 'Flooding' } };
    expect((await sendJson('POST', `${a.url}/api/v1/map-feed`, a.keys.ingest, { incidents: [flood] })).status).toBe(200);
    await waitFor(() => feeds.some((f) => f.incidents.some((i) => i.id === 'pg-flood-1')), 5000, 'the incident on B\'s wall');
  });

  it('cuts a console on B whose key was revoked on A', async () => {
    const { key } = await a.server.keys.create('kiosk-pg', 'operator');
    const console = consoleClient(b.url, key);
    await nextEvent(console, 'console:state', 5000);
    const cut = nextEvent(console, 'disconnect', 5000);
    expect(await a.server.keys.revoke('kiosk-pg')).toMatchObject({ name: 'kiosk-pg' });
    expect(await cut).toBe('io server disconnect');
  });

  it('fails the commands a stopped server left running when another starts, not those of a server still running', async () => {
    const command = (clientId: string, runner: string) => ({ clientId, name: 'display.power', args: { device: 'disp-1', on: true }, actor: 'user:lan', owner: 'user#1', role: 'operator', target: 'disp-1', runner });
    const log = a.server.commands.log;
    await log.begin(command('left-by-a-dead-server', 'server-that-died'));
    await log.begin(command('running-on-a', a.server.cluster.serverId));
    const c = await secondServer();
    try {
      expect((await log.get('left-by-a-dead-server'))!).toMatchObject({ status: 'failed', result: { error: { message: expect.stringMatching(/^interrupted/) } } });
      expect((await log.get('running-on-a'))!.status).toBe('running');
    } finally {
      await log.finish('running-on-a', { ok: true, clientId: 'running-on-a', name: 'display.power', duplicate: false, durationMs: 1 });
      await c.close();
    }
  });

  it('answers a resend of a command another server still runs with 409 in_progress, and of one a dead server left running with its failure at once', async () => {
    const send = (url: string, clientId: string) => sendJson('POST', `${url}/api/v1/commands`, a.keys.operator, { clientId, name: 'wall.language', args: { wallId: 'main', language: 'vi' } });
    expect((await send(a.url, 'pg-owner-of-the-key')).status).toBe(200);
    const log = a.server.commands.log;
    const owner = (await log.get('pg-owner-of-the-key'))!.principal!;
    const row = (clientId: string, runner: string) => ({ clientId, name: 'wall.language', args: { wallId: 'main', language: 'vi' }, actor: 'key:test-operator', owner, role: 'operator', target: null, runner });
    await log.begin(row('pg-running-on-a', a.server.cluster.serverId));
    await log.begin(row('pg-left-by-a-dead-server', 'server-that-died'));
    try {
      const busy = await send(b.url, 'pg-running-on-a');
      expect(busy.status).toBe(409);
      expect(busy.body).toMatchObject({ ok: false, error: { code: 'in_progress' } });
      expect(busy.headers.get('retry-after')).toBe('1');
      expect((await log.get('pg-running-on-a'))!.status, 'never run twice, never failed while its server runs it').toBe('running');
      const cut = await send(b.url, 'pg-left-by-a-dead-server');
      expect(cut.body).toMatchObject({ ok: false, duplicate: true, error: { code: 'failed', message: expect.stringMatching(/^interrupted: the server stopped/) } });
      expect((await log.get('pg-left-by-a-dead-server'))!.status).toBe('failed');
    } finally {
      await log.finish('pg-running-on-a', { ok: true, clientId: 'pg-running-on-a', name: 'wall.language', duplicate: false, durationMs: 1 });
    }
  });

  it('has one server at a time work due reports and the outbox, and the other take over when it stops', async () => {
    await waitFor(() => a.server.reports.working !== b.server.reports.working, 10_000, 'one holder of the reports lease');
    const [holder, other] = a.server.reports.working ? [a, b] : [b, a];
    // A clean stop releases the lease: the other server takes it at its next try (a third of the lease's life).
    await holder.server.reports.stop();
    expect(holder.server.reports.working).toBe(false);
    await waitFor(() => other.server.reports.working, 10_000, 'the other server working the reports');
  });

  it('refuses to start a server whose audit key is not the center\'s, and says to copy it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ioc-data-c-'));
    dirs.push(dataDir);
    const started = startTestServer({ databaseUrl, dataDir, keys: a.keys });
    await expect(started).rejects.toBeInstanceOf(AuditKeyMismatch);
    await expect(started).rejects.toThrow(/copy the audit key file/);
  });

  it('stops the start with the store named when PostgreSQL cannot be reached', async () => {
    const port = await freePort();
    const url = `postgres://ioc:secret@127.0.0.1:${port}/ioc`;
    const started = startTestServer({ databaseUrl: url });
    await expect(started).rejects.toThrow(`cannot open the PostgreSQL store postgres://ioc:***@127.0.0.1:${port}/ioc`);
  });
});
