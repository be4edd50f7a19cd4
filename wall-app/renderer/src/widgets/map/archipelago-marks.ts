// Where the map has just drawn each archipelago's label, islets and outline, in this tile's
// canvas pixels: a test hook (`data-archipelagos` on the map's deck.gl canvas). The archipelagos
// are a few hundred pixels of a map whose golden image tolerates 0.5% of pixels; the end-to-end
// test reads this to look at those pixels of the screenshot, so neither can vanish unseen.
import type { Box } from '@ioc/protocol';
import type { WebMercatorViewport } from '@deck.gl/core';
import type { Point as GeoPoint, Polygon } from 'geojson';
import type { Theme } from '../../theme';
import type { ArchFeature, TextItem } from './map-layers';
import type { ArchipelagoId, VnGeo } from './geo-types';
import { textWidth } from './map-model';

/** One archipelago as drawn: label box (null when labelled in the inset instead), islets, outline. */
export interface ArchipelagoMarks {
  label: { text: string; x0: number; y0: number; x1: number; y1: number } | null;
  islets: Array<[number, number]>;
  outline: Array<[number, number]>;
}

/** The hook's content: the colours each mark is drawn in, and each archipelago's marks. */
export interface ArchipelagoMarksHook {
  ink: { label: string; islet: string; outline: string };
  marks: Partial<Record<ArchipelagoId, ArchipelagoMarks>>;
}

/** The line height the TextLayer uses (map-layers.ts), for the label's box. */
const LINE_HEIGHT = 1.15;

/**
 * The marks in canvas pixels of this tile's part of the map. `texts` are the labels handed to
 * deck.gl: a label missing there is missing here, so the test sees what was asked to be drawn
 * and the screenshot shows whether it was.
 */
export function archipelagoMarks(vp: WebMercatorViewport, geo: VnGeo, texts: readonly TextItem[], part: Box, theme: Theme): ArchipelagoMarksHook {
  const at = (lonLat: readonly number[]): [number, number] => {
    const [x, y] = vp.project([lonLat[0]!, lonLat[1]!]);
    return [Math.round((x! - part.x) * 10) / 10, Math.round((y! - part.y) * 10) / 10];
  };
  const marks: Partial<Record<ArchipelagoId, ArchipelagoMarks>> = {};
  for (const f of geo.archipelagos.features as ArchFeature[]) {
    const id = f.properties.archipelago;
    const m = (marks[id] ??= { label: null, islets: [], outline: [] });
    if (f.properties.kind === 'islet') m.islets.push(at((f.geometry as GeoPoint).coordinates));
    else if (f.properties.kind === 'outline') m.outline = (f.geometry as Polygon).coordinates[0]!.map(at);
  }
  for (const t of texts) {
    const id = t.id.startsWith('arch-') ? (t.id.slice(5) as ArchipelagoId) : null;
    if (!id || !marks[id]) continue;
    // Anchored at the middle of its bottom edge (map-layers.ts: anchor middle, baseline bottom).
    const [x, y] = at(t.position);
    const w = textWidth(t.text, t.size) / 2;
    const h = t.text.split('\n').length * t.size * LINE_HEIGHT;
    marks[id].label = { text: t.text, x0: Math.round(x - w), y0: Math.round(y - h), x1: Math.round(x + w), y1: Math.round(y) };
  }
  return { ink: { label: theme.text, islet: theme.text, outline: theme.muted }, marks };
}
