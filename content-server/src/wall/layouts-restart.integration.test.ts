import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROTOCOL_VERSION, type WallState } from '@ioc/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyLayouts, nextEvent, sendJson, startTestServer, wallClient, type TestServer } from '../testing/harness.js';

// Issue 14: "One invalid scene file plus a restart removed the wall and every scene". The
// server keeps a copy of each file's last valid content in DATA_DIR and serves it across restarts.
describe('layouts across a restart', () => {
  let dir: string;
  let dataDir: string;
  let t: TestServer | null = null;
  const scenesOf = async (s: TestServer) => ((await sendJson('GET', `${s.url}/api/v1/layouts`, s.keys.admin)).body.scenes as Array<{ id: string; name: { en: string } }>);
  const wallsOf = async (s: TestServer) => ((await sendJson('GET', `${s.url}/api/v1/layouts`, s.keys.admin)).body.walls as Array<{ id: string }>).map((w) => w.id);
  const errorsOf = async (s: TestServer) => (await sendJson('GET', `${s.url}/api/v1/layouts/errors`, s.keys.admin)).body.errors as Array<{ file: string; path: string; message: string; text?: { vi: string; en: string } }>;
  const restart = async () => {
    await t?.close();
    t = await startTestServer({ layoutsDir: dir, dataDir, demoRoom: true });
    return t;
  };
  beforeEach(() => {
    dir = copyLayouts();
    dataDir = mkdtempSync(join(tmpdir(), 'ioc-data-'));
  });
  afterEach(async () => {
    await t?.close();
    t = null;
    rmSync(dir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the wall, every scene and the macros when the default scene file is broken before a restart', async () => {
    const first = await restart();
    const before = (await scenesOf(first)).map((s) => s.id).sort();
    const overviewName = (await scenesOf(first)).find((s) => s.id === 'overview')?.name.en;
    const macros = first.server.catalog.all().filter((d) => d.system === 'room').map((d) => d.name).sort();
    expect(macros.length).toBeGreaterThan(0);
    writeFileSync(join(dir, 'scenes/overview.json'), '{ "id": "overview", "panels": [');

    const second = await restart();
    expect(await wallsOf(second)).toEqual(['main']);
    expect((await scenesOf(second)).map((s) => s.id).sort()).toEqual(before);
    expect((await scenesOf(second)).find((s) => s.id === 'overview')?.name.en).toBe(overviewName);
    expect(second.server.catalog.all().filter((d) => d.system === 'room').map((d) => d.name).sort()).toEqual(macros);
    const errors = await errorsOf(second);
    expect(errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ file: 'scenes/overview.json', message: expect.stringMatching(/^invalid JSON/) }),
      expect.objectContaining({ file: 'scenes/overview.json', message: expect.stringContaining('last good version'), text: { en: expect.stringContaining('last good version'), vi: expect.stringContaining('phiên bản hợp lệ gần nhất') } }),
    ]));
    // Nothing else is reported: the wall and the other scenes are not touched by that file.
    expect(errors.filter((e) => e.file !== 'scenes/overview.json')).toEqual([]);

    const wall = wallClient(second.url);
    try {
      const join_ = await wall.emitWithAck('wall:join', { protocolVersion: PROTOCOL_VERSION, wallId: 'main', displayId: 'd1' });
      expect(join_).toMatchObject({ ok: true });
      const state = (join_ as { state?: WallState }).state ?? (await nextEvent<WallState>(wall, 'wall:state'));
      expect(state.scene.id).toBe('overview');
    } finally {
      wall.disconnect();
    }
  });

  it('keeps the last good version of a macro and a briefing broken before a restart', async () => {
    const first = await restart();
    const label = first.server.catalog.get('room.mode.normal')?.label;
    expect(label).toBeDefined();
    expect(first.server.wall.briefing('weekly-economy')).toBeDefined();
    writeFileSync(join(dir, 'macros/room-mode-normal.json'), '{ "name": ');
    writeFileSync(join(dir, 'briefings/weekly-economy.json'), '{ "id": "weekly-economy", "steps": 3 }');
    const second = await restart();
    expect(second.server.catalog.get('room.mode.normal')?.label).toEqual(label);
    expect(second.server.wall.briefing('weekly-economy')?.steps.length).toBe(first.server.wall.briefing('weekly-economy')?.steps.length);
    expect(second.server.catalog.errors()).toEqual(expect.arrayContaining([expect.objectContaining({ file: 'macros/room-mode-normal.json', severity: 'warning', text: expect.objectContaining({ vi: expect.stringContaining('phiên bản hợp lệ gần nhất') }) })]));
    expect(await errorsOf(second)).toEqual(expect.arrayContaining([expect.objectContaining({ file: 'briefings/weekly-economy.json', message: expect.stringContaining('last good version') })]));
  });

  it('keeps the wall and its scenes when the wall file itself is broken before a restart', async () => {
    await restart();
    writeFileSync(join(dir, 'walls/main.json'), readFileSync(join(dir, 'walls/main.json'), 'utf8').replace('"grid"', '"grid": 7, "x"'));
    const second = await restart();
    expect(await wallsOf(second)).toEqual(['main']);
    expect((await scenesOf(second)).length).toBe(5);
    expect((await errorsOf(second)).every((e) => e.file === 'walls/main.json')).toBe(true);
  });

  it('a file broken since the first start (no earlier version) takes nothing else with it', async () => {
    writeFileSync(join(dir, 'scenes/overview.json'), '{');
    const first = await restart();
    // No earlier version: the wall shows another of its scenes instead of going blank.
    expect(await wallsOf(first)).toEqual(['main']);
    expect((await scenesOf(first)).map((s) => s.id).sort()).toEqual(['economy', 'operations', 'provinces', 'world']);
    expect((await first.server.wall.states.state('main'))?.scene.wall).toBe('main');
    expect((await errorsOf(first)).map((e) => e.file)).toEqual(expect.arrayContaining(['scenes/overview.json', 'walls/main.json']));
  });

  it('takes the fixed file after a restart, and serves the copies while a whole folder is missing', async () => {
    await restart();
    const good = readFileSync(join(dir, 'scenes/economy.json'), 'utf8');
    writeFileSync(join(dir, 'scenes/economy.json'), '[]');
    await restart();
    const fixed = JSON.parse(good);
    fixed.name.en = 'Economy (fixed)';
    writeFileSync(join(dir, 'scenes/economy.json'), JSON.stringify(fixed));
    const third = await restart();
    expect((await scenesOf(third)).find((s) => s.id === 'economy')?.name.en).toBe('Economy (fixed)');
    expect(await errorsOf(third)).toEqual([]);

    renameSync(join(dir, 'scenes'), join(dir, 'scenes-away'));
    const fourth = await restart();
    expect((await scenesOf(fourth)).find((s) => s.id === 'economy')?.name.en).toBe('Economy (fixed)');
    expect((await scenesOf(fourth)).length).toBe(5);
    expect(await errorsOf(fourth)).toEqual(expect.arrayContaining([expect.objectContaining({ file: 'scenes/', message: expect.stringContaining('cannot read the directory') })]));
  });
});
