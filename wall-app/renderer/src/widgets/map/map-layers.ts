// What deck.gl draws on the map, as pure functions of the map's inputs: the labels (placed
// for where the camera is going) and the layers. `map-view.tsx` owns the engines and calls these.
import { WebMercatorViewport, type Layer } from '@deck.gl/core';
import { ArcLayer, ColumnLayer, GeoJsonLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { Feature, FeatureCollection, MultiPolygon, Point as GeoPoint, Polygon } from 'geojson';
import type { Theme } from '../../theme';
import type { DrawnEvent, DrawnFlow } from './map-feed-model';
import type { ArchipelagoProps, ProvinceProps, VnGeo } from './geo-types';
import { placeLabels, rgba, textWidth, type Camera, type LabelCandidate, type Rgba } from './map-model';

export type ProvinceFeature = Feature<Polygon | MultiPolygon, ProvinceProps>;
export type ArchFeature = Feature<GeoPoint | Polygon, ArchipelagoProps>;
type Size = { width: number; height: number };
type ScreenBox = { x0: number; y0: number; x1: number; y1: number };

export interface TextItem {
  id: string;
  position: [number, number];
  text: string;
  size: number;
  color: Rgba;
  anchor: 'middle' | 'start' | 'end';
  baseline: 'center' | 'top' | 'bottom';
  weight: 'province' | 'strong' | 'muted';
}

/** The camera as a deck.gl viewport of the whole map. */
export function viewportOf(camera: Camera, full: { width: number; height: number }): WebMercatorViewport {
  return new WebMercatorViewport({ width: full.width, height: full.height, ...camera });
}

/** Whether every islet of an archipelago falls inside the whole map's view. */
export function archipelagoInView(vp: WebMercatorViewport, geo: VnGeo, id: string, full: Size): boolean {
  return (geo.archipelagos.features as ArchFeature[]).every((i) => {
    if (i.properties.archipelago !== id || i.properties.kind !== 'islet') return true;
    const [x, y] = vp.project((i.geometry as GeoPoint).coordinates as [number, number]);
    return x! >= 0 && y! >= 0 && x! <= full.width && y! <= full.height;
  });
}

/** `Thành phố Hồ Chí Minh` -> `TP. Hồ Chí Minh` (labels are short on a map). */
function shortName(name: string): string {
  return name.replace(/^Thành phố /, 'TP. ').replace(/^Tỉnh /, '').replace(' - ', '–');
}

/** A province's label in the map's language. */
function provinceText(f: ProvinceFeature, lang: 'vi' | 'en'): string {
  return lang === 'vi' ? shortName(f.properties.name) : f.properties.nameEn.replace(' - ', '–');
}

export interface TextsInput {
  /** The view the labels are placed for (where the camera is going). */
  vp: WebMercatorViewport;
  full: Size;
  provinces: FeatureCollection<Polygon | MultiPolygon, ProvinceProps>;
  geo: VnGeo;
  lang: 'vi' | 'en';
  focus: string | null;
  theme: Theme;
  /** Screen boxes the labels keep clear of (legend, attribution). */
  reserved: readonly ScreenBox[];
  seaLabel: string;
}

/**
 * The map's labels: both archipelagos (when in view; out of view they are labelled in the
 * inset), then the provinces, neighbours and the sea that fit without overlapping, the focused
 * province first.
 */
export function mapTexts({ vp, full, provinces, geo, lang, focus, theme, reserved, seaLabel }: TextsInput): TextItem[] {
  const out: TextItem[] = [];
  const textColor = rgba(theme.text);
  const muted = rgba(theme.muted);
  const arch = geo.archipelagos.features as ArchFeature[];
  const blocked = [...reserved];
  for (const f of arch) {
    // An archipelago out of the view is labelled in the inset instead.
    if (f.properties.kind !== 'label' || !archipelagoInView(vp, geo, f.properties.archipelago, full)) continue;
    const outline = arch.find((o) => o.properties.archipelago === f.properties.archipelago && o.properties.kind === 'outline')!;
    const ring = (outline.geometry as Polygon).coordinates[0]!;
    const top = Math.max(...ring.map((p) => p[1]!));
    const lon = (f.geometry as GeoPoint).coordinates[0]!;
    const full2 = lang === 'vi' ? f.properties.name : f.properties.nameEn;
    // Two lines: "Quần đảo Hoàng Sa" / "(Đà Nẵng)".
    const text = full2.replace(/ \(/, '\n(');
    out.push({ id: `arch-${f.properties.archipelago}`, position: [lon, top + 0.15], text, size: 22, color: textColor, anchor: 'middle', baseline: 'bottom', weight: 'strong' });
    const [x, y] = vp.project([lon, top + 0.15]);
    const w = textWidth(text, 22) / 2;
    blocked.push({ x0: x! - w, y0: y! - 60, x1: x! + w, y1: y! });
  }
  // Each candidate label as it is drawn when kept, with where it falls on screen and its priority.
  const labels: Array<{ item: TextItem; x: number; y: number; priority: number }> = [];
  const candidate = (item: TextItem, priority: number) => {
    const [x, y] = vp.project(item.position);
    labels.push({ item, x: x!, y: y!, priority });
  };
  const sizeOf = (f: ProvinceFeature) => {
    const [w, s, e, n] = f.properties.bbox;
    return (e - w) * (n - s);
  };
  for (const f of provinces.features as ProvinceFeature[]) {
    const isFocus = f.properties.code === focus;
    candidate(
      { id: f.properties.code, position: f.properties.label, text: provinceText(f, lang), size: isFocus ? 24 : 18, color: textColor, anchor: 'middle', baseline: 'center', weight: isFocus ? 'strong' : 'province' },
      (isFocus ? 1000 : 0) + sizeOf(f),
    );
  }
  for (const n of geo.neighbours.features) {
    if (!n.properties.label) continue;
    candidate({ id: `n-${n.properties.id}`, position: n.properties.label, text: lang === 'vi' ? n.properties.name : n.properties.nameEn, size: 20, color: muted, anchor: 'middle', baseline: 'center', weight: 'muted' }, -1);
  }
  candidate({ id: 'sea', position: [114.2, 14.3], text: seaLabel, size: 24, color: muted, anchor: 'middle', baseline: 'center', weight: 'muted' }, -2);
  const cands: LabelCandidate[] = labels.map(({ item, x, y, priority }) => ({ id: item.id, x, y, text: item.text, size: item.size, priority }));
  const kept = placeLabels(cands, full, 3, blocked);
  for (const { item } of labels) if (kept.has(item.id)) out.push(item);
  return out;
}

export interface LayersInput {
  provinces: FeatureCollection<Polygon | MultiPolygon, ProvinceProps>;
  fills: ReadonlyMap<string, string>;
  heights: ReadonlyMap<string, number>;
  layers: ReadonlyArray<'choropleth' | 'columns' | 'events' | 'flows'>;
  focused: ProvinceFeature | null;
  geo: VnGeo;
  theme: Theme;
  texts: TextItem[];
  events: DrawnEvent[];
  flows: DrawnFlow[];
}

/** deck.gl's layers: provinces (choropleth), the focus outline, islets, columns, flows, events, labels. */
export function buildDeckLayers({ provinces, fills, heights, layers, focused, geo, theme, texts, events, flows }: LayersInput): Layer[] {
  const labelOf = new Map((provinces.features as ProvinceFeature[]).map((f) => [f.properties.code, f.properties.label]));
  const base = rgba(theme.grid);
  const line = rgba(theme.background, 230);
  const choropleth = layers.includes('choropleth');
  const out: Layer[] = [
    new GeoJsonLayer<ProvinceProps>({
      id: 'provinces',
      data: provinces,
      filled: true,
      stroked: true,
      getFillColor: (f) => {
        const c = choropleth ? fills.get(f.properties.code) : undefined;
        return c ? rgba(c) : base;
      },
      getLineColor: line,
      lineWidthUnits: 'pixels',
      getLineWidth: 1.2,
      updateTriggers: { getFillColor: [fills, theme.grid, choropleth] },
    }),
  ];
  if (focused) {
    out.push(
      new GeoJsonLayer<ProvinceProps>({
        id: 'focus',
        data: { type: 'FeatureCollection', features: [focused] },
        filled: false,
        stroked: true,
        getLineColor: rgba(theme.accent),
        lineWidthUnits: 'pixels',
        getLineWidth: 5,
      }),
    );
  }
  const islets = (geo.archipelagos.features as ArchFeature[]).filter((f) => f.properties.kind === 'islet');
  out.push(
    new ScatterplotLayer<ArchFeature>({
      id: 'islets',
      data: islets,
      getPosition: (f) => (f.geometry as GeoPoint).coordinates as [number, number],
      radiusUnits: 'pixels',
      getRadius: 5,
      filled: true,
      stroked: true,
      getFillColor: rgba(theme.text),
      getLineColor: rgba(theme.sea),
      lineWidthUnits: 'pixels',
      getLineWidth: 1.5,
    }),
  );
  if (layers.includes('columns')) {
    const cols = [...heights].filter(([code]) => labelOf.has(code));
    out.push(
      new ColumnLayer<[string, number]>({
        id: 'columns',
        data: cols,
        diskResolution: 24,
        radius: 16_000,
        extruded: true,
        getPosition: ([code]) => labelOf.get(code)!,
        getElevation: ([, share]) => 15_000 + share * 185_000,
        getFillColor: ([code]) => rgba(fills.get(code) ?? theme.accent),
        material: { ambient: 0.55, diffuse: 0.6, shininess: 16, specularColor: [40, 40, 40] },
        updateTriggers: { getFillColor: [fills, theme.accent] },
      }),
    );
  }
  if (flows.length > 0) {
    out.push(
      new ArcLayer<DrawnFlow>({
        id: 'flows',
        data: flows,
        getSourcePosition: (d) => labelOf.get(d.from)!,
        getTargetPosition: (d) => labelOf.get(d.to)!,
        getSourceColor: rgba(theme.accent, 230),
        getTargetColor: rgba(theme.warn, 230),
        getWidth: (d) => 2 + d.volume * 0.5,
        widthUnits: 'pixels',
        getHeight: 0.6,
      }),
    );
  }
  if (events.length > 0) {
    const sev = { high: rgba(theme.bad), medium: rgba(theme.warn), low: rgba(theme.neutral) };
    out.push(
      new ScatterplotLayer<DrawnEvent>({
        id: 'events',
        data: events,
        getPosition: (d) => d.position,
        radiusUnits: 'pixels',
        getRadius: (d) => (d.severity === 'high' ? 11 : d.severity === 'medium' ? 9 : 7),
        getFillColor: (d) => sev[d.severity],
        stroked: true,
        getLineColor: rgba(theme.background),
        lineWidthUnits: 'pixels',
        getLineWidth: 2,
      }),
    );
  }
  const outline = rgba(theme.background, 255);
  out.push(
    new TextLayer<TextItem>({
      id: 'labels',
      data: texts,
      getPosition: (d) => d.position,
      getText: (d) => d.text,
      getSize: (d) => d.size,
      sizeUnits: 'pixels',
      getColor: (d) => d.color,
      getTextAnchor: (d) => d.anchor,
      getAlignmentBaseline: (d) => d.baseline,
      fontFamily: '"Be Vietnam Pro", sans-serif',
      fontWeight: 600,
      characterSet: 'auto',
      lineHeight: 1.15,
      fontSettings: { sdf: true, fontSize: 64, buffer: 8, radius: 12 },
      outlineWidth: 3,
      outlineColor: outline,
      billboard: true,
      // Labels stay readable over columns and arcs.
      parameters: { depthCompare: 'always', depthWriteEnabled: false },
      updateTriggers: { getColor: [theme.text, theme.muted] },
    }),
  );
  return out;
}
