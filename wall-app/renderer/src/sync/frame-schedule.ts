/** A change held until the frame that shows it. */
export interface Scheduled<K extends string = string> {
  /** Wall time T: applied in the first frame whose wall time is >= T. */
  at: number;
  kind: K;
  apply: () => void;
  /** What the sync log records of it; null: not logged. */
  describe?: () => object | null;
  /** Arrival order, which breaks ties between equal T. */
  seq: number;
}

/** What applying one change in a frame looked like (for the sync log). */
export interface Applied<K extends string = string> {
  kind: K;
  at: number;
  /** Wall time of the frame that showed it (its rAF timestamp through the clock offset). */
  frameWall: number;
  /** The same frame on the local clock (`performance.timeOrigin` + rAF timestamp). */
  frameLocal: number;
}

/**
 * The changes waiting for their frame, in (T, arrival) order. Pure: the driver calls `due`
 * once per animation frame with the frame's wall time and applies what it returns, so a change
 * whose T has already passed goes out in the very next frame, and changes keep their order.
 */
export class FrameSchedule<K extends string = string> {
  #items: Scheduled<K>[] = [];
  #seq = 0;

  add(at: number, kind: K, apply: () => void, describe?: () => object | null): void {
    const item: Scheduled<K> = { at, kind, apply, seq: this.#seq++ };
    if (describe) item.describe = describe;
    // Insert after every item due at or before `at`: ties keep arrival order.
    let i = this.#items.length;
    while (i > 0 && this.#items[i - 1]!.at > at) i--;
    this.#items.splice(i, 0, item);
  }

  get size(): number {
    return this.#items.length;
  }

  /** Changes of `kind` waiting. */
  count(kind: K): number {
    return this.#items.reduce((n, item) => (item.kind === kind ? n + 1 : n), 0);
  }

  /** The earliest T waiting, or null. */
  next(): number | null {
    return this.#items[0]?.at ?? null;
  }

  /** Removes and returns, in order, every change due in a frame at wall time `frameWall`. */
  due(frameWall: number): Scheduled<K>[] {
    let n = 0;
    while (n < this.#items.length && this.#items[n]!.at <= frameWall) n++;
    return this.#items.splice(0, n);
  }

  clear(): void {
    this.#items = [];
  }
}
