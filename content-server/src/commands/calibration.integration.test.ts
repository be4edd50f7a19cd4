import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConsoleState, LayoutsResponse } from '@ioc/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleClient, copyLayouts, getJson, nextEvent, sendJson, startTestServer, testStoreEngine, waitFor, type ConsoleClient, type TestServer } from '../testing/harness.js';

const PASSWORD = 'correct horse battery';

// A 1x2 wall with sizes and bezels (so bezels can be adjusted), written the way `ops wall init` writes.
const calWall = {
  $schema: '../schema/wall.schema.json',
  id: 'cal',
  name: { vi: 'Tường cân chỉnh', en: 'Calibration wall' },
  grid: { rows: 1, cols: 2 },
  resolution: { width: 1920, height: 1080 },
  size: { width: 1210, height: 681 },
  bezel: 1.8,
  displays: [
    { id: 'd1', row: 0, col: 0 },
    { id: 'd2', row: 0, col: 1 },
  ],
  defaultScene: 'cal',
};
const calScene = { id: 'cal', name: { vi: 'Cân chỉnh', en: 'Calibration' }, wall: 'cal', panels: [{ id: 'k', type: 'kpi', indicator: 'cpi_yoy', unit: 'VN', rect: { x: 40, y: 40, w: 400, h: 200 } }] };

