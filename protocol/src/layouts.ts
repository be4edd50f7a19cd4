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
  /** Draw the forecast (`GET /api/v1/forecast`) after the last point, with its 80% and 95% band. */
  forecast: z.boolean().default(false),
  /** Draw the plan target of the indicator, where the catalog has one. */
  target: z.boolean().default(true),
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

/**
 * The map of Viet Nam (maplibre-gl base, deck.gl layers), fully offline, with the Hoàng Sa and
 * Trường Sa archipelagos always drawn and labelled. Provinces of the chosen vintage coloured by
 * the latest value of `indicator` (`choropleth`, with a legend of `classes` classes), or raised
 * as columns (`columns`); `events` adds incident points and `flows` arcs between provinces.
 * The wall's drill-down focus flies the map to that province.
 */
export const MapPanelSchema = z.strictObject({
  ...PanelBase,
  type: z.literal('map'),
  indicator: IndicatorIdSchema,
  /** `2025`: the 34 provinces since 1 July 2025; `2008`: the 63 before. */
  vintage: z.enum(['2025', '2008']).default('2025'),
  layers: z
    .array(z.enum(['choropleth', 'columns', 'events', 'flows']))
    .min(1)
    .default(['choropleth']),
  classes: z.number().int().min(3).max(9).default(5),
});
/** Progress of one indicator of one unit against the year's plan target, as a gauge. */
export const GaugePanelSchema = z.strictObject({
  ...PanelBase,
  type: z.literal('gauge'),
  indicator: IndicatorIdSchema,
  unit: UnitCodeSchema,
});
/** Small multiples: one small line chart of `indicator` per unit, on a common scale. */
export const MultiplesPanelSchema = z.strictObject({
  ...PanelBase,
  type: z.literal('multiples'),
  indicator: IndicatorIdSchema,
  units: z.array(UnitCodeSchema).min(2).max(16),
  periods: z.number().int().min(2).max(120).default(12),
});
/** Sparklines: several indicators of one unit, each a row with its latest value and a sparkline. */
export const SparklinesPanelSchema = z.strictObject({
  ...PanelBase,
  type: z.literal('sparklines'),
  unit: UnitCodeSchema,
  indicators: z.array(IndicatorIdSchema).min(1).max(12),
  periods: z.number().int().min(2).max(120).default(12),
});
/** Heat table: the current provinces (rows) by several indicators (columns), each column coloured by its own scale. */
export const HeatTablePanelSchema = z.strictObject({
  ...PanelBase,
  type: z.literal('heat-table'),
  indicators: z.array(IndicatorIdSchema).min(1).max(12),
  /** Rows sorted by this indicator (default the first), best first. */
  sortBy: IndicatorIdSchema.optional(),
  /** Rows shown (the best `rows`); all 34 by default. */
  rows: z.number().int().min(1).max(63).optional(),
});
/** The open warnings, most severe first. */
export const WarningsPanelSchema = z.strictObject({
  ...PanelBase,
  type: z.literal('warnings'),
  max: z.number().int().min(1).max(50).default(8),
});
/** A news strip moving by wall time: the scene's messages and, optionally, the open warnings. */
export const TickerPanelSchema = z.strictObject({
  ...PanelBase,
  type: z.literal('ticker'),
  messages: z.array(LabelSchema).max(50).default([]),
  warnings: z.boolean().default(true),
  /** Speed of the strip, canvas pixels per second of wall time. */
  pxPerSecond: z.number().min(10).max(1000).default(120),
});
/** three.js: the international comparison (Gapminder, vega-datasets) as 3D bars on a globe, turning by wall time. */
export const GlobePanelSchema = z.strictObject({
  ...PanelBase,
  type: z.literal('globe'),
  measure: z.enum(['income', 'life_expect', 'fertility', 'pop']).default('income'),
  /** One turn of the globe takes this long, seconds of wall time (0: still). */
  turnSeconds: z.number().min(0).max(3600).default(120),
});

