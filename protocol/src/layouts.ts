import { z } from 'zod';
import { DisplayColorSchema, DisplayOffsetSchema } from './display-adjust.js';
import { LabelSchema } from './i18n.js';
import { IndicatorIdSchema, UnitCodeSchema } from './observations.js';
import { wallIssues } from './wall-check.js';
import type { WallGeometry } from './wall-geometry.js';

const Id = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, {
  message: 'expected an id: lower case letters, digits, - and _',
});

/** Pixels of a display (or the default of a wall). */
export const ResolutionSchema = z.strictObject({
  width: z.number().int().min(320).max(16384),
  height: z.number().int().min(240).max(16384),
});
export type Resolution = z.infer<typeof ResolutionSchema>;

const Mm = z.number().nonnegative().max(100_000);

/** Physical size of a display's active area (the lit pixels), millimetres. */
export const ActiveSizeSchema = z.strictObject({ width: Mm.positive(), height: Mm.positive() });
export type ActiveSize = z.infer<typeof ActiveSizeSchema>;

/** Bezel widths in millimetres: one number for all four sides, or each side. */
export const BezelSchema = z.union([Mm.max(500), z.strictObject({ top: Mm.max(500), right: Mm.max(500), bottom: Mm.max(500), left: Mm.max(500) })]);
export type Bezel = z.infer<typeof BezelSchema>;

/**
 * One physical display of a wall: at a cell of the wall's grid (`row`, `col`), or at an explicit
 * `position` on the wall (the top-left of its active area, millimetres). `resolution`, `size`
 * and `bezel` default to the wall's. `offset` and `color` are set by technician calibration.
 */
export const DisplaySchema = z.strictObject({
  id: Id,
  row: z.number().int().nonnegative().optional(),
  col: z.number().int().nonnegative().optional(),
  position: z.strictObject({ x: z.number().min(-100_000).max(100_000), y: z.number().min(-100_000).max(100_000) }).optional(),
  resolution: ResolutionSchema.optional(),
  size: ActiveSizeSchema.optional(),
  bezel: BezelSchema.optional(),
  /** Calibration: moves the display's viewport by this many canvas pixels. */
  offset: DisplayOffsetSchema.optional(),
  /** Calibration: colour correction applied by the renderer to everything the display shows. */
  color: DisplayColorSchema.optional(),
});
export type Display = z.infer<typeof DisplaySchema>;

/** One machine output window showing one display or a rectangle of adjacent displays. */
export const RendererSchema = z.strictObject({ id: Id, displays: z.array(Id).min(1) });
export type Renderer = z.infer<typeof RendererSchema>;

/**
 * A wall: its displays and the renderers that drive them. From the displays' resolutions, sizes
 * and bezels comes one virtual canvas (see `wallGeometry`), in which the pixels hidden behind
 * bezels exist but are not shown. With no `size` and no `bezel` the canvas is `cols x width` by
 * `rows x height` pixels. With no `renderers`, each display has its own.
 */
export const WallSchema = z
  .strictObject({
    $schema: z.string().optional(),
    id: Id,
    name: LabelSchema,
    grid: z.strictObject({ rows: z.number().int().min(1).max(16), cols: z.number().int().min(1).max(16) }).optional(),
    /** Default resolution of the displays. */
    resolution: ResolutionSchema,
    /** Default active-area size of the displays, mm (needed for bezels to be converted to pixels). */
    size: ActiveSizeSchema.optional(),
    /** Default bezel widths of the displays, mm. */
    bezel: BezelSchema.optional(),
    displays: z.array(DisplaySchema).min(1).max(256),
    renderers: z.array(RendererSchema).min(1).optional(),
    defaultScene: Id,
  })
  .superRefine((wall, ctx) => {
    for (const issue of wallIssues(wall)) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
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
  /** Each wall's computed geometry (canvas, display and renderer viewports), by wall id. */
  geometry: Record<string, WallGeometry>;
}

/** A problem found in a layout file: the file, the JSON path in it and what was expected. */
export const LayoutIssueSchema = z.object({
  /** File name relative to the layouts directory, e.g. `scenes/overview.json`. */
  file: z.string(),
  /** JSON path inside the file, e.g. `panels[2].rect.w`; empty for the whole file. */
  path: z.string(),
  message: z.string(),
  /** Absent for an error (the file is not used); `warning`: used, but something will look wrong. */
  severity: z.literal('warning').optional(),
});
export type LayoutIssue = z.infer<typeof LayoutIssueSchema>;

/** Answer of `GET /api/v1/layouts/errors`: problems of the last load (the last good versions stay in use). */
export const LayoutErrorsResponseSchema = z.object({ errors: z.array(LayoutIssueSchema) });
export type LayoutErrorsResponse = z.infer<typeof LayoutErrorsResponseSchema>;
