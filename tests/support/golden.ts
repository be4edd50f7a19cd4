import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { ROOT } from './server.js';

/** Reference images, committed: `tests/golden/<name>.png`. */
export const GOLDEN_DIR = join(ROOT, 'tests/golden');
/** Where a failed comparison leaves the actual image and the difference, for a person to look at. */
export const GOLDEN_OUT = join(ROOT, 'tests/golden/out');

export interface GoldenResult {
  /** Pixels that differ beyond pixelmatch's colour threshold. */
  different: number;
  /** Share of the image's pixels that differ. */
  ratio: number;
  /** True when the reference was written by this call (first run, or `UPDATE_GOLDEN=1`). */
  written: boolean;
  /** The same, within each region asked for (a small region's change is lost in the whole image's share). */
  regions: Array<Region & { different: number; ratio: number }>;
}

/** A part of the image compared on its own (screenshot pixels, clipped to the image). */
export interface Region {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Compares a PNG screenshot with `tests/golden/<name>.png` (pixelmatch, colour threshold 0.1,
 * anti-aliased pixels ignored). With no reference yet, or with `UPDATE_GOLDEN=1`, the
 * screenshot becomes the reference (review it before committing). On a mismatch the actual image
 * and a diff are written to `tests/golden/out/` (ignored by git).
 */
export function compareGolden(name: string, png: Buffer, regions: readonly Region[] = []): GoldenResult {
  const file = join(GOLDEN_DIR, `${name}.png`);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    if (process.env.CI === 'true' && process.env.UPDATE_GOLDEN !== '1') throw new Error(`golden image ${name}.png is missing (run the test once locally to create it, review it, commit it)`);
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, png);
    return { different: 0, ratio: 0, written: true, regions: regions.map((r) => ({ ...r, different: 0, ratio: 0 })) };
  }
  const actual = PNG.sync.read(png);
  const expected = PNG.sync.read(readFileSync(file));
  if (actual.width !== expected.width || actual.height !== expected.height) {
    saveFailure(name, png, null);
    throw new Error(`golden image ${name}: size ${actual.width}x${actual.height}, expected ${expected.width}x${expected.height}`);
  }
  const diff = new PNG({ width: actual.width, height: actual.height });
  const { different, ratio } = compareImages(actual, expected, diff);
  if (different > 0) saveFailure(name, png, diff);
  const parts = regions.map((r) => {
    const box = clip(r, actual);
    const d = box.width > 0 && box.height > 0 ? compareImages(crop(actual, box), crop(expected, box)) : { different: 0, ratio: 0 };
    return { ...r, ...d };
  });
  return { different, ratio, written: false, regions: parts };
}

function clip(r: Region, img: PNG): Region {
  const x = Math.max(0, Math.min(img.width, r.x));
  const y = Math.max(0, Math.min(img.height, r.y));
  return { name: r.name, x, y, width: Math.max(0, Math.min(img.width, r.x + r.width) - x), height: Math.max(0, Math.min(img.height, r.y + r.height) - y) };
}

function crop(img: PNG, r: Region): PNG {
  const out = new PNG({ width: r.width, height: r.height });
  PNG.bitblt(img, out, r.x, r.y, r.width, r.height, 0, 0);
  return out;
}

/**
 * Pixels that differ between two images of one size (pixelmatch, threshold 0.1), and their
 * share of the image; `diff`, when given, receives the difference picture.
 */
export function compareImages(a: PNG, b: PNG, diff?: PNG): { different: number; ratio: number } {
  const different = pixelmatch(a.data, b.data, diff?.data, a.width, a.height, { threshold: 0.1 });
  return { different, ratio: different / (a.width * a.height) };
}

function saveFailure(name: string, png: Buffer, diff: PNG | null): void {
  mkdirSync(GOLDEN_OUT, { recursive: true });
  writeFileSync(join(GOLDEN_OUT, `${name}.actual.png`), png);
  if (diff) writeFileSync(join(GOLDEN_OUT, `${name}.diff.png`), PNG.sync.write(diff));
}

/** The gallery page of a fixture (see wall-app/README.md, "Widget gallery"). */
export function galleryUrl(server: string, fixture: string, opts: { lang?: 'vi' | 'en'; theme?: string } = {}): string {
  return `${server}/wall/gallery.html?fixture=${encodeURIComponent(fixture)}&lang=${opts.lang ?? 'vi'}&theme=${opts.theme ?? 'dark'}`;
}
