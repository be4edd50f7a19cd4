import type { FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';

/**
 * ECharts map files (`echarts.registerMap(name, json)`) ship GeoJSON with `UTF8Encoding: true`:
 * each ring is a string of character pairs, one pair per vertex. A character's code minus 64 is
 * a zigzag-encoded delta (0, -1, 1, -2, ... -> 0, 1, 2, 3, ...) from the previous vertex; the
 * first vertex's deltas apply to the ring's `encodeOffsets` entry. Integers divided by the scale
 * (`UTF8Scale`, 1024 by default) are degrees. This is our own decoder of that format.
 */

/** One geometry as the encoded file has it. */
interface EncodedGeometry {
  type: 'Polygon' | 'MultiPolygon';
  coordinates: string[] | string[][];
  encodeOffsets: Array<[number, number]> | Array<Array<[number, number]>>;
}
interface EncodedCollection {
  type: 'FeatureCollection';
  UTF8Encoding?: boolean;
  UTF8Scale?: number;
  features: Array<{ type: 'Feature'; properties: { name: string }; geometry: EncodedGeometry }>;
}

/** Decodes one ring. The result is closed (first vertex repeated at the end). */
export function decodeRing(encoded: string, offset: readonly [number, number], scale = 1024): Position[] {
  if (encoded.length % 2 !== 0) throw new Error(`encoded ring of odd length ${encoded.length}`);
  let x = offset[0];
  let y = offset[1];
  const out: Position[] = [];
  for (let i = 0; i < encoded.length; i += 2) {
    const dx = encoded.charCodeAt(i) - 64;
    const dy = encoded.charCodeAt(i + 1) - 64;
    x += (dx >> 1) ^ -(dx & 1);
    y += (dy >> 1) ^ -(dy & 1);
    out.push([x / scale, y / scale]);
  }
  const first = out[0];
  const last = out[out.length - 1];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) out.push([first[0]!, first[1]!]);
  return out;
}

/** The inverse of `decodeRing` for an open ring of integer vertices (tests round-trip with it). */
export function encodeRing(vertices: ReadonlyArray<readonly [number, number]>): { encoded: string; offset: [number, number] } {
  const first = vertices[0];
  if (!first) return { encoded: '', offset: [0, 0] };
  let px = first[0];
  let py = first[1];
  let s = '';
  for (const [x, y] of vertices) {
    const dx = x - px;
    const dy = y - py;
    s += String.fromCharCode(((dx << 1) ^ (dx >> 31)) + 64, ((dy << 1) ^ (dy >> 31)) + 64);
    px = x;
    py = y;
  }
  return { encoded: s, offset: [first[0], first[1]] };
}

/** Decodes a whole encoded FeatureCollection into plain GeoJSON (name properties kept). */
export function decodeCollection(json: EncodedCollection): FeatureCollection<Polygon | MultiPolygon, { name: string }> {
  if (!json.UTF8Encoding) throw new Error('expected an ECharts map with UTF8Encoding');
  const scale = json.UTF8Scale ?? 1024;
  return {
    type: 'FeatureCollection',
    features: json.features.map((f) => {
      const g = f.geometry;
      let geometry: Polygon | MultiPolygon;
      if (g.type === 'Polygon') {
        const rings = g.coordinates as string[];
        const offs = g.encodeOffsets as Array<[number, number]>;
        geometry = { type: 'Polygon', coordinates: rings.map((r, i) => decodeRing(r, offs[i]!, scale)) };
      } else if (g.type === 'MultiPolygon') {
        const polys = g.coordinates as string[][];
        const offs = g.encodeOffsets as Array<Array<[number, number]>>;
        geometry = { type: 'MultiPolygon', coordinates: polys.map((p, i) => p.map((r, j) => decodeRing(r, offs[i]![j]!, scale))) };
      } else {
        throw new Error(`unexpected geometry ${(g as { type: string }).type} for ${f.properties.name}`);
      }
      return { type: 'Feature', properties: { name: f.properties.name }, geometry };
    }),
  };
}

/** The FeatureCollection inside an ECharts map script (`echarts.registerMap('...', {...})`). */
export function extractRegisteredMap(script: string): EncodedCollection {
  const start = script.indexOf('{"type":"FeatureCollection"');
  const call = script.indexOf('registerMap(');
  if (start < 0 || call < 0) throw new Error('no registerMap(..., FeatureCollection) in the script');
  // The object runs to the matching brace; strings in it hold no unbalanced braces but may hold
  // any character, so scan with string awareness.
  let depth = 0;
  let inString = false;
  for (let i = start; i < script.length; i++) {
    const c = script[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return JSON.parse(script.slice(start, i + 1)) as EncodedCollection;
  }
  throw new Error('unterminated FeatureCollection in the map script');
}
