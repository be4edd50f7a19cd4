// The map's engines, loaded lazily (a chunk of its own): MapLibre draws the sea, the
// neighbouring countries and the archipelagos' dashed outlines from an inline style (no tiles,
// glyphs or sprites: nothing is fetched from the internet); a deck.gl canvas on top draws the
// provinces, islets, labels, columns, events and flows. Both render on demand only.
import 'maplibre-gl/dist/maplibre-gl.css';
import { Deck, MapView as DeckMapView, WebMercatorViewport, type Layer } from '@deck.gl/core';
import { ArcLayer, ColumnLayer, GeoJsonLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { Feature, MultiPolygon, Point as GeoPoint, Polygon } from 'geojson';
import { Map as MapLibreMap, setWorkerUrl, type StyleSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { countDraw } from '../../paint/draw-count';
import type { Theme } from '../../theme';
import { mapSubViewport } from '../../tile/view-offset';
import { useWallAnimation } from '../use-wall-animation';
import { useWallNow } from '../../state/hooks';
import { demoEvents, demoFlows, type DemoEvent, type DemoFlow } from './demo-events';
import type { ArchipelagoProps, ProvinceProps, VnGeo } from './geo-types';
import geoUrl from './generated/vn-geo.json?url';
import { COUNTRY_BOUNDS, FLIGHT_MS, flightCamera, placeLabels, rgba, unionBounds, type Camera, type LabelCandidate, type Rgba } from './map-model';

/** A rectangle in pixels. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface MapViewProps {
  panelId: string;
  /** The whole map's size (the panel body), px: the camera is the whole map's. */
  full: { width: number; height: number };
  /** The part of the map this tile draws, in map pixels (the whole map when the panel is on one tile). */
  part: Box;
  vintage: '2025' | '2008';
  layers: ReadonlyArray<'choropleth' | 'columns' | 'events' | 'flows'>;
  /** Fill colour of each province with data (choropleth), by code. */
  fills: ReadonlyMap<string, string>;
  /** Value share (0..1) of each province with data, for column heights. */
  heights: ReadonlyMap<string, number>;
  focus: string | null;
  theme: Theme;
  lang: 'vi' | 'en';
  seaLabel: string;
  /** Changes whenever what is drawn changes; reported back once drawn (`onRendered`). */
  renderKey: string;
  onRendered: (key: string) => void;
  /** Where the archipelagos are in view (false: out of the view; the panel shows an inset). */
  onArchipelagosInView: (inView: { 'hoang-sa': boolean; 'truong-sa': boolean }) => void;
  /** Width of the column on the right the legend and the inset take, px: a drill-down view keeps clear of it. */
  overlayRight: number;
  /** Screen boxes the map's labels keep clear of (legend, attribution), in map pixels. */
  reserved: ReadonlyArray<{ x0: number; y0: number; x1: number; y1: number }>;
}

let geoPromise: Promise<VnGeo> | null = null;

/** The geometry and the label font, loaded once per page. */
function loadGeo(): Promise<VnGeo> {
  geoPromise ??= Promise.all([
    fetch(geoUrl).then((r) => {
      if (!r.ok) throw new Error(`map geometry: HTTP ${r.status}`);
      return r.json() as Promise<VnGeo>;
    }),
    // The text atlas is drawn with the font once: it must be loaded first (both subsets).
    document.fonts.load('600 32px "Be Vietnam Pro"', 'Quần đảo Hoàng Sa Abc'),
    document.fonts.load('400 32px "Be Vietnam Pro"', 'Quần đảo Hoàng Sa Abc'),
  ]).then(([geo]) => geo);
  return geoPromise;
}

const PADDING = 36;
/** A small province is not blown up past this (the source geometry is generalised, ~100 m). */
const MAX_ZOOM = 7.4;

/** The camera that fits `bounds` in the whole map (pitched a little for columns). */
function fitCamera(bounds: readonly [number, number, number, number], full: { width: number; height: number }, pitch: number, right = 0): Camera {
  const vp = new WebMercatorViewport({ width: Math.max(64, full.width), height: Math.max(64, full.height) });
  const pad = Math.min(PADDING, full.width / 8, full.height / 8);
  const fit = vp.fitBounds(
    [
      [bounds[0], bounds[1]],
      [bounds[2], bounds[3]],
    ],
    { padding: { top: pad, bottom: pad, left: pad, right: Math.min(Math.max(pad, right), full.width / 3) } },
  );
  // A pitched camera sees the far side smaller: step back a little.
  return { longitude: fit.longitude, latitude: fit.latitude, zoom: Math.min(MAX_ZOOM, fit.zoom - (pitch > 0 ? 0.25 : 0)), pitch, bearing: 0 };
}

function viewportOf(camera: Camera, full: { width: number; height: number }): WebMercatorViewport {
  return new WebMercatorViewport({ width: full.width, height: full.height, ...camera });
}

function mapStyle(theme: Theme, geo: VnGeo): StyleSpecification {
  const outlines = { type: 'FeatureCollection' as const, features: geo.archipelagos.features.filter((f) => f.properties.kind === 'outline') };
  return {
    version: 8,
    // No glyphs, sprite or tile URLs: the wall is offline. Labels are deck.gl's.
    sources: {
      neighbours: { type: 'geojson', data: geo.neighbours },
      archipelagos: { type: 'geojson', data: outlines },
    },
    layers: [
      { id: 'sea', type: 'background', paint: { 'background-color': theme.sea } },
      { id: 'land', type: 'fill', source: 'neighbours', paint: { 'fill-color': theme.land, 'fill-antialias': true } },
      { id: 'borders', type: 'line', source: 'neighbours', paint: { 'line-color': theme.border, 'line-width': 1 } },
      {
        id: 'archipelago-outline',
        type: 'line',
        source: 'archipelagos',
        paint: { 'line-color': theme.muted, 'line-width': 2, 'line-dasharray': [3, 2], 'line-opacity': 0.9 },
      },
    ],
  };
}

function applyTheme(map: MapLibreMap, theme: Theme): void {
  map.setPaintProperty('sea', 'background-color', theme.sea);
  map.setPaintProperty('land', 'fill-color', theme.land);
  map.setPaintProperty('borders', 'line-color', theme.border);
  map.setPaintProperty('archipelago-outline', 'line-color', theme.muted);
}

type ProvinceFeature = Feature<Polygon | MultiPolygon, ProvinceProps>;
type ArchFeature = Feature<GeoPoint | Polygon, ArchipelagoProps>;

interface TextItem {
  id: string;
  position: [number, number];
  text: string;
  size: number;
  color: Rgba;
  anchor: 'middle' | 'start' | 'end';
  baseline: 'center' | 'top' | 'bottom';
  weight: 'province' | 'strong' | 'muted';
}

/** The map. Throws (for the panel's error box) when the geometry cannot load or WebGL fails. */
export default function MapView(props: MapViewProps) {
  const [geo, setGeo] = useState<VnGeo | null>(null);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    let live = true;
    loadGeo().then(
      (g) => live && setGeo(g),
      (e: unknown) => live && setError(e instanceof Error ? e : new Error(String(e))),
    );
    return () => {
      live = false;
    };
  }, []);
  if (error) throw error;
  if (!geo) return null;
  return <MapEngines {...props} geo={geo} />;
}

