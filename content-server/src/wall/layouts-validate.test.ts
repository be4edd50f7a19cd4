import { describe, expect, it } from 'vitest';
import { paths } from '../config.js';
import { checkLayouts, formatPath, readLayoutFiles, type LayoutFile } from './layouts-validate.js';

const wall = {
  id: 'main',
  name: { vi: 'Màn hình chính', en: 'Main wall' },
  grid: { rows: 1, cols: 2 },
  resolution: { width: 1920, height: 1080 },
  displays: [{ id: 'd1', row: 0, col: 0 }, { id: 'd2', row: 0, col: 1 }],
  defaultScene: 'overview',
};
const kpi = (id: string, rect = { x: 0, y: 0, w: 400, h: 300 }) => ({ id, type: 'kpi', indicator: 'cpi_yoy', unit: 'VN', rect });
const scene = (panels: unknown[], extra: Record<string, unknown> = {}) => ({ id: 'overview', name: { vi: 'Tổng quan', en: 'Overview' }, wall: 'main', panels, ...extra });
const file = (name: string, json: unknown): LayoutFile => ({ file: name, text: typeof json === 'string' ? json : JSON.stringify(json, null, 2) });
const known = { indicators: new Set(['cpi_yoy']), units: new Set(['VN']) };

describe('layout validation', () => {
  it('accepts the layouts of the repository', () => {
    const { files, issues: readIssues } = readLayoutFiles(paths.layoutsDir);
    const { layouts, issues } = checkLayouts(files);
    expect([...readIssues, ...issues]).toEqual([]);
    expect(layouts.map((l) => l.file)).toEqual(expect.arrayContaining(['walls/main.json', 'scenes/overview.json']));
  });

  it('names the file, the JSON path and what was expected', () => {
    const { issues } = checkLayouts([file('walls/main.json', wall), file('scenes/overview.json', scene([kpi('a'), kpi('b'), kpi('c', { x: 0, y: 0, w: 10, h: 300 })]))]);
    // The wall then lacks its default scene, which is reported against the wall file.
    expect(issues.filter((i) => i.file.startsWith('scenes/'))).toEqual([{ file: 'scenes/overview.json', path: 'panels[2].rect.w', message: expect.stringMatching(/expected number to be >=40/) }]);
  });

  it('reports an unknown panel type and a misspelt field at their paths', () => {
    const { issues } = checkLayouts([file('walls/main.json', wall), file('scenes/overview.json', scene([{ ...kpi('a'), type: 'pie' }, { ...kpi('b'), colour: 'red' }]))]);
    expect(issues.map((i) => [i.file, i.path])).toEqual([['scenes/overview.json', 'panels[0].type'], ['scenes/overview.json', 'panels[1]'], ['walls/main.json', 'defaultScene']]);
    expect(issues[0]?.message).toMatch(/'kpi' \| 'line' \| 'ranking' \| 'table'/);
    expect(issues[1]?.message).toMatch(/colour/);
  });

  it('checks the drill-down panel set: ids of its own, inside the canvas, known indicators and units', () => {
    const dd = (panels: unknown[]) => scene([kpi('a')], { drilldown: { panels } });
    const dup = checkLayouts([file('walls/main.json', wall), file('scenes/overview.json', dd([kpi('a')]))]);
    expect(dup.issues.filter((i) => i.file.startsWith('scenes/'))).toEqual([{ file: 'scenes/overview.json', path: 'drilldown.panels[0].id', message: expect.stringMatching(/duplicate panel id a/) }]);
    const bad = checkLayouts([file('walls/main.json', wall), file('scenes/overview.json', dd([{ ...kpi('b', { x: 3700, y: 0, w: 400, h: 300 }), indicator: 'gdp' }]))], known);
    expect(bad.issues.map((i) => i.path)).toEqual(['drilldown.panels[0].rect', 'drilldown.panels[0].indicator']);
    expect(checkLayouts([file('walls/main.json', wall), file('scenes/overview.json', dd([kpi('b')]))], known).issues).toEqual([]);
  });

  it('gives the line and column of a JSON syntax error', () => {
    const { issues } = checkLayouts([file('scenes/broken.json', '{\n  "id": "x",\n  oops\n}')]);
    expect(issues).toEqual([{ file: 'scenes/broken.json', path: '', message: expect.stringMatching(/^invalid JSON: .*\(line 3, column 3\)$/) }]);
  });

  it('checks that panels lie inside the canvas of their wall', () => {
    const { issues } = checkLayouts([file('walls/main.json', wall), file('scenes/overview.json', scene([kpi('a', { x: 3600, y: 900, w: 400, h: 300 })]))]);
    expect(issues).toEqual([
      { file: 'scenes/overview.json', path: 'panels[0].rect', message: 'expected x + w <= 3840 (canvas of wall main: 3840 px wide, bezels included); got 3600 + 400 = 4000' },
      { file: 'scenes/overview.json', path: 'panels[0].rect', message: 'expected y + h <= 1080 (canvas of wall main: 1080 px high, bezels included); got 900 + 300 = 1200' },
    ]);
    // With 1.8 mm bezels on 1210 mm wide displays the canvas is 6 px wider: a panel may use them.
    const bezelled = { ...wall, size: { width: 1210, height: 681 }, bezel: 1.8 };
    expect(checkLayouts([file('walls/main.json', bezelled), file('scenes/overview.json', scene([kpi('a', { x: 3446, y: 780, w: 400, h: 300 })]))]).issues).toEqual([]);
    expect(checkLayouts([file('walls/main.json', bezelled), file('scenes/overview.json', scene([kpi('a', { x: 3447, y: 780, w: 400, h: 300 })]))]).issues).toEqual([
      { file: 'scenes/overview.json', path: 'panels[0].rect', message: 'expected x + w <= 3846 (canvas of wall main: 3846 px wide, bezels included); got 3447 + 400 = 3847' },
    ]);
  });

  it('reports a wall whose geometry is wrong, and warns about mixed pixel pitches without refusing the wall', () => {
    const bad = { ...wall, renderers: [{ id: 'r', displays: ['d1'] }] };
    expect(checkLayouts([file('walls/main.json', bad), file('scenes/overview.json', scene([kpi('a')]))]).issues).toEqual([
      { file: 'walls/main.json', path: 'renderers', message: 'display d2 is in no renderer; every display must be shown by exactly one' },
      { file: 'scenes/overview.json', path: 'wall', message: 'expected an existing wall id; "main" is not one (walls: none)' },
    ]);
    const mixed = { ...wall, size: { width: 1210, height: 681 }, displays: [{ id: 'd1', row: 0, col: 0 }, { id: 'd2', row: 0, col: 1, size: { width: 1330, height: 748 } }] };
    const { layouts, issues } = checkLayouts([file('walls/main.json', mixed), file('scenes/overview.json', scene([kpi('a')]))]);
    expect(layouts.map((l) => l.kind)).toEqual(['wall', 'scene']);
    expect(issues).toEqual([{ file: 'walls/main.json', path: 'displays[1]', message: expect.stringMatching(/^mixed pixel pitch: display d2/), severity: 'warning' }]);
  });

  it('checks that a scene\'s wall exists and a wall\'s default scene exists and is laid out for it', () => {
    const other = { ...wall, id: 'side', defaultScene: 'overview' };
    const { issues } = checkLayouts([
      file('walls/main.json', wall),
      file('walls/side.json', other),
      file('walls/lobby.json', { ...wall, id: 'lobby', defaultScene: 'missing' }),
      file('scenes/overview.json', scene([kpi('a')])),
      file('scenes/orphan.json', scene([kpi('a')], { id: 'orphan', wall: 'nowhere' })),
    ]);
    expect(issues).toEqual([
      { file: 'scenes/orphan.json', path: 'wall', message: 'expected an existing wall id; "nowhere" is not one (walls: main, side, lobby)' },
      { file: 'walls/side.json', path: 'defaultScene', message: 'expected a scene laid out for wall "side"; "overview" is for wall "main"' },
      { file: 'walls/lobby.json', path: 'defaultScene', message: 'expected an existing scene id; "missing" is not one' },
    ]);
  });

  it('reports duplicate ids across files and unknown catalog references', () => {
    const { issues } = checkLayouts(
      [
        file('walls/main.json', wall),
        file('scenes/overview.json', scene([kpi('a'), { id: 't', type: 'table', unit: 'XX', indicators: ['cpi_yoy', 'nope'], rect: { x: 0, y: 0, w: 400, h: 400 } }])),
        file('scenes/overview-copy.json', scene([kpi('a')])),
      ],
      known,
    );
    expect(issues.map((i) => `${i.file} ${i.path}: ${i.message}`)).toEqual([
      'scenes/overview-copy.json id: scene id "overview" is already used by scenes/overview.json',
      'scenes/overview.json panels[1].indicators[1]: expected an indicator of the catalog; "nope" is not one',
      'scenes/overview.json panels[1].unit: expected a reporting unit of the catalog; "XX" is not one',
    ]);
  });

  it('writes zod paths as JSON paths', () => {
    expect(formatPath(['panels', 2, 'rect', 'w'])).toBe('panels[2].rect.w');
    expect(formatPath([])).toBe('');
  });
});