/** A panel of a scene, placed in wall-canvas pixels; it may span displays. */
export const PanelSchema = z.discriminatedUnion('type', [
  KpiPanelSchema,
  LinePanelSchema,
  RankingPanelSchema,
  TablePanelSchema,
  MapPanelSchema,
  GaugePanelSchema,
  MultiplesPanelSchema,
  SparklinesPanelSchema,
  HeatTablePanelSchema,
  WarningsPanelSchema,
  TickerPanelSchema,
  GlobePanelSchema,
]);
export type Panel = z.infer<typeof PanelSchema>;
export type PanelType = Panel['type'];

/** The indicators a panel shows, with the JSON path of each in the panel (for validation messages). */
export function panelIndicators(panel: Panel): Array<{ path: string; id: string }> {
  switch (panel.type) {
    case 'table':
    case 'sparklines':
    case 'heat-table': {
      const refs = panel.indicators.map((id, j) => ({ path: `indicators[${j}]`, id }));
      return panel.type === 'heat-table' && panel.sortBy ? [...refs, { path: 'sortBy', id: panel.sortBy }] : refs;
    }
    case 'warnings':
    case 'ticker':
    case 'globe':
      return [];
    default:
      return [{ path: 'indicator', id: panel.indicator }];
  }
}

/** The reporting units a panel names, with the JSON path of each in the panel. */
export function panelUnits(panel: Panel): Array<{ path: string; code: string }> {
  switch (panel.type) {
    case 'kpi':
    case 'line':
    case 'table':
    case 'gauge':
    case 'sparklines':
      return [{ path: 'unit', code: panel.unit }];
    case 'multiples':
      return panel.units.map((code, j) => ({ path: `units[${j}]`, code }));
    default:
      return [];
  }
}

/** A scene: what a wall shows at once. */
export const SceneSchema = z
  .strictObject({
    $schema: z.string().optional(),
    id: Id,
    name: LabelSchema,
    /** The wall this scene is laid out for. */
    wall: Id,
    panels: z.array(PanelSchema).min(1),
    /**
     * The province panel set shown while the wall is drilled down to a province (`wall.drilldown`):
     * it takes the place of the scene's panels it overlaps (they are hidden, not drawn under it,
     * so none of their text shows through the gaps between its panels), each of its panels
     * showing the focused province (its `unit` is replaced by the focus code; a ranking or map
     * highlights it).
     */
    drilldown: z.strictObject({ panels: z.array(PanelSchema).min(1).max(12) }).optional(),
  })
  .superRefine((scene, ctx) => {
    const ids = scene.panels.map((p) => p.id);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: ['panels', i, 'id'], message: `duplicate panel id ${id}` });
    });
    scene.drilldown?.panels.forEach((p, i) => {
      if (ids.includes(p.id) || scene.drilldown!.panels.findIndex((q) => q.id === p.id) !== i) {
        ctx.addIssue({ code: 'custom', path: ['drilldown', 'panels', i, 'id'], message: `duplicate panel id ${p.id} (drill-down panels need ids of their own)` });
      }
    });
  });

/**
 * A scene's panels for a drill-down focus: without one, its own; with one, those of its own
 * that no drill-down panel overlaps, then the drill-down set showing the focused unit.
 */
export function panelsWithFocus(scene: Scene, focus: string | null): Panel[] {
  if (!focus || !scene.drilldown) return scene.panels;
  const focused = scene.drilldown.panels.map((p): Panel => ('unit' in p ? ({ ...p, unit: focus } as Panel) : p));
  const meets = (a: Rect, b: Rect) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  return [...scene.panels.filter((p) => !focused.some((f) => meets(p.rect, f.rect))), ...focused];
}
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
  /** The message in Vietnamese and English, where the server has both (a file served from its last good version). */
  text: LabelSchema.optional(),
});
export type LayoutIssue = z.infer<typeof LayoutIssueSchema>;

/** Answer of `GET /api/v1/layouts/errors`: problems of the last load (the last good versions stay in use). */
export const LayoutErrorsResponseSchema = z.object({ errors: z.array(LayoutIssueSchema) });
export type LayoutErrorsResponse = z.infer<typeof LayoutErrorsResponseSchema>;
