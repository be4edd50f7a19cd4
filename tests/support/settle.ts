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

/**
 * Like drawsSettled, but passes of the `kinds` given (`three`: the globe, which turns all the
 * time) do not count: waits until no other drawing pass has ended for `quietMs`.
 */
export async function drawsSettledExcept(page: Page, quietMs: number, kinds: readonly string[], timeoutMs = 60_000): Promise<void> {
  await page.waitForFunction(
    ({ quiet, kinds }) => {
      const log = (window as unknown as { __wallDraws?: Array<{ kind: string; at: number }> }).__wallDraws ?? [];
      let last = -Infinity;
      for (let i = log.length - 1; i >= 0; i--) {
        if (!kinds.includes(log[i]!.kind)) {
          last = log[i]!.at;
          break;
        }
      }
      return performance.now() - last > quiet;
    },
    { quiet: quietMs, kinds: [...kinds] },
    { polling: 100, timeout: timeoutMs },
  );
}
