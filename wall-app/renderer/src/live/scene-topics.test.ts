import { readFileSync } from 'node:fs';
import { SceneSchema, WallSchema } from '@ioc/protocol';
import { describe, expect, it } from 'vitest';
import { panelsOnTile, tileRectOf } from '../tile/tile-geometry';
import { diffTopics, topicsForPanels, topicsOfPanel } from './scene-topics';

const layouts = new URL('../../../../layouts/', import.meta.url);
const load = (path: string): unknown => JSON.parse(readFileSync(new URL(path, layouts), 'utf8'));
const wall = WallSchema.parse(load('walls/main.json'));
const scene = (id: string) => SceneSchema.parse(load(`scenes/${id}.json`));

function topicsOn(sceneId: string, displayId: string) {
  return topicsForPanels(panelsOnTile(scene(sceneId), tileRectOf(wall, displayId)!).map((p) => p.panel));
}

describe('topics a scene needs on a tile', () => {
  it('maps each panel type to its topics', () => {
    const s = scene('overview');
    const byId = Object.fromEntries(s.panels.map((p) => [p.id, topicsOfPanel(p)]));
    expect(byId['kpi-gdp']).toEqual(['series:gdp_growth:VN']);
    expect(byId['line-cpi']).toEqual(['series:cpi_yoy:VN']);
    expect(byId['rank-grdp']).toEqual(['latest:grdp_growth']);
    expect(byId['table-national']).toHaveLength(10);
    expect(byId['table-national']?.[0]).toBe('series:gdp_growth:VN');
  });

  it('subscribes each tile to its own panels only, each topic once', () => {
    expect(topicsOn('overview', 'd1')).toEqual(['series:cpi_yoy:VN', 'series:exports:VN', 'series:gdp_growth:VN', 'series:power_load:VN']);
    const d2 = topicsOn('overview', 'd2');
    expect(d2).toContain('latest:grdp_growth');
    expect(d2).toContain('series:intl_arrivals:VN');
    expect(d2).not.toContain('series:power_load:VN');
  });

  it('gives a panel spanning both tiles to both', () => {
    expect(topicsOn('economy', 'd1')).toContain('series:exports:VN');
    expect(topicsOn('economy', 'd2')).toContain('series:exports:VN');
    expect(topicsOn('economy', 'd2')).not.toContain('series:imports:VN');
  });

  it('says what to subscribe and unsubscribe when the scene changes', () => {
    const { add, remove } = diffTopics(topicsOn('overview', 'd1'), topicsOn('economy', 'd1'));
    expect(add).toEqual(['series:fdi_registered:VN', 'series:imports:VN', 'series:trade_balance:VN']);
    expect(remove).toEqual(['series:cpi_yoy:VN', 'series:gdp_growth:VN', 'series:power_load:VN']);
  });
});
