import type { Box, Language } from '@ioc/protocol';
import { formatNumber } from '../../format/format';
import { panelPart } from '../../tile/view-offset';

/** The figures a globe panel can show (GlobePanelSchema `measure`). */
export type GlobeMeasure = 'income' | 'life_expect' | 'fertility' | 'pop';

/** One Gapminder country of globe-data.json. */
export interface GlobeCountry {
  /** Gapminder's English name. */
  name: string;
  /** Vietnamese name, where it differs (only countries the legend can show have one). */
  vi?: string;
  /** Its name in world-atlas 110m, or null when too small to be there. */
  atlas: string | null;
  /** Where its bar stands: the centroid of its largest polygon, or its capital. */
  placed: 'centroid' | 'capital';
  lat: number;
  lon: number;
  /** GDP per person, international dollars (PPP, inflation-adjusted). */
  income: number | null;
  /** Life expectancy at birth, years. */
  life_expect: number | null;
  /** Population, people. */
  pop: number | null;
  /** Children per woman. */
  fertility: number | null;
}

/** globe-data.json (built by data/build-globe-data.ts). */
export interface GlobeData {
  source: { name: string; package: string; geometry: string };
  /** The year of each measure's figures and the file they come from. */
  measures: Record<GlobeMeasure, { year: number; file: string }>;
  countries: GlobeCountry[];
  /** Gapminder countries not in world-atlas 110m (their bars stand at their capitals). */
  notOnMap: string[];
  /** world-atlas countries Gapminder has no figures for (no bar). */
  withoutData: string[];
}

/** How Gapminder spells Viet Nam. */
export const VIETNAM = 'Vietnam';

/** The globe's radius in scene units; bars stand on it. */
export const GLOBE_RADIUS = 1;
/** The tallest bar (the measure's highest value), scene units. */
export const MAX_BAR = 0.36;
/** Bars of values below MAX_BAR/MIN_BAR of the maximum are drawn this tall, so the country still shows a bar. */
export const MIN_BAR = 0.006;
/** The globe's axis leans towards the viewer by this much: the view is from about Viet Nam's latitude. */
export const TILT_DEG = 16;
/** With the globe still (or at the start of each turn), this longitude faces the viewer: Viet Nam's. */
export const FRONT_LON = 106;
/**
 * The radius the camera frames: the globe and most of its tallest bar (a bar stands straight out
 * of the picture only on the limb, where the tallest ones are seldom).
 */
export const FRAME_RADIUS = GLOBE_RADIUS + 0.7 * MAX_BAR;
/** The camera's vertical field of view, degrees. */
export const FOV_DEG = 30;

/**
 * How far the globe has turned at wall time `now` (epoch ms): 2π · (now / (turnSeconds·1000) mod 1),
 * in radians, in [0, 2π). 0 when the globe is still (turnSeconds 0). Every tile computes the same
 * angle for the same wall time, so a panel spanning displays turns as one.
 */
export function turnAngle(now: number, turnSeconds: number): number {
  if (!(turnSeconds > 0) || !Number.isFinite(now)) return 0;
  const turns = now / (turnSeconds * 1000);
  const phase = turns - Math.floor(turns);
  return 2 * Math.PI * (phase >= 1 ? 0 : phase);
}

/**
 * A point at latitude/longitude (degrees) on a sphere of radius `r`, in the frame of three.js's
 * SphereGeometry with an equirectangular texture (u = 0 at longitude -180): +Y is north, longitude
 * 0 is +X, longitude -90 is +Z.
 */
export function latLonToVec3(lat: number, lon: number, r = GLOBE_RADIUS): [number, number, number] {
  const phi = (lat * Math.PI) / 180;
  const lambda = (lon * Math.PI) / 180;
  const c = Math.cos(phi);
  return [r * c * Math.cos(lambda), r * Math.sin(phi), -r * c * Math.sin(lambda)];
}

/**
 * The globe's rotation about its axis (radians, about +Y) after turning by `angle`: at angle 0
 * FRONT_LON faces the camera (+Z); as the angle grows, the globe turns eastwards, like the Earth.
 */
