// What the map panel drew of Hoàng Sa and Trường Sa, read from the screenshot itself: each
// archipelago's label, islets and dashed outline, on the map (where the map's test hook
// `data-archipelagos` says they were drawn) or in the inset (an SVG, read from the DOM). A
// golden image with a 0.5% tolerance cannot see them go: together they are about 0.3% of a map.
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import type { Region } from './golden.js';

export type ArchipelagoId = 'hoang-sa' | 'truong-sa';
type Box = { x0: number; y0: number; x1: number; y1: number };

/** One archipelago as drawn, in the tile screenshot's pixels. */
export interface DrawnArchipelago {
  where: 'map' | 'inset';
  /** The label's text ('\n' or ' ' between its lines) and box; null when not labelled there. */
  label: (Box & { text: string }) | null;
  islets: Array<[number, number]>;
  /** Points along the dashed outline. */
  outline: Array<[number, number]>;
  ink: { label: string; islet: string; outline: string };
}

/** The names each archipelago must be labelled with (not read from the map's data: a test of it). */
export const ARCHIPELAGO_NAMES: Record<ArchipelagoId, { vi: string; en: string }> = {
  'hoang-sa': { vi: 'Quần đảo Hoàng Sa (Đà Nẵng)', en: 'Hoang Sa archipelago (Da Nang)' },
  'truong-sa': { vi: 'Quần đảo Trường Sa (Khánh Hòa)', en: 'Truong Sa archipelago (Khanh Hoa)' },
};

/** Reads where the archipelagos were drawn, on the map and in the inset, in tile pixels. */
export async function drawnArchipelagos(page: Page): Promise<Partial<Record<ArchipelagoId, DrawnArchipelago[]>>> {
  return page.evaluate(() => {
    type Xy = [number, number];
    const tile = document.querySelector('[data-testid=tile]')!.getBoundingClientRect();
    const out: Record<string, unknown[]> = {};
    const add = (id: string, d: unknown) => (out[id] ??= []).push(d);
    const canvas = document.querySelector<HTMLCanvasElement>('canvas.map-deck');
    if (canvas?.dataset.archipelagos) {
      const c = canvas.getBoundingClientRect();
      const dx = c.left - tile.left;
      const dy = c.top - tile.top;
      const hook = JSON.parse(canvas.dataset.archipelagos) as {
        ink: { label: string; islet: string; outline: string };
        marks: Record<string, { label: { text: string; x0: number; y0: number; x1: number; y1: number } | null; islets: Xy[]; outline: Xy[] }>;
      };
      const move = ([x, y]: Xy): Xy => [x + dx, y + dy];
      for (const [id, m] of Object.entries(hook.marks)) {
        // Out of the map's view an archipelago is drawn in the inset, not here.
        const inView = m.islets.every(([x, y]) => x >= 0 && y >= 0 && x <= c.width && y <= c.height);
        if (!inView) continue;
        const label = m.label && { text: m.label.text, x0: m.label.x0 + dx, y0: m.label.y0 + dy, x1: m.label.x1 + dx, y1: m.label.y1 + dy };
        add(id, { where: 'map', label, islets: m.islets.map(move), outline: m.outline.map(move), ink: hook.ink });
      }
    }
    for (const g of Array.from(document.querySelectorAll<SVGGElement>('[data-testid=map-inset] [data-archipelago]'))) {
      const rel = (r: DOMRect) => ({ x0: r.left - tile.left, y0: r.top - tile.top, x1: r.right - tile.left, y1: r.bottom - tile.top });
      const texts = Array.from(g.querySelectorAll('text'));
      const boxes = texts.map((t) => rel(t.getBoundingClientRect()));
      const label = texts.length
        ? { text: texts.map((t) => t.textContent ?? '').join(' '), x0: Math.min(...boxes.map((b) => b.x0)), y0: Math.min(...boxes.map((b) => b.y0)), x1: Math.max(...boxes.map((b) => b.x1)), y1: Math.max(...boxes.map((b) => b.y1)) }
        : null;
      const islets = Array.from(g.querySelectorAll('circle')).map((c) => {
        const b = rel(c.getBoundingClientRect());
        return [(b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2] as Xy;
      });
      const path = g.querySelector('path');
      const outline: Xy[] = [];
      if (path) {
        const m = path.getScreenCTM()!;
        for (let l = 0, n = path.getTotalLength(); l < n; l += 3) {
          const p = path.getPointAtLength(l).matrixTransform(m);
          outline.push([p.x - tile.left, p.y - tile.top]);
        }
      }
      const ink = { label: texts[0]?.getAttribute('fill') ?? '', islet: g.querySelector('circle')?.getAttribute('fill') ?? '', outline: path?.getAttribute('stroke') ?? '' };
      add(g.dataset.archipelago!, { where: 'inset', label, islets, outline, ink });
    }
    return out;
  }) as Promise<Partial<Record<ArchipelagoId, DrawnArchipelago[]>>>;
}

/** How much of each mark the screenshot shows, in its ink. */
export interface InkReport {
  /** Share of the label box's pixels in the label's ink (glyphs fill ~15-30% of their box). */
  label: number;
  /** Islets with a dot of their ink at their centre, and how many there are. */
  islets: { seen: number; of: number };
  /** Share of points along the outline with its ink within 2 px (a dash covers 60% of a line). */
  outline: number;
}

function rgb(css: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(css.trim());
  if (!m) throw new Error(`expected a #rrggbb colour, got "${css}"`);
  return [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)];
}

