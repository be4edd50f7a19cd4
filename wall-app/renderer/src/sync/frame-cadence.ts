/**
 * When this page's frames start: the interval between frames and the start of the latest one,
 * on the local clock. Animation-frame timestamps are the start times of frames on the display's
 * refresh grid, even when frames are skipped, so the interval is measured over the longest
 * baseline seen (first frame to latest, divided by the whole number of intervals between them)
 * and its precision grows with time. A frame off the grid (a refresh-rate change, a new display)
 * starts the measurement again.
 */
export class CadenceEstimator {
  #first: number | null = null;
  #last: number | null = null;
  #interval: number | null = null;
  /** Intervals counted between the first and the latest frame. */
  #span = 0;

  /** A frame started at local time `frameLocal` (ms); frames must come in order, repeats are ignored. */
  add(frameLocal: number): void {
    const last = this.#last;
    if (last === null || this.#first === null) {
      this.#first = this.#last = frameLocal;
      return;
    }
    const d = frameLocal - last;
    if (d < 1) return;
    if (this.#interval === null) {
      // The first interval: two consecutive frames (a skipped frame is a multiple: keep the smallest).
      if (d >= MIN_INTERVAL_MS && d <= MAX_INTERVAL_MS) {
        this.#interval = d;
        this.#span = 1;
        this.#first = last;
      } else this.#first = frameLocal;
      this.#last = frameLocal;
      return;
    }
    const step = d / this.#interval;
    if (step < 0.5 || Math.abs(step - Math.round(step)) > OFF_GRID) {
      // Off the grid: measure again from here.
      this.#first = this.#last = frameLocal;
      this.#interval = null;
      this.#span = 0;
      return;
    }
    const baseline = frameLocal - this.#first;
    const span = Math.round(baseline / this.#interval);
    this.#span = span;
    this.#interval = baseline / span;
    this.#last = frameLocal;
  }

  /** The measured cadence, once at least `MIN_SPAN` intervals are behind it; else null. */
  cadence(): { lastFrameLocal: number; intervalMs: number } | null {
    if (this.#interval === null || this.#last === null || this.#span < MIN_SPAN) return null;
    return { lastFrameLocal: this.#last, intervalMs: this.#interval };
  }
}

/** Intervals a cadence must be measured over before it is reported. */
const MIN_SPAN = 8;
const MIN_INTERVAL_MS = 4;
const MAX_INTERVAL_MS = 100;
/** How far from a whole number of intervals a frame may start and still be on the grid (timestamps are coarsened to 0.1 ms). */
const OFF_GRID = 0.15;

/**
 * Feeds `frames` consecutive animation-frame timestamps to `estimator` (local epoch ms). Resolves
 * after them, or after `timeoutMs` when the page gets no frames (hidden).
 */
export function sampleFrames(estimator: CadenceEstimator, frames: number, timeoutMs = 500): Promise<void> {
  return new Promise((resolve) => {
    let left = frames;
    const timer = setTimeout(resolve, timeoutMs);
    const onFrame = (ts: number) => {
      estimator.add(performance.timeOrigin + ts);
      if (--left > 0) requestAnimationFrame(onFrame);
      else {
        clearTimeout(timer);
        resolve();
      }
    };
    requestAnimationFrame(onFrame);
  });
}
