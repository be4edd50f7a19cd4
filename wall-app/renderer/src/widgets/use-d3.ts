import { select, type Selection } from 'd3';
import { useLayoutEffect, useRef, type DependencyList } from 'react';
import { countDraw } from '../paint/draw-count';
import { useFontGeneration } from './use-font-generation';

export type SvgSelection = Selection<SVGSVGElement, unknown, null, undefined>;

/**
 * Runs a d3 draw function on an <svg> only when `deps` change (data, size, language, theme) or
 * a font finished loading (draw functions measure text): no animation loop, no redraw on
 * unrelated renders. Runs before the browser paints, so the
 * frame that shows new data shows it drawn.
 */
export function useD3(draw: (svg: SvgSelection) => void, deps: DependencyList, panelId = '') {
  const ref = useRef<SVGSVGElement>(null);
  const fonts = useFontGeneration();
  useLayoutEffect(() => {
    if (!ref.current) return;
    draw(select(ref.current));
    countDraw(panelId, 'd3');
  }, [...deps, fonts]);
  return ref;
}
