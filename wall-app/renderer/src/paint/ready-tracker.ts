/**
 * Says when every panel of the tile has first painted with data (or failed for good). Reset
 * on each new scene, so `data-ready` means "the scene now shown is complete".
 */
export class ReadyTracker {
  #key: string | null = null;
  #pending = new Set<string>();
  #done = false;

  constructor(private readonly hooks: { onReset: () => void; onReady: () => void }) {}

  /** A new set of panels is shown (scene change). Same key again: nothing changes. */
  expect(key: string, panelIds: readonly string[]): void {
    if (key === this.#key) return;
    this.#key = key;
    this.#pending = new Set(panelIds);
    this.#done = false;
    this.hooks.onReset();
    if (this.#pending.size === 0) this.#finish();
  }

  /** A panel of scene `key` painted with data, or showed its error. */
  settled(key: string, panelId: string): void {
    if (key !== this.#key || this.#done) return;
    this.#pending.delete(panelId);
    if (this.#pending.size === 0) this.#finish();
  }

  get ready(): boolean {
    return this.#done;
  }

  #finish(): void {
    this.#done = true;
    this.hooks.onReady();
  }
}
