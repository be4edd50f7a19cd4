import type { Page } from 'playwright-core';

/** Drawing passes the page has made so far (`window.__wallDraws`). */
export function drawCount(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __wallDraws?: unknown[] }).__wallDraws?.length ?? 0);
}

/**
 * Waits until the page has made no drawing pass (`window.__wallDraws`, see
 * wall-app/renderer/src/paint/draw-count.ts) for `quietMs`, counted from this call: a chart
 * redrawn once more after a late layout (a font), or a map still flying, is waited for.
 */
export async function drawsSettled(page: Page, quietMs: number, timeoutMs = 60_000): Promise<void> {
  await page.evaluate(() => delete (window as unknown as { __settle?: unknown }).__settle);
  await page.waitForFunction(
    (quiet) => {
      const w = window as unknown as { __wallDraws?: unknown[]; __settle?: { n: number; since: number } };
      const n = w.__wallDraws?.length ?? 0;
      if (!w.__settle || w.__settle.n !== n) w.__settle = { n, since: performance.now() };
      return performance.now() - w.__settle.since > quiet;
    },
    quietMs,
    { polling: 100, timeout: timeoutMs },
  );
}
