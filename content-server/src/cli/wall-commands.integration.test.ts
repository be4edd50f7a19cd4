import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROTOCOL_VERSION } from '@ioc/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../config.js';
import { copyLayouts, getJson, startTestServer, wallClient } from '../testing/harness.js';

const ops = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [join(paths.packageDir, 'bin/ops.js'), ...args], { env: { ...process.env, ...env }, encoding: 'utf8', cwd: paths.repoDir });

const INIT = ['wall', 'init', '--id', 'ops-room', '--rows', '3', '--cols', '4', '--resolution', '1920x1080', '--size', '1210x681', '--bezel', '1.8'];

describe('ops wall init', () => {
  let dir: string;
  beforeAll(() => {
    // The CLI runs from dist/, as it does for operators.
    execFileSync(process.execPath, [join(paths.repoDir, 'node_modules/typescript/bin/tsc'), '-b', 'content-server'], { cwd: paths.repoDir, stdio: 'pipe' });
    dir = copyLayouts();
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a valid wall file and prints its canvas', () => {
    const r = ops([...INIT, '--renderers', 'per-row', '--name-vi', 'Phòng điều hành', '--name-en', 'Operations room'], { LAYOUTS_DIR: dir });
    expect([r.status, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toContain('canvas 7697 x 3251 px');
    expect(r.stdout).toContain('12 displays of 1920x1080 px; hidden behind bezels: 5-6 px between columns, 5-6 px between rows');
    expect(r.stdout).toContain('renderer row2: d5, d6, d7, d8 (window 7680x1080, canvas 0,1086 7697x1080)');
    const wall = JSON.parse(readFileSync(join(dir, 'walls/ops-room.json'), 'utf8'));
    expect(wall).toMatchObject({
      $schema: '../schema/wall.schema.json',
      id: 'ops-room',
      name: { vi: 'Phòng điều hành', en: 'Operations room' },
      grid: { rows: 3, cols: 4 },
      size: { width: 1210, height: 681 },
      bezel: 1.8,
      defaultScene: 'ops-room-overview',
    });
    expect(wall.displays).toHaveLength(12);
    expect(wall.renderers[0]).toEqual({ id: 'row1', displays: ['d1', 'd2', 'd3', 'd4'] });
    // Its default scene is written too, inside display d1, so that the wall loads as it is.
    expect(r.stdout).toContain(`wrote ${join(dir, 'scenes/ops-room-overview.json')}: a starter scene (the wall's default), two panels on display d1`);
    const scene = JSON.parse(readFileSync(join(dir, 'scenes/ops-room-overview.json'), 'utf8'));
    expect(scene).toMatchObject({ $schema: '../schema/scene.schema.json', id: 'ops-room-overview', wall: 'ops-room', name: { vi: 'Tổng quan (Phòng điều hành)', en: 'Overview (Operations room)' } });
    expect(scene.panels.map((p: { type: string; rect: { x: number; w: number } }) => [p.type, p.rect.x + p.rect.w <= 1920])).toEqual([['kpi', true], ['line', true]]);
  });

  it('gives a wall that loads at once: the checks pass, the server serves it and its displays can be enrolled', async () => {
    const fresh = copyLayouts();
    const dataDir = join(fresh, 'data');
    try {
      const init = ops(['wall', 'init', '--id', 'lobby', '--rows', '1', '--cols', '2', '--resolution', '1920x1080'], { LAYOUTS_DIR: fresh });
      expect(init.status).toBe(0);
      const check = ops(['layouts', 'check', fresh]);
      expect([check.status, check.stdout]).toEqual([0, expect.stringMatching(/2 walls, 6 scenes, .* 0 problems\n$/)]);
      expect(ops(['init'], { DATA_DIR: dataDir }).status).toBe(0);
      const t = await startTestServer({ layoutsDir: fresh, dataDir, wallAuth: 'enrolled' });
      try {
        expect((await getJson(`${t.url}/api/v1/layouts/errors`)).body).toEqual({ errors: [] });
        expect((await getJson(`${t.url}/api/v1/layouts`)).body.walls.map((w: { id: string }) => w.id).sort()).toEqual(['lobby', 'main']);
        const enrolled = ops(['wall-device', 'enroll', '--token', 'lobby', 'd1', 'd2'], { DATA_DIR: dataDir, LAYOUTS_DIR: fresh });
        expect([enrolled.status, enrolled.stdout]).toEqual([0, expect.stringMatching(/^d1 \S+\nd2 \S+\n$/)]);
        const token = enrolled.stdout.split('\n')[0]!.split(' ')[1]!;
        const wall = wallClient(t.url, token);
        try {
          const joined = await wall.emitWithAck('wall:join', { protocolVersion: PROTOCOL_VERSION, wallId: 'lobby', displayId: 'd1' });
          expect(joined).toMatchObject({ ok: true, state: { wallId: 'lobby', scene: { id: 'lobby-overview' } } });
        } finally {
          wall.disconnect();
        }
      } finally {
        await t.close();
      }
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('refuses to overwrite without --force', () => {
    const before = readFileSync(join(dir, 'walls/ops-room.json'), 'utf8');
    const r = ops([...INIT, '--rows', '1'], { LAYOUTS_DIR: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/ops-room\.json exists; pass --force to replace it/);
    expect(readFileSync(join(dir, 'walls/ops-room.json'), 'utf8')).toBe(before);
    const forced = ops([...INIT, '--renderers', 'per-row', '--name-vi', 'Phòng điều hành', '--name-en', 'Operations room', '--force'], { LAYOUTS_DIR: dir });
    expect(forced.status).toBe(0);
  });

  it('writes nothing for a wall it cannot describe', () => {
    const out = join(dir, 'walls/no-size.json');
    const r = ops(['wall', 'init', '--id', 'no-size', '--rows', '1', '--cols', '2', '--resolution', '1920x1080', '--bezel', '2', '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('bezel: expected size (active area, mm) with a bezel');
    expect(existsSync(out)).toBe(false);
    const bad = ops(['wall', 'init', '--id', 'x', '--rows', '1', '--cols', '2', '--resolution', '1920']);
    expect([bad.status, bad.stderr]).toEqual([1, expect.stringContaining('expected the resolution as WIDTHxHEIGHT, e.g. 1920x1080')]);
  });

  it('gives a wall that the checks accept once its scene exists, and that the server serves with its geometry', async () => {
    // A panel across the middle of the wall, over both hidden bezel columns between the displays.
    const panel = { id: 'span', type: 'line', indicator: 'cpi_yoy', unit: 'VN', rect: { x: 100, y: 100, w: 7597, h: 3151 } };
    writeFileSync(join(dir, 'scenes/ops-room-overview.json'), JSON.stringify({ id: 'ops-room-overview', name: { vi: 'Tổng quan', en: 'Overview' }, wall: 'ops-room', panels: [panel] }));
    const good = ops(['layouts', 'check', dir]);
    expect([good.status, good.stdout]).toEqual([0, expect.stringMatching(/2 walls, 6 scenes, .* 0 problems\n$/)]);

    // One pixel more than the canvas (bezels included) is refused.
    writeFileSync(join(dir, 'scenes/too-wide.json'), JSON.stringify({ id: 'too-wide', name: { vi: 'x', en: 'x' }, wall: 'ops-room', panels: [{ ...panel, rect: { x: 101, y: 100, w: 7597, h: 100 } }] }));
    const wide = ops(['layouts', 'check', dir]);
    rmSync(join(dir, 'scenes/too-wide.json'));
    expect(wide.stdout).toContain('scenes/too-wide.json panels[0].rect: expected x + w <= 7697 (canvas of wall ops-room: 7697 px wide, bezels included); got 101 + 7597 = 7698');

    const t = await startTestServer({ layoutsDir: dir });
    try {
      const { body } = await getJson(`${t.url}/api/v1/layouts`);
      expect(body.walls.map((w: { id: string }) => w.id).sort()).toEqual(['main', 'ops-room']);
      expect(body.geometry.main.canvas).toEqual({ width: 3840, height: 1080 });
      const g = body.geometry['ops-room'];
      expect(g.canvas).toEqual({ width: 7697, height: 3251 });
      expect(g.displays.find((d: { id: string }) => d.id === 'd6')).toEqual({ id: 'd6', row: 1, col: 1, resolution: { width: 1920, height: 1080 }, viewport: { x: 1926, y: 1086, width: 1920, height: 1080 } });
      expect(g.renderers.map((r: { id: string; window: unknown }) => [r.id, r.window])).toEqual([
        ['row1', { width: 7680, height: 1080 }],
        ['row2', { width: 7680, height: 1080 }],
        ['row3', { width: 7680, height: 1080 }],
      ]);
      expect(g.renderers[0].hidden).toEqual([
        { x: 1920, y: 0, width: 6, height: 1080 },
        { x: 3846, y: 0, width: 5, height: 1080 },
        { x: 5771, y: 0, width: 6, height: 1080 },
      ]);
      expect((await getJson(`${t.url}/api/v1/layouts/errors`)).body).toEqual({ errors: [] });
    } finally {
      await t.close();
    }
  });

  it('reports geometry problems in GET /api/v1/layouts/errors and ops layouts check', async () => {
    const file = join(dir, 'walls/ops-room.json');
    const wall = JSON.parse(readFileSync(file, 'utf8'));
    wall.renderers = [{ id: 'a', displays: ['d1', 'd2', 'd5'] }, { id: 'b', displays: ['d2'] }];
    writeFileSync(file, JSON.stringify(wall));
    const mixed = JSON.parse(readFileSync(join(dir, 'walls/main.json'), 'utf8'));
    mixed.displays[1].size = { width: 2000, height: 1125 };
    mixed.size = { width: 1920, height: 1080 };
    writeFileSync(join(dir, 'walls/main.json'), JSON.stringify(mixed));

    const check = ops(['layouts', 'check', dir]);
    expect(check.status).toBe(1);
    expect(check.stdout).toContain('walls/ops-room.json renderers[0].displays: expected a rectangle of adjacent displays; renderer a (d1, d2, d5) leaves out d6 at (1,1)');
    expect(check.stdout).toContain('walls/ops-room.json renderers[1].displays[0]: display d2 is already shown by renderer a; a display belongs to exactly one renderer');
    expect(check.stdout).toMatch(/^warning: walls\/main\.json displays\[1\]: mixed pixel pitch: display d2 has 1.042 x 1.042 mm per pixel, the canvas 1 x 1/m);

    const t = await startTestServer({ layoutsDir: dir });
    try {
      const errors = (await getJson(`${t.url}/api/v1/layouts/errors`)).body.errors;
      expect(errors).toEqual(
        expect.arrayContaining([
          { file: 'walls/ops-room.json', path: 'renderers', message: 'displays d3, d4, d6, d7, d8, d9, d10, d11, d12 are in no renderer; every display must be shown by exactly one' },
          { file: 'walls/main.json', path: 'displays[1]', message: expect.stringMatching(/^mixed pixel pitch/), severity: 'warning' },
        ]),
      );
      // The invalid wall is not served; the one with a warning is.
      const { body } = await getJson(`${t.url}/api/v1/layouts`);
      expect(body.walls.map((w: { id: string }) => w.id)).toEqual(['main']);
      expect(body.geometry.main.displays[1].viewport).toEqual({ x: 1920, y: 0, width: 2000, height: 1125 });
    } finally {
      await t.close();
    }
  });
});
