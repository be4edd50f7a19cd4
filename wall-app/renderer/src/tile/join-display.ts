import { fetchLayouts, retrying } from '../net/http';
import type { WallStore } from '../state/wall-store';
import { joinDisplayOf, type PageParams } from './page';

const RETRY_MS = 5_000;

/**
 * For a renderer or canvas page whose URL names no display: waits for the layouts, then sets
 * the display the page joins the wall as (the renderer's first). Until then, or while the wall
 * or renderer is unknown, the page shows the connecting or error screen.
 */
export async function resolveJoinDisplay(store: WallStore, page: PageParams): Promise<void> {
  for (;;) {
    const { walls } = await retrying(fetchLayouts, 'layouts');
    const wall = walls.find((w) => w.id === page.wallId);
    const displayId = wall ? joinDisplayOf(wall, page) : null;
    if (displayId) {
      store.setState({ displayId, error: null });
      return;
    }
    store.setState({ serverSeen: true, error: { code: wall ? 'unknown-display' : 'unknown-wall' } });
    await new Promise((r) => setTimeout(r, RETRY_MS));
  }
}
