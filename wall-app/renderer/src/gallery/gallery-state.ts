import type { Language, Point, Topic, WallState, WallTheme } from '@ioc/protocol';
import type { WallServices } from '../state/hooks';
import type { GalleryFixture } from './fixture';

declare global {
  interface Window {
    /** The gallery's test and bench hooks. */
    __gallery?: {
      fixture: string;
      /** Applies the fixture's k-th data change (synchronously rendered); returns `performance.now()` before it. */
      change(k: number): number;
      /** Switches theme or language as `wall.theme` / `wall.language` would. */
      set(patch: { theme?: WallTheme; language?: Language }): void;
    };
  }
}

/** The wall state of a one-panel scene showing the fixture. */
export function galleryState(fixture: GalleryFixture, language: Language, theme: WallTheme): WallState {
  return {
    wallId: 'gallery',
    scene: { id: 'gallery', name: { vi: 'Bộ sưu tập', en: 'Gallery' }, wall: 'gallery', panels: [fixture.panel] },
    language,
    theme,
    focus: fixture.focus ?? null,
    briefing: null,
    changedAt: 0,
    applyAt: 0,
  };
}

/** Fills the topic stores with the fixture's data and exposes `window.__gallery`. */
export function installGalleryHooks(services: WallServices, fixture: GalleryFixture, commit: (apply: () => void) => void): void {
  const versions = new Map<Topic, number>();
  for (const [topic, points] of Object.entries(fixture.topics ?? {}) as Array<[Topic, Point[]]>) {
    services.registry.ensure(topic);
    services.registry.apply({ kind: 'snapshot', topic, version: 1, points });
    versions.set(topic, 1);
  }
  services.store.setState({ warnings: fixture.warnings ?? [], mapFeed: fixture.mapFeed ?? { incidents: [], flows: [] } });
  window.__gallery = {
    fixture: fixture.id,
    change(k) {
      if (!fixture.change) throw new Error(`fixture ${fixture.id} has no data changes`);
      const { topic, points } = fixture.change(k);
      const base = versions.get(topic) ?? 0;
      const before = performance.now();
      services.registry.ensure(topic);
      commit(() => services.registry.apply(base === 0 ? { kind: 'snapshot', topic, version: 1, points } : { kind: 'delta', topic, version: base + 1, baseVersion: base, points }));
      versions.set(topic, base + 1);
      return before;
    },
    set(patch) {
      const s = services.store.getState().state;
      if (!s) return;
      commit(() => services.store.setState({ state: { ...s, ...patch }, ...(patch.language ? { language: patch.language } : {}) }));
    },
  };
}
