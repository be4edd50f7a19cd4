import type { Language, Point } from '@ioc/protocol';
import { color as d3color, interpolateRgbBasis } from 'd3';
import { formatNumber } from '../../format/format';

/** RGB(A) as deck.gl takes colours. */
export type Rgba = [number, number, number, number];

/** `#0f2a4a` (or any CSS colour d3 reads) -> [r, g, b, a]. */
export function rgba(css: string, alpha = 255): Rgba {
  const c = d3color(css)?.rgb();
  if (!c) throw new Error(`not a colour: ${css}`);
  return [Math.round(c.r), Math.round(c.g), Math.round(c.b), alpha];
}

/** `n` colours interpolated along the theme's ramp (low to high). */
export function rampColors(ramp: readonly string[], n: number): string[] {
  if (n < 1) return [];
  if (n === 1) return [ramp[ramp.length - 1]!];
  const f = interpolateRgbBasis([...ramp]);
  return Array.from({ length: n }, (_, i) => d3color(f(i / (n - 1)))!.formatHex());
}

/**
 * Class breaks by quantiles: `n + 1` ascending bounds from the minimum to the maximum, each
 * class holding about the same number of provinces. Ties may merge classes: then fewer classes
 * come back (never an empty class).
 */
export function quantileBreaks(values: readonly number[], n: number): number[] {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return [];
  const bounds = [v[0]!];
  for (let i = 1; i < n; i++) {
    const q = (i / n) * (v.length - 1);
    const lo = Math.floor(q);
    const b = v[lo]! + (v[Math.min(lo + 1, v.length - 1)]! - v[lo]!) * (q - lo);
    if (b > bounds[bounds.length - 1]!) bounds.push(b);
  }
  if (v[v.length - 1]! > bounds[bounds.length - 1]! || bounds.length === 1) bounds.push(v[v.length - 1]!);
  return bounds;
}

/** Index of the class of `value` (0 = lowest) for the bounds of `quantileBreaks`. */
export function classOf(value: number, bounds: readonly number[]): number {
  const classes = bounds.length - 1;
  for (let i = 1; i < classes; i++) if (value < bounds[i]!) return i - 1;
  return Math.max(0, classes - 1);
}

/** The provinces of a map vintage whose codes the points carry (units of another vintage or the nation are left out). */
export interface MapData {
  byCode: ReadonlyMap<string, Point>;
  /** True when the points are of this map's vintage (else the map shows no data). */
  usable: boolean;
  period: string | null;
  synthetic: boolean;
}

/**
 * The points a map of one vintage can show (`codes`: that vintage's province codes). Codes are
 * reused across vintages (Hà Nội is `01` in both; every 2025 code is also a 2008 code), so
 * data is of the 2008 vintage when it carries a code only 2008 has (`only2008`), else of 2025.
 * A map of the other vintage shows none of it rather than a wrong picture.
 */
export function mapData(points: readonly Point[], vintage: '2025' | '2008', codes: ReadonlySet<string>, only2008: ReadonlySet<string>): MapData {
  const is2008 = points.some((p) => only2008.has(p.unit));
  const byCode = new Map<string, Point>();
  if (is2008 === (vintage === '2008')) for (const p of points) if (codes.has(p.unit) && Number.isFinite(p.value)) byCode.set(p.unit, p);
  let latest: Point | null = null;
  for (const p of byCode.values()) if (!latest || p.t > latest.t) latest = p;
  return { byCode, usable: byCode.size > 0, period: latest?.period ?? null, synthetic: [...byCode.values()].some((p) => p.synthetic) };
}

export interface LegendClass {
  color: string;
  /** `12,3 – 45,6` */
  label: string;
}

/** Legend rows: each class's colour and its range formatted for the language. */
export function legendClasses(bounds: readonly number[], colors: readonly string[], lang: Language, decimals: number): LegendClass[] {
  const out: LegendClass[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const lo = formatNumber(bounds[i]!, lang, decimals);
    const hi = formatNumber(bounds[i + 1]!, lang, decimals);
    out.push({ color: colors[i]!, label: lo === hi ? lo : `${lo} – ${hi}` });
  }
  return out;
}

/** A label to place: screen position (px), text, size, and priority (higher first). */
export interface LabelCandidate {
  id: string;
  x: number;
  y: number;
  text: string;
  size: number;
  priority: number;
}

/** Rough width of a text in Be Vietnam Pro (semi-bold), px: wide enough to keep labels apart. */
export function textWidth(text: string, size: number): number {
  const lines = text.split('\n');
  return Math.max(...lines.map((l) => l.length)) * size * 0.6;
}

/**
 * Greedy label placement: labels in priority order, each kept when its box (plus `gap` px)
 * hits no kept box and lies inside the view. Deterministic for the same input.
 */
export function placeLabels(cands: readonly LabelCandidate[], view: { width: number; height: number }, gap = 4, blocked: ReadonlyArray<{ x0: number; y0: number; x1: number; y1: number }> = []): Set<string> {
  const kept = new Set<string>();
  const boxes = [...blocked];
  const sorted = [...cands].sort((a, b) => b.priority - a.priority || a.id.localeCompare(b.id));
  for (const c of sorted) {
    const w = textWidth(c.text, c.size);
    const h = c.size * 1.25 * c.text.split('\n').length;
    const box = { x0: c.x - w / 2 - gap, y0: c.y - h / 2 - gap, x1: c.x + w / 2 + gap, y1: c.y + h / 2 + gap };
    if (box.x0 < 0 || box.y0 < 0 || box.x1 > view.width || box.y1 > view.height) continue;
    if (boxes.some((b) => b.x0 < box.x1 && box.x0 < b.x1 && b.y0 < box.y1 && box.y0 < b.y1)) continue;
    boxes.push(box);
    kept.add(c.id);
  }
  return kept;
}

/** Camera of the map: deck.gl's view state (MapLibre takes the same numbers). */
export interface Camera {
  longitude: number;
  latitude: number;
  zoom: number;
  pitch: number;
  bearing: number;
}

const ease = (t: number) => (t < 0.5 ? 4 * t * t * t : 1 - Math.pow(-2 * t + 2, 3) / 2);

/**
 * The camera `elapsed` ms into a flight of `duration` ms from `a` to `b` (wall time drives it,
 * so every tile shows the same frame): eased centre and pitch, zoom eased in scale space with a
 * dip out when the flight is long, so the way is seen.
 */
export function flightCamera(a: Camera, b: Camera, elapsed: number, duration: number): Camera {
  const t = Math.min(1, Math.max(0, duration > 0 ? elapsed / duration : 1));
  const e = ease(t);
  const dist = Math.hypot(b.longitude - a.longitude, b.latitude - a.latitude);
  const dip = Math.min(1.2, dist / 6) * Math.sin(Math.PI * t);
  return {
    longitude: a.longitude + (b.longitude - a.longitude) * e,
    latitude: a.latitude + (b.latitude - a.latitude) * e,
    zoom: a.zoom + (b.zoom - a.zoom) * e - dip,
    pitch: a.pitch + (b.pitch - a.pitch) * e,
    bearing: a.bearing + (b.bearing - a.bearing) * e,
  };
}

/** Flights take this long (the brief: at most 1.5 s). */
export const FLIGHT_MS = 1200;

/** Union of [w, s, e, n] boxes. */
export function unionBounds(...boxes: Array<readonly [number, number, number, number]>): [number, number, number, number] {
  return [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))];
}

/** The box the country view shows: the mainland and both archipelagos. */
export const COUNTRY_BOUNDS: [number, number, number, number] = [102.1, 6.4, 117.7, 23.4];