export function globeYaw(angle: number, frontLon = FRONT_LON): number {
  return -Math.PI / 2 - (frontLon * Math.PI) / 180 + angle;
}

/** Bar height of `value` when `max` is the measure's highest value: proportional, MAX_BAR at the maximum. */
export function barHeight(value: number, max: number): number {
  if (!(max > 0) || !(value > 0)) return MIN_BAR;
  return Math.max(MIN_BAR, (MAX_BAR * value) / max);
}

export interface RankedCountry {
  country: GlobeCountry;
  value: number;
  /** 1 + the number of countries with a higher value (equal values share a rank). */
  rank: number;
}

/** The countries that have the measure, highest first (ties by name). */
export function rankCountries(countries: readonly GlobeCountry[], measure: GlobeMeasure): RankedCountry[] {
  const withValue = countries.filter((c) => c[measure] !== null).map((c) => ({ country: c, value: c[measure]! }));
  withValue.sort((a, b) => b.value - a.value || (a.country.name < b.country.name ? -1 : 1));
  const out: RankedCountry[] = [];
  withValue.forEach((r, i) => {
    const prev = out[i - 1];
    out.push({ ...r, rank: prev && prev.value === r.value ? prev.rank : i + 1 });
  });
  return out;
}

/** One bar: where it stands and how tall it is. */
export interface GlobeBar {
  name: string;
  lat: number;
  lon: number;
  height: number;
  vietnam: boolean;
}

/** What a globe panel shows for one measure. */
export interface GlobeSummary {
  measure: GlobeMeasure;
  year: number;
  ranked: RankedCountry[];
  top: RankedCountry[];
  /** Viet Nam's place, or null when the measure has no figure for it. */
  vietnam: RankedCountry | null;
  max: number;
  bars: GlobeBar[];
}

export function summarize(data: GlobeData, measure: GlobeMeasure, top = 5): GlobeSummary {
  const ranked = rankCountries(data.countries, measure);
  if (ranked.length === 0) throw new Error(`globe-data.json has no figures for ${measure}`);
  const max = ranked[0]!.value;
  return {
    measure,
    year: data.measures[measure].year,
    ranked,
    top: ranked.slice(0, top),
    vietnam: ranked.find((r) => r.country.name === VIETNAM) ?? null,
    max,
    bars: ranked.map((r) => ({ name: r.country.name, lat: r.country.lat, lon: r.country.lon, height: barHeight(r.value, max), vietnam: r.country.name === VIETNAM })),
  };
}

/** A country's name in the wall's language. */
export function countryName(c: Pick<GlobeCountry, 'name' | 'vi'>, lang: Language): string {
  return lang === 'vi' ? (c.vi ?? c.name) : c.name === VIETNAM ? 'Viet Nam' : c.name;
}

/** A figure of the measure for people, in the unit that MEASURE_TEXT gives (population in millions). */
export function formatMeasure(measure: GlobeMeasure, value: number, lang: Language): string {
  switch (measure) {
    case 'income':
      return formatNumber(value, lang, 0);
    case 'life_expect':
      return formatNumber(value, lang, 1);
    case 'fertility':
      return formatNumber(value, lang, 2);
    case 'pop':
      return formatNumber(value / 1e6, lang, 1);
  }
}

/** The part of `box` (panel pixels) that the tile shows, relative to the box; null when none. */
export function visibleSubRect(part: Box, box: Box): Box | null {
  return panelPart({ x: box.x, y: box.y, w: box.width, h: box.height }, part);
}

/**
 * How far the camera stands from the globe's centre so that a sphere of radius `radius` (the
 * globe with its tallest bars) fills `fill` of the smaller side of a `width` x `height` view.
 */
export function cameraDistance(width: number, height: number, radius: number, fovDeg = FOV_DEG, fill = 0.98): number {
  const halfTan = Math.tan((fovDeg * Math.PI) / 360);
  const along = (fill * Math.min(width, height)) / height;
  const alpha = Math.atan(along * halfTan);
  return radius / Math.sin(alpha);
}