describe('technician calibration: wall.calibrate and wall.display.adjust', () => {
  let layouts: string;
  let t: TestServer;
  let tech: string;
  let watcher: ConsoleClient;
  const file = () => join(layouts, 'walls/cal.json');
  const readWall = () => JSON.parse(readFileSync(file(), 'utf8')) as typeof calWall & { displays: Array<Record<string, unknown>> };
  const run = (token: string, name: string, args: unknown) =>
    sendJson('POST', `${t.url}/api/v1/commands`, token, { clientId: `cal-${Math.random().toString(36).slice(2, 12)}`, name, args });
  const geometry = async () => ((await getJson(`${t.url}/api/v1/layouts`)).body as LayoutsResponse).geometry['cal']!;
  const audited = async (command: string) => (await t.server.audit.search({ command })).filter((r) => r.actor === 'user:tech-1');

  beforeAll(async () => {
    layouts = copyLayouts();
    writeFileSync(file(), `${JSON.stringify(calWall, null, 2)}\n`);
    writeFileSync(join(layouts, 'scenes/cal.json'), JSON.stringify(calScene));
    t = await startTestServer({ layoutsDir: layouts, watchLayouts: true });
    await t.server.users.create({ username: 'tech-1', role: 'technician', password: PASSWORD });
    const login = await sendJson('POST', `${t.url}/api/v1/auth/login`, null, { username: 'tech-1', password: PASSWORD });
    expect(login.status).toBe(200);
    tech = login.body.token;
    watcher = consoleClient(t.url, t.keys.operator);
    await nextEvent(watcher, 'console:state');
  });
  afterAll(async () => {
    watcher.disconnect();
    await t.close();
    rmSync(layouts, { recursive: true, force: true });
  });

  it('turns calibration on for every renderer of the wall, and off through its undo', async () => {
    const pushed = nextEvent<ConsoleState>(watcher, 'console:state');
    const on = await run(tech, 'wall.calibrate', { wallId: 'cal', on: true, pattern: 'bars' });
    expect(on.status).toBe(200);
    expect(on.body.undo).toEqual({ name: 'wall.calibrate', args: { wallId: 'cal', on: false } });
    // What a renderer of the wall shows (joining now, or pushed in wall:state).
    expect((await t.server.wall.currentState('cal'))?.calibration).toEqual({ pattern: 'bars', by: 'user:tech-1' });
    expect((await pushed).walls.find((w) => w.wallId === 'cal')?.calibration?.pattern).toBe('bars');
    const grid = await run(tech, 'wall.calibrate', { wallId: 'cal', on: true, pattern: 'grid' });
    expect(grid.body.undo).toEqual({ name: 'wall.calibrate', args: { wallId: 'cal', on: true, pattern: 'bars' } });
    const off = await run(tech, 'wall.calibrate', { wallId: 'cal', on: false });
    expect(off.status).toBe(200);
    expect((await t.server.wall.currentState('cal'))?.calibration).toBeNull();
    expect((await audited('wall.calibrate')).map((r) => [r.ok, (r.detail as { args: { on: boolean } }).args.on])).toEqual([
      [true, false],
      [true, true],
      [true, true],
    ]);
  });

  it('writes an adjustment to the wall file, reloads it and audits the values before and after', async () => {
    const before = await geometry();
    const color = { gain: { r: 1, g: 0.9, b: 1.1 }, brightness: 0.95, gamma: 1.2 };
    const res = await run(tech, 'wall.display.adjust', { wallId: 'cal', displayId: 'd2', offset: { x: 3, y: -2 }, color });
    expect(res.status).toBe(200);
    expect(res.body.undo).toEqual({ name: 'wall.display.adjust', args: { wallId: 'cal', displayId: 'd2', offset: null, color: null } });
    // The file: the display carries the values, other fields untouched, short objects on one line.
    const written = readWall();
    expect(written.displays[1]).toEqual({ id: 'd2', row: 0, col: 1, offset: { x: 3, y: -2 }, color });
    expect(written.displays[0]).toEqual({ id: 'd1', row: 0, col: 0 });
    expect(written.$schema).toBe('../schema/wall.schema.json');
    expect(readFileSync(file(), 'utf8')).toContain('"offset": { "x": 3, "y": -2 }');
    // Reloaded: the geometry served and the wall definition pushed to renderers have moved.
    const after = await geometry();
    expect(after.displays[1]!.viewport).toEqual({ ...before.displays[1]!.viewport, x: before.displays[1]!.viewport.x + 3, y: -2 });
    expect(after.canvas).toEqual(before.canvas);
    expect((await t.server.wall.currentState('cal'))?.wall?.displays[1]?.color).toEqual(color);
    const [line] = await audited('wall.display.adjust');
    expect(line).toMatchObject({ ok: true, target: 'cal', detail: { file: 'walls/cal.json', display: 'd2', before: { offset: null, color: null }, after: { offset: { x: 3, y: -2 }, color } } });
  });

  it('undoes an adjustment with the undo it answered, back to the file as it was', async () => {
    const res = await run(tech, 'wall.display.adjust', { wallId: 'cal', displayId: 'd1', bezel: { top: 1.8, right: 2.4, bottom: 1.8, left: 1.8 } });
    expect(res.status).toBe(200);
    expect(readWall().displays[0]!.bezel).toEqual({ top: 1.8, right: 2.4, bottom: 1.8, left: 1.8 });
    const wider = await geometry();
    // 0.6 mm more bezel on d1's right: d2 moves right by about one more pixel.
    expect(wider.displays[1]!.viewport.x).toBe(1927 + 3);
    const undo = await run(tech, res.body.undo.name, res.body.undo.args);
    expect(undo.status).toBe(200);
    expect(readWall().displays[0]).toEqual({ id: 'd1', row: 0, col: 0 });
    expect((await geometry()).displays[1]!.viewport.x).toBe(1926 + 3);
  });

  it('refuses a value that would make the wall invalid, with the reason, and leaves the file alone', async () => {
    const text = readFileSync(file(), 'utf8');
    const tooBig = await run(tech, 'wall.display.adjust', { wallId: 'cal', displayId: 'd1', offset: { x: 9000, y: 0 } });
    expect(tooBig.status).toBe(422);
    expect(tooBig.body.error).toMatchObject({ code: 'invalid', field: 'offset.x' });
    // A bezel on a wall without sizes cannot be converted to pixels: the wall schema says so.
    const main = await run(tech, 'wall.display.adjust', { wallId: 'main', displayId: 'd1', bezel: { top: 1, right: 1, bottom: 1, left: 1 } });
    expect(main.status).toBe(422);
    expect(main.body.error.message).toContain('expected size (active area, mm) on the display or the wall');
    expect(main.body.error.field).toBe('bezel');
    const unknown = await run(tech, 'wall.display.adjust', { wallId: 'cal', displayId: 'd9', offset: { x: 1, y: 1 } });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('wall "cal" has no display "d9"');
    expect(readFileSync(file(), 'utf8')).toBe(text);
  });

  it('refuses an operator: 403, nothing written, the refusal audited', async () => {
    const text = readFileSync(file(), 'utf8');
    const res = await run(t.keys.operator, 'wall.display.adjust', { wallId: 'cal', displayId: 'd1', offset: { x: 5, y: 0 } });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('the operator role may not run wall.display.adjust (allowed: technician, admin)');
    const cal = await run(t.keys.operator, 'wall.calibrate', { wallId: 'cal', on: true });
    expect(cal.status).toBe(403);
    expect((await t.server.wall.currentState('cal'))?.calibration).toBeNull();
    expect(readFileSync(file(), 'utf8')).toBe(text);
    expect((await t.server.audit.search({ command: 'wall.display.adjust' })).find((r) => r.actor === 'key:test-operator')).toMatchObject({ ok: false, detail: { error: { code: 'forbidden' } } });
  });

  it('picks up the file as the watcher sees it too (hot reload keeps the written values)', async () => {
    // Counts the loader's reads: the command's own reload, then the watcher's (debounced). A
    // fixed wait would pass without the watcher's reload on a slow machine; this waits for it.
    const loader = t.server.wall.layouts;
    const load = loader.load.bind(loader);
    let loads = 0;
    loader.load = () => (loads++, load());
    try {
      await run(tech, 'wall.display.adjust', { wallId: 'cal', displayId: 'd1', offset: { x: -1, y: 0 } });
      await waitFor(() => loads >= 2, 10_000, 'the watcher to reload the layouts after the command');
    } finally {
      loader.load = load;
    }
    // The watcher's reload found the same file: nothing reverts.
    expect((await geometry()).displays[0]!.viewport.x).toBe(-1);
    expect(t.server.wall.errors().filter((e) => e.file === 'walls/cal.json' && !e.severity)).toEqual([]);
  });

  it('ends a pattern left on when a server alone starts again; on PostgreSQL, where other servers still show it, a restart ends nothing', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ioc-cal-restart-'));
    try {
      const first = await startTestServer({ layoutsDir: layouts, dataDir });
      const on = await sendJson('POST', `${first.url}/api/v1/commands`, first.keys.admin, { clientId: 'cal-restart-on', name: 'wall.calibrate', args: { wallId: 'cal', on: true, pattern: 'grid' } });
      expect(on.status).toBe(200);
      expect((await first.server.wall.currentState('cal'))?.calibration?.pattern).toBe('grid');
      await first.close();
      const again = await startTestServer({ layoutsDir: layouts, dataDir });
      try {
        expect((await again.server.wall.currentState('cal'))?.calibration?.pattern ?? null).toBe(testStoreEngine() === 'sqlite' ? null : 'grid');
      } finally {
        await again.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
