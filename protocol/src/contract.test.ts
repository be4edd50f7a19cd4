import { describe, expect, it } from 'vitest';
import {
  CommandEnvelopeSchema,
  IngestBodySchema,
  SceneSchema,
  WallSchema,
  issuesToErrors,
  parseTopic,
  seriesTopic,
} from '@ioc/protocol';

const good = { indicator: 'cpi_yoy', unit: '01', period: '2025-07', value: 3.2, source: 'GSO' };

describe('IngestBodySchema', () => {
  it('accepts the documented example', () => {
    expect(IngestBodySchema.safeParse({ observations: [good] }).success).toBe(true);
  });

  it('names the item and field of every problem', () => {
    const r = IngestBodySchema.safeParse({
      observations: [good, { ...good, value: 'x' }, { ...good, period: '2025-13', extra: 1 }],
    });
    expect(r.success).toBe(false);
    const errors = issuesToErrors(r.error!.issues, 'observations');
    expect(errors).toContainEqual(expect.objectContaining({ index: 1, field: 'value' }));
    expect(errors).toContainEqual(expect.objectContaining({ index: 2, field: 'period' }));
    expect(errors.some((e) => e.index === 2 && /extra/.test(e.message))).toBe(true);
  });

  it('refuses non-finite values and empty batches', () => {
    expect(IngestBodySchema.safeParse({ observations: [{ ...good, value: Infinity }] }).success).toBe(false);
    expect(IngestBodySchema.safeParse({ observations: [] }).success).toBe(false);
  });
});

describe('topics', () => {
  it('round-trips both kinds and refuses others', () => {
    expect(parseTopic(seriesTopic('cpi_yoy', 'VN'))).toEqual({ kind: 'series', indicator: 'cpi_yoy', unit: 'VN' });
    expect(parseTopic('latest:grdp_growth')).toEqual({ kind: 'latest', indicator: 'grdp_growth' });
    expect(parseTopic('series:cpi_yoy')).toBeNull();
    expect(parseTopic('all')).toBeNull();
  });
});

describe('layouts', () => {
  const wall = {
    id: 'w', name: { vi: 'Tường', en: 'Wall' }, grid: { rows: 1, cols: 2 },
    resolution: { width: 1920, height: 1080 }, defaultScene: 's',
    displays: [{ id: 'a', row: 0, col: 0 }, { id: 'b', row: 0, col: 1 }],
  };

  it('accepts a 2x1 wall and refuses displays outside the grid or on a used cell', () => {
    expect(WallSchema.safeParse(wall).success).toBe(true);
    const outside = WallSchema.safeParse({ ...wall, displays: [...wall.displays, { id: 'c', row: 1, col: 0 }] });
    expect(outside.error?.issues[0]?.path).toEqual(['displays', 2]);
    const twice = WallSchema.safeParse({ ...wall, displays: [wall.displays[0], { id: 'b', row: 0, col: 0 }] });
    expect(twice.error?.issues[0]?.message).toMatch(/already used/);
  });

  it('fills panel defaults and refuses unknown panel types', () => {
    const scene = { id: 's', name: { vi: 'Cảnh', en: 'Scene' }, wall: 'w', panels: [
      { id: 'p', type: 'ranking', indicator: 'grdp_growth', rect: { x: 0, y: 0, w: 400, h: 400 } },
    ] };
    const parsed = SceneSchema.parse(scene);
    expect(parsed.panels[0]).toMatchObject({ top: 10, order: 'desc' });
    expect(SceneSchema.safeParse({ ...scene, panels: [{ ...scene.panels[0], type: 'pie' }] }).success).toBe(false);
  });
});

describe('CommandEnvelopeSchema', () => {
  it('requires a client id and a dotted command name; the arguments are the catalog\'s to check', () => {
    expect(CommandEnvelopeSchema.safeParse({ clientId: 'abcdef12', name: 'wall.scene.show', args: { wallId: 'main', sceneId: 'overview' } }).success).toBe(true);
    expect(CommandEnvelopeSchema.safeParse({ name: 'wall.scene.show', args: { wallId: 'main', sceneId: 'overview' } }).success).toBe(false);
    expect(CommandEnvelopeSchema.safeParse({ clientId: 'abc', name: 'wall.scene.show' }).success).toBe(false);
    expect(CommandEnvelopeSchema.safeParse({ clientId: 'abcdef12', name: 'reboot' }).success).toBe(false);
    expect(CommandEnvelopeSchema.parse({ clientId: 'abcdef12', name: 'room.mode.briefing' }).args).toEqual({});
  });
});
