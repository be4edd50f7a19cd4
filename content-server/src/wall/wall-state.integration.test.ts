import type { Briefing } from '@ioc/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import type { Sql } from '../store/sql.js';
import { ENGINES, freshSql, stopEngines } from '../testing/engines.js';
import type { LayoutsLoader } from './layouts-loader.js';
import { WallStates, type BriefingRun } from './wall-state.js';

const STARTED = 1_767_225_600_000;
const scenes = new Map([
  ['overview', { id: 'overview', wall: 'main' }],
  ['economy', { id: 'economy', wall: 'main' }],
  ['lobby', { id: 'lobby', wall: 'side' }],
]);
const walls = new Map([
  ['main', { id: 'main', defaultScene: 'overview' }],
  ['side', { id: 'side', defaultScene: 'lobby' }],
]);
/** The two things WallStates asks the layouts: a wall by id, a scene by id. */
const layouts = (gone: readonly string[] = []) =>
  ({ wall: (id: string) => walls.get(id), scene: (id: string) => (gone.includes(id) ? undefined : scenes.get(id)) }) as unknown as LayoutsLoader;
const weekly = { id: 'weekly', name: { vi: 'Giao ban tuần', en: 'Weekly briefing' }, wall: 'main', steps: Array.from({ length: 30 }, (_, i) => ({ scene: 'economy', title: `Step ${i + 1}` })) } as unknown as Briefing;
/** A content server's view of the walls over the shared database. */
const server = (sql: Sql, gone: readonly string[] = []) => new WallStates(sql, layouts(gone), (id) => (id === 'weekly' ? weekly : undefined), STARTED);

describe.each(ENGINES)('WallStates on %s', (engine) => {
  afterAll(stopEngines);

  it('shows a wall never set on its default scene, keeps a change across a restart, and falls back when its scene is gone', async () => {
    const sql = await freshSql(engine);
    const states = server(sql);
    expect(await states.record('nowhere')).toBeNull();
    const fresh = { wallId: 'main', sceneId: 'overview', language: 'vi', theme: 'dark', focus: null, briefing: null, calibration: null, changedAt: STARTED };
    expect(await states.record('main')).toEqual(fresh);
    expect(await states.update('main', { sceneId: 'economy', language: 'en', focus: '79' }, STARTED + 5)).toEqual(fresh);
    // Another server (or this one after a restart) reads what was chosen.
    expect(await server(sql).record('main')).toMatchObject({ sceneId: 'economy', language: 'en', theme: 'dark', focus: '79', changedAt: STARTED + 5 });
    expect((await server(sql).state('main'))?.scene).toEqual(scenes.get('economy'));
    expect(await server(sql, ['economy']).record('main')).toMatchObject({ sceneId: 'overview', language: 'en' });
    await expect(states.update('nowhere', { language: 'en' })).rejects.toThrow('unknown wall nowhere');
  });

  it('keeps both of two changes of one wall made at once by two servers', async () => {
    const sql = await freshSql(engine);
    const [a, b] = [server(sql), server(sql)];
    await Promise.all([a.update('main', { sceneId: 'economy' }), b.update('main', { language: 'en' }), b.update('side', { theme: 'light' })]);
    expect(await a.record('main')).toMatchObject({ sceneId: 'economy', language: 'en', theme: 'dark' });
    expect(await b.record('side')).toMatchObject({ sceneId: 'lobby', theme: 'light' });
  });

  it('plans each change on the state as the one before it left it: ten "next step" at once make ten steps', async () => {
    const sql = await freshSql(engine);
    const servers = [server(sql), server(sql)];
    const run: BriefingRun = { id: 'weekly', step: 1, returnSceneId: 'overview', returnFocus: null };
    await servers[0]!.update('main', { briefing: run, sceneId: 'economy' });
    const next = (r: { briefing: BriefingRun | null }) => ({ briefing: { ...r.briefing!, step: r.briefing!.step + 1 } });
    const befores = await Promise.all(Array.from({ length: 10 }, (_, i) => servers[i % 2]!.update('main', next)));
    expect((await servers[1]!.record('main'))?.briefing).toEqual({ ...run, step: 11 });
    // Each change saw the one before it: the steps they started from are 1..10, once each.
    expect(befores.map((r) => r.briefing?.step).sort((x, y) => x! - y!)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect((await servers[0]!.state('main'))?.briefing).toEqual({ id: 'weekly', name: { vi: 'Giao ban tuần', en: 'Weekly briefing' }, step: 11, steps: 30, title: 'Step 11' });
  });

  it('changes nothing when the planning refuses the change', async () => {
    const sql = await freshSql(engine);
    const states = server(sql);
    await states.update('main', { language: 'en' }, STARTED + 1);
    await expect(
      states.update('main', () => {
        throw new Error('already at the last step');
      }),
    ).rejects.toThrow('already at the last step');
    expect(await states.record('main')).toMatchObject({ language: 'en', changedAt: STARTED + 1 });
  });
});