/** Measures what the screenshot shows of one drawn archipelago. */
export function inkOf(png: Buffer | PNG, a: DrawnArchipelago): InkReport {
  const img = png instanceof PNG ? png : PNG.sync.read(png);
  // Colours within 60 (of 441) of the ink: anti-aliasing and the outline's 0.9 opacity stay in,
  // the nearest other colours (the muted sea label against the text, the land) stay out.
  const near = (x: number, y: number, c: [number, number, number], tol = 60) => {
    x = Math.round(x);
    y = Math.round(y);
    if (x < 0 || y < 0 || x >= img.width || y >= img.height) return false;
    const i = (y * img.width + x) * 4;
    return Math.hypot(img.data[i]! - c[0], img.data[i + 1]! - c[1], img.data[i + 2]! - c[2]) <= tol;
  };
  const around = (x: number, y: number, r: number, c: [number, number, number]) => {
    for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) if (near(x + dx, y + dy, c)) return true;
    return false;
  };
  let label = 0;
  if (a.label) {
    const c = rgb(a.ink.label);
    let hit = 0;
    let all = 0;
    for (let y = Math.round(a.label.y0); y < a.label.y1; y++) for (let x = Math.round(a.label.x0); x < a.label.x1; x++, all++) if (near(x, y, c)) hit++;
    label = all ? hit / all : 0;
  }
  const islet = rgb(a.ink.islet);
  const outline = rgb(a.ink.outline);
  const samples = densify(a.outline, 3);
  return {
    label,
    islets: { seen: a.islets.filter(([x, y]) => around(x, y, 2, islet)).length, of: a.islets.length },
    outline: samples.length ? samples.filter(([x, y]) => around(x, y, 2, outline)).length / samples.length : 0,
  };
}

/** Points every `step` px along a polyline. */
function densify(points: Array<[number, number]>, step: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 1; i < points.length; i++) {
    const [x0, y0] = points[i - 1]!;
    const [x1, y1] = points[i]!;
    const n = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / step));
    for (let k = 0; k < n; k++) out.push([x0 + ((x1 - x0) * k) / n, y0 + ((y1 - y0) * k) / n]);
  }
  return out;
}

/** The box around everything drawn of an archipelago (label, islets, outline), padded, for a golden region. */
export function regionOf(id: ArchipelagoId, a: DrawnArchipelago, pad = 10): Region {
  const xs = [...a.islets.map((p) => p[0]), ...a.outline.map((p) => p[0]), ...(a.label ? [a.label.x0, a.label.x1] : [])];
  const ys = [...a.islets.map((p) => p[1]), ...a.outline.map((p) => p[1]), ...(a.label ? [a.label.y0, a.label.y1] : [])];
  const x = Math.floor(Math.min(...xs) - pad);
  const y = Math.floor(Math.min(...ys) - pad);
  return { name: `${id} (${a.where})`, x, y, width: Math.ceil(Math.max(...xs) + pad) - x, height: Math.ceil(Math.max(...ys) + pad) - y };
}
