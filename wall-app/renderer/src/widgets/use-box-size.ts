import { useLayoutEffect, useState } from 'react';

export interface BoxSize {
  width: number;
  height: number;
}

/**
 * The layout size of an element (CSS pixels before the tile's scale transform), kept current
 * with a ResizeObserver; null until first measured. Returns a callback ref, so the element may
 * appear later (a panel that was waiting for data). Re-renders only when the size changes.
 */
export function useBoxSize<T extends HTMLElement>(): [(el: T | null) => void, BoxSize | null] {
  const [el, setEl] = useState<T | null>(null);
  const [size, setSize] = useState<BoxSize | null>(null);
  useLayoutEffect(() => {
    if (!el) return;
    const update = (width: number, height: number) => setSize((s) => (s && s.width === width && s.height === height ? s : { width, height }));
    update(el.clientWidth, el.clientHeight);
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => update(el.clientWidth, el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, [el]);
  return [setEl, size];
}
