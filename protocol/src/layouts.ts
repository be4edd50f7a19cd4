import { z } from 'zod';
import { LabelSchema } from './i18n.js';
import { IndicatorIdSchema, UnitCodeSchema } from './observations.js';

const Id = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, {
  message: 'expected an id: lower case letters, digits, - and _',
});

/** One physical display of a wall, at a cell of the wall's grid. */
export const DisplaySchema = z.strictObject({
  id: Id,
  row: z.number().int().nonnegative(),
  col: z.number().int().nonnegative(),
});
export type Display = z.infer<typeof DisplaySchema>;

/**
 * A wall: a grid of identical displays. The virtual canvas is `cols x width` by
 * `rows x height` pixels; each display shows the rectangle at its cell.
 */
export const WallSchema = z
  .strictObject({
    $schema: z.string().optional(),
    id: Id,
    name: LabelSchema,
    grid: z.strictObject({ rows: z.number().int().min(1).max(16), cols: z.number().int().min(1).max(16) }),
    resolution: z.strictObject({
      width: z.number().int().min(320).max(16384),
      height: z.number().int().min(240).max(16384),
    }),
    displays: z.array(DisplaySchema).min(1),
    defaultScene: Id,
  })
  .superRefine((wall, ctx) => {
    const seen = new Map<string, number>();
    wall.displays.forEach((d, i) => {
      if (d.row >= wall.grid.rows || d.col >= wall.grid.cols) {
        ctx.addIssue({ code: 'custom', path: ['displays', i], message: `cell (${d.row},${d.col}) is outside the ${wall.grid.rows}x${wall.grid.cols} grid` });
      }
      const cell = `${d.row},${d.col}`;
      if (seen.has(cell)) ctx.addIssue({ code: 'custom', path: ['displays', i], message: `cell (${cell}) is already used by display ${seen.get(cell)}` });
      seen.set(cell, i);
    });
    const ids = wall.displays.map((d) => d.id);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: ['displays', i, 'id'], message: `duplicate display id ${id}` });
    });
  });
export type Wall = z.infer<typeof WallSchema>;

/** A rectangle in wall-canvas pixels. */
export const RectSchema = z.strictObject({
  x: z.number().int().nonnegative(),
  y: z.number().int().nonnegative(),
  w: z.number().int().min(40),
  h: z.number().int().min(40),
});
export type Rect = z.infer<typeof RectSchema>;

const PanelBase = {
  id: Id,
  rect: RectSchema,
  title: LabelSchema.optional(),
};

/** Value of one indicator for one unit: value, unit, change on the previous period, sparkline. */
export const KpiPanelSchema = z.strictObject({
  ...PanelBase,
  type: z.literal('kpi'),
  indicator: IndicatorIdSchema,
  unit: UnitCodeSchema,
});
/** Line chart of one series over its last `periods` periods. */
export const LinePanelSchema = z.strictObject({
  ...PanelBase,
  type: z.literal('line'),
  indicator: IndicatorIdSchema,
  unit: UnitCodeSchema,
  periods: z.number().int().min(2).max(500).default(36),
});
/** Bars ranking the provinces on the latest value of one indicator. */
export const RankingPanelSchema = z.strictObject({
  ...PanelBase,
  type: z.literal('ranking'),
  indicator: IndicatorIdSchema,
  top: z.number().int().min(1).max(63).default(10),
  order: z.enum(['desc', 'asc']).default('desc'),
});
/** Table of several indicators for one unit: latest value, period, previous value, change. */
export const TablePanelSchema = z.strictObject({
  ...PanelBase,
  type: z.literal('table'),
  unit: UnitCodeSchema,
  indicators: z.array(IndicatorIdSchema).min(1).max(20),
});

/** A panel of a scene, placed in wall-canvas pixels; it may span displays. */
export const PanelSchema = z.discriminatedUnion('type', [KpiPanelSchema, LinePanelSchema, RankingPanelSchema, TablePanelSchema]);
export type Panel = z.infer<typeof PanelSchema>;
export type PanelType = Panel['type'];

/** A scene: what a wall shows at once. */
export const SceneSchema = z
  .strictObject({
    $schema: z.string().optional(),
    id: Id,
    name: LabelSchema,
    /** The wall this scene is laid out for. */
    wall: Id,
    panels: z.array(PanelSchema).min(1),
  })
  .superRefine((scene, ctx) => {
    const ids = scene.panels.map((p) => p.id);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: ['panels', i, 'id'], message: `duplicate panel id ${id}` });
    });
  });
export type Scene = z.infer<typeof SceneSchema>;

/** Scene summary for lists (console buttons). */
export interface SceneSummary {
  id: string;
  name: { vi: string; en: string };
  wall: string;
}

/** Answer of `GET /api/v1/layouts`. */
export interface LayoutsResponse {
  walls: Wall[];
  scenes: Scene[];
}

/** A problem found in a layout file: the file, the JSON path in it and what was expected. */
export const LayoutIssueSchema = z.object({
  /** File name relative to the layouts directory, e.g. `scenes/overview.json`. */
  file: z.string(),
  /** JSON path inside the file, e.g. `panels[2].rect.w`; empty for the whole file. */
  path: z.string(),
  message: z.string(),
});
export type LayoutIssue = z.infer<typeof LayoutIssueSchema>;

/** Answer of `GET /api/v1/layouts/errors`: problems of the last load (the last good versions stay in use). */
export const LayoutErrorsResponseSchema = z.object({ errors: z.array(LayoutIssueSchema) });
export type LayoutErrorsResponse = z.infer<typeof LayoutErrorsResponseSchema>;
