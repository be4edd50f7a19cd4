import { renderersOf, type Wall } from '@ioc/protocol';

/**
 * What this page shows, from its URL (fixed for the page's life):
 * - `?wall=main&display=d1`: one display;
 * - `&renderer=r1`: a window covering the renderer's displays, side by side as the machine's
 *   outputs are (the page joins the wall as `display`, by default the renderer's first display);
 * - `&canvas=1`: the whole wall canvas, hidden bezel pixels included (a preview, and the
 *   reference of the spanning golden-image test); it joins as `display`, by default the first.
 */
export interface PageParams {
  wallId: string;
  displayId: string;
  rendererId: string;
  canvas: boolean;
}

export function readPageParams(search: string): PageParams {
  const params = new URLSearchParams(search);
  const get = (name: string) => params.get(name)?.trim() ?? '';
  const canvas = get('canvas');
  return { wallId: get('wall'), displayId: get('display'), rendererId: get('renderer'), canvas: canvas !== '' && canvas !== '0' && canvas !== 'false' };
}

/** What part of the wall a page draws: one display, a renderer's displays, or the whole canvas. */
export type PageScope = Pick<PageParams, 'rendererId' | 'canvas'>;

/** A page that shows one display (the default). */
export const ONE_DISPLAY: PageScope = Object.freeze({ rendererId: '', canvas: false });

/** The scope an address asks for. */
export function pageScopeOf(page: PageParams): PageScope {
  return page.rendererId === '' && !page.canvas ? ONE_DISPLAY : { rendererId: page.rendererId, canvas: page.canvas };
}

/**
 * The display a renderer or canvas page joins the wall as when its URL names none: the
 * renderer's first display, or the wall's. Null when the wall has no such renderer.
 */
export function joinDisplayOf(wall: Wall, page: PageParams): string | null {
  if (page.displayId) return page.displayId;
  if (page.rendererId) return renderersOf(wall).find((r) => r.id === page.rendererId)?.displays[0] ?? null;
  return wall.displays[0]?.id ?? null;
}
