import type { Topic } from '@ioc/protocol';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { TopicRegistry } from '../live/topic-registry';
import type { TopicState } from '../live/topic-store';
import type { ReadyTracker } from '../paint/ready-tracker';
import { themeOf, type Theme } from '../theme';
import { indicatorView, type IndicatorView } from './catalog-index';
import { setPanelSynthetic, type DemoStore } from './demo-store';
import type { WallStore, WallStoreState } from './wall-store';

/** The vanilla stores and trackers of this page; React reads them through the hooks below. */
export interface WallServices {
  store: WallStore;
  registry: TopicRegistry;
  ready: ReadyTracker;
  demo: DemoStore;
  /** Wall time (the server's clock through this page's offset), epoch ms: drives animations. */
  now: () => number;
}

export const WallContext = createContext<WallServices | null>(null);

export function useServices(): WallServices {
  const services = useContext(WallContext);
  if (!services) throw new Error('WallContext missing');
  return services;
}

/** The wall clock: `now()` in wall time, the same on every tile (animations use it, never frame counts). */
export function useWallNow(): () => number {
  return useServices().now;
}

export function useWall<T>(selector: (s: WallStoreState) => T): T {
  return useStore(useServices().store, selector);
}

export function useLang() {
  return useWall((s) => s.language);
}

/** The palette of the wall's current theme (`wall.theme`); dark until the first state. */
export function useTheme(): Theme {
  return themeOf(useWall((s) => s.state?.theme));
}

/**
 * Texts in the tile's language. The language comes from the wall store (not i18next's global
 * state) so that language, scene and texts change in the same commit.
 */
export function useT() {
  const lang = useLang();
  return useTranslation('translation', { lng: lang }).t;
}

export function useIndicator(id: string): IndicatorView {
  const catalog = useWall((s) => s.catalog);
  const lang = useLang();
  return useMemo(() => indicatorView(catalog, id, lang), [catalog, id, lang]);
}

/** One topic's state; the component re-renders only when that topic changes. */
export function useTopic(topic: Topic): TopicState {
  const { registry } = useServices();
  return useStore(registry.ensure(topic));
}

/** Several topics' states at once (table panels); stable while none of them changes. */
export function useTopics(topics: readonly Topic[]): readonly TopicState[] {
  const { registry } = useServices();
  const key = topics.join('|');
  const stores = useMemo(() => topics.map((t) => registry.ensure(t)), [registry, key]);
  const cache = useRef<readonly TopicState[] | null>(null);
  const subscribe = useCallback(
    (onChange: () => void) => {
      const offs = stores.map((s) => s.subscribe(onChange));
      return () => offs.forEach((off) => off());
    },
    [stores],
  );
  const getSnapshot = useCallback(() => {
    const next = stores.map((s) => s.getState());
    const prev = cache.current;
    if (prev && prev.length === next.length && prev.every((p, i) => p === next[i])) return prev;
    cache.current = next;
    return next;
  }, [stores]);
  return useSyncExternalStore(subscribe, getSnapshot);
}

/** Tells the demo watermark whether this panel shows synthetic points. */
export function useSyntheticReport(panelKey: string, synthetic: boolean): void {
  const { demo } = useServices();
  useEffect(() => {
    setPanelSynthetic(demo, panelKey, synthetic);
  }, [demo, panelKey, synthetic]);
  useEffect(() => () => setPanelSynthetic(demo, panelKey, false), [demo, panelKey]);
}
