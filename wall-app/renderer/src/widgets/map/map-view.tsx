// The map's engines, loaded lazily (a chunk of its own): MapLibre draws the sea, the
// neighbouring countries and the archipelagos' dashed outlines from an inline style (no tiles,
// glyphs or sprites: nothing is fetched from the internet); a deck.gl canvas on top draws the
// provinces, islets, labels, columns, events and flows. Both render on demand only.
import 'maplibre-gl/dist/maplibre-gl.css';
import { Deck, MapView as DeckMapView, WebMercatorViewport } from '@deck.gl/core';
import type { Box } from '@ioc/protocol';
import type { Polygon } from 'geojson';
import { Map as MapLibreMap, setWorkerUrl, type StyleSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { countDraw } from '../../paint/draw-count';
import type { Theme } from '../../theme';
import { mapSubViewport } from '../../tile/view-offset';
import { useWallAnimation } from '../use-wall-animation';
import { useWall, useWallNow } from '../../state/hooks';
import { drawnEvents, drawnFlows, type DrawnEvent, type DrawnFlow } from './map-feed-model';
import type { VnGeo } from './geo-types';
import geoUrl from './generated/vn-geo.json?url';
import { archipelagoMarks } from './archipelago-marks';
import { archipelagoInView, buildDeckLayers, mapTexts, viewportOf, type ProvinceFeature } from './map-layers';
import { COUNTRY_BOUNDS, FLIGHT_MS, flightCamera, unionBounds, type Camera } from './map-model';

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
  const texts = useMemo(
    () => mapTexts({ vp: viewportOf(target, full), full, provinces, geo, lang, focus, theme, reserved, seaLabel }),
    [target, full.width, full.height, provinces, geo, lang, focus, theme, reserved, seaLabel],
  );
  const textsRef = useRef(texts);
  textsRef.current = texts;

  // Incidents and flows: only what the server's map feed holds (nothing without a source).
  const feed = useWall((s) => s.mapFeed);
  const events = useMemo<DrawnEvent[]>(
    () => (layers.includes('events') ? drawnEvents(feed, (provinces.features as ProvinceFeature[]).map((f) => f.properties), now()) : []),
    [layers, feed, provinces, now],
  );
  const flows = useMemo<DrawnFlow[]>(
    () => (layers.includes('flows') ? drawnFlows(feed, (provinces.features as ProvinceFeature[]).map((f) => f.properties.code), now()) : []),
    [layers, feed, provinces, now],
  );

  const deckLayers = useMemo(
    () => buildDeckLayers({ provinces, fills, heights, layers, focused, geo, theme, texts, events, flows }),
    [provinces, fills, heights, layers, focused, geo, theme, texts, events, flows],
  );

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
    // Test hook (wall-app/README.md): where the archipelagos were just drawn, in canvas pixels.
    const { full: f, part: p, theme: th } = callbacks.current;
    if (deckCanvas.current) deckCanvas.current.dataset.archipelagos = JSON.stringify(archipelagoMarks(viewportOf(camera.current, f), geo, textsRef.current, p, th));
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
    callbacks.current.onArchipelagosInView({ 'hoang-sa': archipelagoInView(vp, geo, 'hoang-sa', full), 'truong-sa': archipelagoInView(vp, geo, 'truong-sa', full) });
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
