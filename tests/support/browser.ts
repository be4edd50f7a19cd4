import { chromium, type Browser } from 'playwright-core';

/** Flags for Debian's chromium on a closed network, as root. */
const BASE_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  // several wall tiles share one machine in tests: keep background tabs painting
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

/**
 * Compositing. Without a GPU, Chromium's plain software compositor (`--disable-gpu`) draws DOM
 * and SVG panels fast; WebGL needs SwiftShader's software GL, which composites every frame
 * through GL and costs hundreds of ms per frame with several 1080p pages on 2 cores
 * (bench/RESULTS.md). Pages that need WebGL ask for it with `CHROMIUM_WEBGL=1` or `webgl: true`.
 */
const SOFTWARE_COMPOSITOR = ['--disable-gpu'];
const SWIFTSHADER_WEBGL = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'];

export function chromiumArgs(opts: { webgl?: boolean } = {}): string[] {
  const webgl = opts.webgl ?? process.env.CHROMIUM_WEBGL === '1';
  return [...BASE_ARGS, ...(webgl ? SWIFTSHADER_WEBGL : SOFTWARE_COMPOSITOR)];
}

export function launchChromium(opts: { webgl?: boolean } = {}): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs(opts) });
}