function MapEngines(props: MapViewProps & { geo: VnGeo }) {
  const { geo, panelId, full, part, vintage, layers, fills, heights, focus, theme, lang, renderKey, reserved, seaLabel } = props;
  const mapDiv = useRef<HTMLDivElement>(null);
  const deckCanvas = useRef<HTMLCanvasElement>(null);
  const engines = useRef<{ map: MapLibreMap; deck: Deck<DeckMapView[]> } | null>(null);
  const [failure, setFailure] = useState<Error | null>(null);
  const callbacks = useRef(props);
  callbacks.current = props;
  const now = useWallNow();

  const provinces = vintage === '2025' ? geo.provinces2025 : geo.provinces2008;
  const pitch = layers.includes('columns') ? 35 : 0;
  const focused = useMemo(() => (focus ? (provinces.features.find((f) => f.properties.code === focus) ?? null) : null), [focus, provinces]);

  // Where the camera goes: the whole country with both archipelagos, or the focused province
  // (with its own archipelago, for Đà Nẵng and Khánh Hòa).
  const target = useMemo(() => {
    if (!focused) return fitCamera(COUNTRY_BOUNDS, full, pitch);
    const boxes: Array<readonly [number, number, number, number]> = [focused.properties.bbox];
    const arch = focused.properties.archipelago;
    if (arch) {
      for (const f of geo.archipelagos.features) {
        if (f.properties.archipelago === arch && f.properties.kind === 'outline') {
          const ring = (f.geometry as Polygon).coordinates[0]!;
          boxes.push([Math.min(...ring.map((p) => p[0]!)), Math.min(...ring.map((p) => p[1]!)), Math.max(...ring.map((p) => p[0]!)), Math.max(...ring.map((p) => p[1]!))]);
        }
      }
    }
    return fitCamera(unionBounds(...boxes), full, pitch, props.overlayRight);
  }, [focused, full.width, full.height, pitch, geo, props.overlayRight]);

  // The camera shown now; flights move it by wall time.
  const camera = useRef<Camera>(target);
  const flight = useRef<{ from: Camera; to: Camera; start: number } | null>(null);
  const [flying, setFlying] = useState(false);
  const lastFocus = useRef(focus);
  const lastTarget = useRef(target);
  if (lastTarget.current !== target) {
    const focusChanged = lastFocus.current !== focus;
    lastFocus.current = focus;
    lastTarget.current = target;
    if (focusChanged && engines.current) {
      flight.current = { from: { ...camera.current }, to: target, start: now() };
    } else {
      flight.current = null;
      camera.current = target;
    }
  }
  useEffect(() => setFlying(flight.current !== null), [target]);

  // Labels are placed for where the camera is going (stable during a flight).
  const texts = useMemo((): TextItem[] => {
    const vp = viewportOf(target, full);
    const out: TextItem[] = [];
    const textColor = rgba(theme.text);
    const muted = rgba(theme.muted);
    const arch = geo.archipelagos.features as ArchFeature[];
    const blocked = [...reserved];
    const inView = (id: string) =>
      arch.every((i) => {
        if (i.properties.archipelago !== id || i.properties.kind !== 'islet') return true;
        const [x, y] = vp.project((i.geometry as GeoPoint).coordinates as [number, number]);
        return x! >= 0 && y! >= 0 && x! <= full.width && y! <= full.height;
      });
    for (const f of arch) {
      // An archipelago out of the view is labelled in the inset instead.
      if (f.properties.kind !== 'label' || !inView(f.properties.archipelago)) continue;
      const outline = arch.find((o) => o.properties.archipelago === f.properties.archipelago && o.properties.kind === 'outline')!;
      const ring = (outline.geometry as Polygon).coordinates[0]!;
      const top = Math.max(...ring.map((p) => p[1]!));
      const lon = (f.geometry as GeoPoint).coordinates[0]!;
      const full2 = lang === 'vi' ? f.properties.name : f.properties.nameEn;
      // Two lines: "Quần đảo Hoàng Sa" / "(Đà Nẵng)".
      const text = full2.replace(/ \(/, '\n(');
      out.push({ id: `arch-${f.properties.archipelago}`, position: [lon, top + 0.15], text, size: 22, color: textColor, anchor: 'middle', baseline: 'bottom', weight: 'strong' });
      const [x, y] = vp.project([lon, top + 0.15]);
      const w = (Math.max(...text.split('\n').map((l) => l.length)) * 22 * 0.6) / 2;
      blocked.push({ x0: x! - w, y0: y! - 60, x1: x! + w, y1: y! });
    }
    const cands: LabelCandidate[] = [];
    const sizeOf = (f: ProvinceFeature) => {
      const [w, s, e, n] = f.properties.bbox;
      return (e - w) * (n - s);
    };
    for (const f of provinces.features as ProvinceFeature[]) {
      const [x, y] = vp.project(f.properties.label);
      const isFocus = f.properties.code === focus;
      cands.push({ id: f.properties.code, x: x!, y: y!, text: lang === 'vi' ? shortName(f.properties.name) : f.properties.nameEn.replace(' - ', '–'), size: isFocus ? 24 : 18, priority: (isFocus ? 1000 : 0) + sizeOf(f) });
    }
    for (const n of geo.neighbours.features) {
      if (!n.properties.label) continue;
      const [x, y] = vp.project(n.properties.label);
      cands.push({ id: `n-${n.properties.id}`, x: x!, y: y!, text: lang === 'vi' ? n.properties.name : n.properties.nameEn, size: 20, priority: -1 });
    }
    const seaAt: [number, number] = [114.2, 14.3];
    const [sx, sy] = vp.project(seaAt);
    cands.push({ id: 'sea', x: sx!, y: sy!, text: seaLabel, size: 24, priority: -2 });
    const kept = placeLabels(cands, full, 3, blocked);
    for (const f of provinces.features as ProvinceFeature[]) {
      if (!kept.has(f.properties.code)) continue;
      const isFocus = f.properties.code === focus;
      out.push({
        id: f.properties.code,
        position: f.properties.label,
        text: lang === 'vi' ? shortName(f.properties.name) : f.properties.nameEn.replace(' - ', '–'),
        size: isFocus ? 24 : 18,
        color: textColor,
        anchor: 'middle',
        baseline: 'center',
        weight: isFocus ? 'strong' : 'province',
      });
    }
    for (const n of geo.neighbours.features) {
      if (!n.properties.label || !kept.has(`n-${n.properties.id}`)) continue;
      out.push({ id: `n-${n.properties.id}`, position: n.properties.label, text: lang === 'vi' ? n.properties.name : n.properties.nameEn, size: 20, color: muted, anchor: 'middle', baseline: 'center', weight: 'muted' });
    }
    if (kept.has('sea')) out.push({ id: 'sea', position: seaAt, text: seaLabel, size: 24, color: muted, anchor: 'middle', baseline: 'center', weight: 'muted' });
    return out;
  }, [target, full.width, full.height, provinces, geo, lang, focus, theme, reserved, seaLabel]);

  const events = useMemo<DemoEvent[]>(
    () => (layers.includes('events') ? demoEvents(panelId, (provinces.features as ProvinceFeature[]).map((f) => f.properties)) : []),
    [layers, panelId, provinces],
  );
  const flows = useMemo<DemoFlow[]>(
    () => (layers.includes('flows') ? demoFlows(panelId, (provinces.features as ProvinceFeature[]).map((f) => f.properties.code)) : []),
    [layers, panelId, provinces],
  );

  const deckLayers = useMemo((): Layer[] => {
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
        new ArcLayer<DemoFlow>({
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
        new ScatterplotLayer<DemoEvent>({
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
  }, [provinces, fills, heights, layers, focused, geo, theme, texts, events, flows]);

  // Create the engines once.
  useLayoutEffect(() => {
    if (!mapDiv.current || !deckCanvas.current) return;
    let map: MapLibreMap;
    let deck: Deck<DeckMapView[]>;
    try {
      setWorkerUrl(workerUrl);
      const sub = mapSubViewport(full, part);
      map = new MapLibreMap({
        container: mapDiv.current,
        style: mapStyle(theme, geo),
        interactive: false,
        attributionControl: false,
        fadeDuration: 0,
        renderWorldCopies: false,
        maxPitch: 60,
        center: [camera.current.longitude, camera.current.latitude],
        zoom: camera.current.zoom,
        pitch: camera.current.pitch,
        bearing: camera.current.bearing,
        canvasContextAttributes: { preserveDrawingBuffer: true, antialias: true },
      });
      map.setVerticalFieldOfView(sub.fovDeg);
      map.jumpTo({ padding: sub.padding });
      map.on('render', () => countDraw(panelId, 'maplibre'));
      map.on('error', (e) => setFailure(e.error instanceof Error ? e.error : new Error(String(e.error))));
      deck = new Deck<DeckMapView[]>({
        canvas: deckCanvas.current,
        width: '100%',
        height: '100%',
        views: [deckView(full, part)],
        viewState: { map: { ...camera.current } },
        controller: false,
        layers: [],
        onAfterRender: () => {
          countDraw(panelId, 'deck');
          drawnKey.current = pendingKey.current;
          checkRendered();
          sleepSoon();
        },
        onError: (e) => {
          setFailure(e instanceof Error ? e : new Error(String(e)));
        },
      });
    } catch (e) {
      setFailure(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    map.on('idle', checkRendered);
    engines.current = { map, deck };
    return () => {
      engines.current = null;
      deck.finalize();
      map.remove();
    };
  }, []);

  const pendingKey = useRef<string | null>(null);
  const drawnKey = useRef<string | null>(null);
  const reportedKey = useRef<string | null>(null);
  function checkRendered() {
    const e = engines.current;
    const key = drawnKey.current;
    if (!e || key === null || key === reportedKey.current) return;
    if (!e.map.loaded() || e.map.isMoving() || flight.current) return;
    reportedKey.current = key;
    callbacks.current.onRendered(key);
  }

  // deck.gl's render loop asks for an animation frame 60 times a second even when nothing
  // changes (about 50 ms of main thread per second here): it is stopped once everything is
  // drawn and loaded, and started again before anything is handed to deck.gl.
  const sleepTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  function wake() {
    if (sleepTimer.current) clearTimeout(sleepTimer.current);
    sleepTimer.current = null;
    const loop = engines.current && deckLoop(engines.current.deck);
    if (loop && !loop._running) void loop.start();
  }
  function sleepSoon() {
    if (sleepTimer.current) clearTimeout(sleepTimer.current);
    sleepTimer.current = setTimeout(() => {
      sleepTimer.current = null;
      const e = engines.current;
      if (!e || flight.current) return;
      const loop = deckLoop(e.deck);
      if (!loop || e.deck.needsRedraw({ clearRedrawFlags: false }) || !deckLoaded(e.deck) || !e.map.loaded()) return sleepSoon();
      loop.stop();
    }, DECK_SLEEP_AFTER_MS);
  }
  useEffect(() => () => {
    if (sleepTimer.current) clearTimeout(sleepTimer.current);
  }, []);

  // Camera, size and part: applied to both engines.
  const applyCamera = (c: Camera) => {
    const e = engines.current;
    if (!e) return;
    wake();
    e.map.jumpTo({ center: [c.longitude, c.latitude], zoom: c.zoom, pitch: c.pitch, bearing: c.bearing });
    e.deck.setProps({ viewState: { map: { ...c } } });
    reportInView(c);
  };
  const reportInView = (c: Camera) => {
    const vp = viewportOf(c, full);
    const inView = { 'hoang-sa': true, 'truong-sa': true };
    for (const f of geo.archipelagos.features as ArchFeature[]) {
      if (f.properties.kind !== 'islet') continue;
      const [x, y] = vp.project((f.geometry as GeoPoint).coordinates as [number, number]);
      if (!(x! >= 0 && y! >= 0 && x! <= full.width && y! <= full.height)) inView[f.properties.archipelago] = false;
    }
    callbacks.current.onArchipelagosInView(inView);
  };
  useLayoutEffect(() => {
    const e = engines.current;
    if (!e) return;
    const sub = mapSubViewport(full, part);
    e.map.resize();
    e.map.setVerticalFieldOfView(sub.fovDeg);
    e.map.jumpTo({ padding: sub.padding });
    wake();
    e.deck.setProps({ views: [deckView(full, part)] });
    if (!flight.current) applyCamera(camera.current);
  }, [full.width, full.height, part.x, part.y, part.width, part.height, target]);

  // The style was made with the first theme; later themes repaint it (once it has loaded).
  const styledWith = useRef(theme);
  useEffect(() => {
    const e = engines.current;
    if (!e || styledWith.current === theme) return;
    styledWith.current = theme;
    if (e.map.isStyleLoaded()) applyTheme(e.map, theme);
    else e.map.once('load', () => applyTheme(e.map, styledWith.current));
  }, [theme]);

  useLayoutEffect(() => {
    const e = engines.current;
    if (!e) return;
    pendingKey.current = flight.current ? null : renderKey;
    wake();
    e.deck.setProps({ layers: deckLayers });
  }, [deckLayers, renderKey]);

  useWallAnimation(flying, (t) => {
    const f = flight.current;
    if (!f) return;
    const elapsed = t - f.start;
    if (elapsed >= FLIGHT_MS) {
      flight.current = null;
      camera.current = f.to;
      applyCamera(f.to);
      pendingKey.current = callbacks.current.renderKey;
      wake();
      engines.current?.deck.redraw('flight ended');
      setFlying(false);
      return;
    }
    camera.current = flightCamera(f.from, f.to, elapsed, FLIGHT_MS);
    applyCamera(camera.current);
  });

  if (failure) throw failure;
  return (
    <>
      <div ref={mapDiv} className="map-base" />
      <canvas ref={deckCanvas} className="map-deck" />
    </>
  );
}

/** Stop deck.gl's render loop this long after its last render, once nothing is pending. */
const DECK_SLEEP_AFTER_MS = 1000;

/** deck.gl's luma.gl animation loop (not public API: `start()` / `stop()` of luma.gl's AnimationLoop). */
function deckLoop(deck: Deck<DeckMapView[]>): { _running: boolean; start(): Promise<unknown>; stop(): unknown } | null {
  return (deck as unknown as { animationLoop: { _running: boolean; start(): Promise<unknown>; stop(): unknown } | null }).animationLoop ?? null;
}

/** Every layer deck.gl holds has loaded its data (async props): nothing left for its loop to pick up. */
function deckLoaded(deck: Deck<DeckMapView[]>): boolean {
  const manager = (deck as unknown as { layerManager?: { getLayers(): Array<{ isLoaded: boolean }> } | null }).layerManager;
  return !manager || manager.getLayers().every((l) => l.isLoaded);
}

/** deck.gl draws the whole map's view, offset so that only this tile's part lands on its canvas. */
function deckView(full: { width: number; height: number }, part: Box): DeckMapView {
  return new DeckMapView({ id: 'map', x: -part.x, y: -part.y, width: full.width, height: full.height, controller: false, repeat: false });
}

/** `Thành phố Hồ Chí Minh` -> `TP. Hồ Chí Minh` (labels are short on a map). */
function shortName(name: string): string {
  return name.replace(/^Thành phố /, 'TP. ').replace(/^Tỉnh /, '').replace(' - ', '–');
}
