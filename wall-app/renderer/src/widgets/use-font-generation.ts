import { useSyncExternalStore } from 'react';

// Widgets that measure their text (to drop what does not fit) measured the fallback font when they
// drew before "Be Vietnam Pro" had loaded, and kept that layout: a 4 px wider axis on one page
// load, not on the next. Each finished font load is a change they must draw again for; there is
// none once the page's fonts are in, so an idle wall still draws nothing.
let generation = 0;
const listeners = new Set<() => void>();
let watching = false;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!watching && typeof document !== 'undefined' && document.fonts) {
    watching = true;
    document.fonts.addEventListener('loadingdone', () => {
      generation += 1;
      for (const l of listeners) l();
    });
  }
  return () => listeners.delete(listener);
}

/** A number that changes each time the page finishes loading fonts. */
export function useFontGeneration(): number {
  return useSyncExternalStore(subscribe, () => generation, () => 0);
}
