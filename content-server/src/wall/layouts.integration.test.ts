import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROTOCOL_VERSION, type WallState } from '@ioc/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyLayouts, getJson, nextEvent, startTestServer, waitFor, wallClient, type TestServer, type WallClient } from '../testing/harness.js';

describe('layouts at runtime', () => {
  let t: TestServer;
  let dir: string;
  let wall: WallClient;
  const overviewFile = () => join(dir, 'scenes/overview.json');
  beforeAll(async () => {
    dir = copyLayouts();
    t = await startTestServer({ layoutsDir: dir, watchLayouts: true });
    wall = wallClient(t.url);
    await wall.emitWithAck('wall:join', { protocolVersion: PROTOCOL_VERSION, wallId: 'main', displayId: 'd1' });
  });
  afterAll(async () => {
    wall.disconnect();
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the walls and scenes, with no errors at start', async () => {
    const layouts = await getJson(`${t.url}/api/v1/layouts`);
    expect(layouts.body.walls.map((w: { id: string }) => w.id)).toEqual(['main']);
    expect(layouts.body.scenes.map((s: { id: string }) => s.id).sort()).toEqual(['economy', 'operations', 'overview', 'provinces', 'world']);
    expect((await getJson(`${t.url}/api/v1/layouts/errors`)).body).toEqual({ errors: [] });
  });

  it('pushes a changed scene to the wall that shows it', async () => {
    const pushed = nextEvent<WallState>(wall, 'wall:state', 5000);
    const scene = JSON.parse(readFileSync(overviewFile(), 'utf8'));
    scene.name.en = 'Overview (edited)';
    writeFileSync(overviewFile(), JSON.stringify(scene, null, 2));
    const state = await pushed;
    expect(state.scene.name.en).toBe('Overview (edited)');
  });

  it('reports an invalid scene written at runtime and keeps serving its last good version', async () => {
    const scene = JSON.parse(readFileSync(overviewFile(), 'utf8'));
    scene.panels[1].rect.w = 12;
    writeFileSync(join(dir, 'scenes/overview.json'), JSON.stringify(scene, null, 2));
    writeFileSync(join(dir, 'scenes/new-broken.json'), '{"id": "new-broken",');
    let errors: Array<{ file: string; path: string; message: string }> = [];
    await waitFor(async () => {
      errors = (await getJson(`${t.url}/api/v1/layouts/errors`)).body.errors;
      return errors.length >= 2;
    }, 5000, 'layout errors');
    expect(errors).toEqual(
      expect.arrayContaining([
        { file: 'scenes/overview.json', path: 'panels[1].rect.w', message: expect.stringContaining('>=40') },
        { file: 'scenes/new-broken.json', path: '', message: expect.stringMatching(/^invalid JSON/) },
      ]),
    );
    const layouts = (await getJson(`${t.url}/api/v1/layouts`)).body;
    const overview = layouts.scenes.find((s: { id: string }) => s.id === 'overview');
    expect(overview.name.en).toBe('Overview (edited)');
    expect(overview.panels[1].rect.w).toBeGreaterThanOrEqual(40);
    expect(layouts.scenes.some((s: { id: string }) => s.id === 'new-broken')).toBe(false);
  });
});
