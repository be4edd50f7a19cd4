import type { Feature, Point, Polygon, Position } from 'geojson';
import type { ArchipelagoId, ArchipelagoProps } from '../renderer/src/widgets/map/geo-types.js';

/**
 * The Hoàng Sa and Trường Sa archipelagos. The reference file gives each one's approximate centre
 * and extent and the province it belongs to; the islets below are a few representative ones
 * (approximate positions, a few hundred metres at most off, enough for a country map) so that
 * each reads as an archipelago on the map, with a dashed outline around its extent and a label.
 */


export interface ArchipelagoRef {
  name: string;
  name_en: string;
  belongs_to: { until_2025_06_30: string; from_2025_07_01: string };
  approx_center_lon_lat: [number, number];
  approx_extent: string;
}

/** Representative islets: [Vietnamese name, English name, lon, lat]. */
export const ISLETS: Record<ArchipelagoId, ReadonlyArray<readonly [string, string, number, number]>> = {
  'hoang-sa': [
    ['Đảo Phú Lâm', 'Phu Lam (Woody) Island', 112.333, 16.833],
    ['Đảo Linh Côn', 'Linh Con (Lincoln) Island', 112.733, 16.667],
    ['Đảo Cây', 'Cay (Tree) Island', 112.267, 16.983],
    ['Đảo Hoàng Sa', 'Hoang Sa (Pattle) Island', 111.6, 16.533],
    ['Đảo Quang Ảnh', 'Quang Anh (Money) Island', 111.6, 16.45],
    ['Đảo Duy Mộng', 'Duy Mong (Drummond) Island', 111.733, 16.467],
    ['Đảo Tri Tôn', 'Tri Ton (Triton) Island', 111.2, 15.783],
    ['Đá Bắc', 'Da Bac (North Reef)', 111.483, 17.067],
    ['Đảo Bạch Quy', 'Bach Quy (Passu Keah)', 111.75, 16.05],
  ],
  'truong-sa': [
    ['Đảo Song Tử Tây', 'Song Tu Tay (Southwest Cay)', 114.333, 11.433],
    ['Đảo Thị Tứ', 'Thi Tu (Thitu) Island', 114.283, 11.05],
    ['Đảo Loại Ta', 'Loai Ta (Loaita) Island', 114.417, 10.683],
    ['Đảo Ba Bình', 'Ba Binh (Itu Aba) Island', 114.367, 10.383],
    ['Đảo Sơn Ca', 'Son Ca (Sand Cay)', 114.483, 10.383],
    ['Đảo Nam Yết', 'Nam Yet (Namyit) Island', 114.367, 10.183],
    ['Đảo Sinh Tồn', 'Sinh Ton (Sin Cowe) Island', 114.333, 9.883],
    ['Đảo Trường Sa', 'Truong Sa (Spratly) Island', 111.917, 8.633],
    ['Đảo An Bang', 'An Bang (Amboyna Cay)', 112.917, 7.883],
    ['Đảo Phan Vinh', 'Phan Vinh (Pearson Reef)', 113.7, 8.95],
    ['Đá Tây', 'Da Tay (West London Reef)', 112.25, 8.85],
    ['Đá Thuyền Chài', 'Thuyen Chai (Barque Canada Reef)', 113.3, 8.15],
    ['Đá Vành Khăn', 'Vanh Khan (Mischief Reef)', 115.533, 9.9],
    ['Đá Công Đo', 'Cong Do (Commodore Reef)', 115.25, 8.383],
    ['Đảo Bình Nguyên', 'Binh Nguyen (Flat) Island', 115.833, 10.817],
  ],
};

/** The archipelago a reference name ("Quần đảo Hoàng Sa") is of. */
export function archipelagoId(name: string): ArchipelagoId {
  if (/Hoàng Sa/.test(name)) return 'hoang-sa';
  if (/Trường Sa/.test(name)) return 'truong-sa';
  throw new Error(`unknown archipelago ${name}`);
}

/** "about 111.0-113.0 E, 15.7-17.1 N" -> the box. */
export function parseExtent(text: string): { west: number; east: number; south: number; north: number } {
  const m = /([\d.]+)\s*-\s*([\d.]+)\s*E\s*,\s*([\d.]+)\s*-\s*([\d.]+)\s*N/.exec(text);
  if (!m) throw new Error(`cannot read the extent "${text}"`);
  return { west: Number(m[1]), east: Number(m[2]), south: Number(m[3]), north: Number(m[4]) };
}

/** A rounded box (superellipse, exponent 4) around the extent, padded: the dashed outline. */
export function outlineRing(extent: { west: number; east: number; south: number; north: number }, pad = 0.35, steps = 72): Position[] {
  const cx = (extent.west + extent.east) / 2;
  const cy = (extent.south + extent.north) / 2;
  const rx = (extent.east - extent.west) / 2 + pad;
  const ry = (extent.north - extent.south) / 2 + pad;
  const ring: Position[] = [];
  for (let i = 0; i < steps; i++) {
    const t = (i / steps) * 2 * Math.PI;
    const c = Math.cos(t);
    const s = Math.sin(t);
    ring.push([round(cx + rx * Math.sign(c) * Math.sqrt(Math.abs(c))), round(cy + ry * Math.sign(s) * Math.sqrt(Math.abs(s)))]);
  }
  ring.push([ring[0]![0]!, ring[0]![1]!]);
  return ring;
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}

/** Islet points, the dashed outline and the label point of each archipelago. */
export function archipelagoFeatures(
  refs: readonly ArchipelagoRef[],
  provinceNames: (code: string) => { name: string; nameEn: string },
): Array<Feature<Point | Polygon, ArchipelagoProps>> {
  const out: Array<Feature<Point | Polygon, ArchipelagoProps>> = [];
  for (const ref of refs) {
    const id = archipelagoId(ref.name);
    const p2008 = ref.belongs_to.until_2025_06_30;
    const p2025 = ref.belongs_to.from_2025_07_01;
    const owner = provinceNames(p2025);
    const base = { archipelago: id, province: p2025, province2008: p2008, province2025: p2025 };
    const extent = parseExtent(ref.approx_extent);
    for (const [name, nameEn, lon, lat] of ISLETS[id]) {
      if (lon < extent.west - 0.2 || lon > extent.east + 0.2 || lat < extent.south - 0.2 || lat > extent.north + 0.2) {
        throw new Error(`islet ${name} (${lon}, ${lat}) outside the extent of ${ref.name}`);
      }
      out.push({ type: 'Feature', properties: { ...base, kind: 'islet', name, nameEn }, geometry: { type: 'Point', coordinates: [lon, lat] } });
    }
    const short = ref.name_en.replace(/\s*\(.*\)\s*/, ' ').replace(/\s+/g, ' ').trim();
    out.push({
      type: 'Feature',
      properties: { ...base, kind: 'outline', name: ref.name, nameEn: short },
      geometry: { type: 'Polygon', coordinates: [outlineRing(extent)] },
    });
    out.push({
      type: 'Feature',
      properties: { ...base, kind: 'label', name: `${ref.name} (${owner.name})`, nameEn: `${short} (${owner.nameEn})` },
      geometry: { type: 'Point', coordinates: ref.approx_center_lon_lat },
    });
  }
  return out;
}
