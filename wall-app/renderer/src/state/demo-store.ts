import { createStore, type StoreApi } from 'zustand/vanilla';

/** Which panels currently show at least one synthetic point (for the demo watermark). */
export type DemoStore = StoreApi<{ synthetic: ReadonlySet<string> }>;

export function createDemoStore(): DemoStore {
  return createStore<{ synthetic: ReadonlySet<string> }>()(() => ({ synthetic: new Set<string>() }));
}

export function setPanelSynthetic(store: DemoStore, panelKey: string, synthetic: boolean): void {
  const current = store.getState().synthetic;
  if (current.has(panelKey) === synthetic) return;
  const next = new Set(current);
  if (synthetic) next.add(panelKey);
  else next.delete(panelKey);
  store.setState({ synthetic: next });
}
