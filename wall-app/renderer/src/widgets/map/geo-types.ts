import type { FeatureCollection, MultiPolygon, Point, Polygon } from 'geojson';

/**
 * The shape of `generated/vn-geo.json` (written by wall-app/geo/build-geo.ts, which imports
 * these types): provinces of both vintages, the archipelagos, the neighbouring countries.
 */

/** The map data's attribution (ODbL): written into the file's `meta` and shown on every map panel. */
export const ATTRIBUTION = '© OpenStreetMap contributors (ODbL), Natural Earth';

export interface ProvinceProps {
  code: string;
  name: string;
  nameEn: string;
  /** Label point (pole of inaccessibility of the largest polygon), lon/lat. */
  label: [number, number];
  /** [west, south, east, north] of the province's polygons (the drill-down camera fits this). */
  bbox: [number, number, number, number];
  /** The 2008 units this one is made of (2025 vintage only). */
  members?: string[];
  /** The archipelago that belongs to this province (its features are in `archipelagos`). */
  archipelago?: ArchipelagoId;
}

export type ArchipelagoId = 'hoang-sa' | 'truong-sa';

export interface ArchipelagoProps {
  archipelago: ArchipelagoId;
  kind: 'islet' | 'outline' | 'label';
  /** The province it belongs to (2025 vintage), and in each vintage. */
  province: string;
  province2008: string;
  province2025: string;
  name: string;
  nameEn: string;
}

export interface NeighbourProps {
  id: string;
  name: string;
  nameEn: string;
  label: [number, number] | null;
}

export type ProvinceCollection = FeatureCollection<Polygon | MultiPolygon, ProvinceProps>;

export interface VnGeo {
  meta: { attribution: string; sources: string[]; box: [number, number, number, number]; generator: string };
  provinces2008: ProvinceCollection;
  provinces2025: ProvinceCollection;
  archipelagos: FeatureCollection<Point | Polygon, ArchipelagoProps>;
  neighbours: FeatureCollection<MultiPolygon, NeighbourProps>;
}
