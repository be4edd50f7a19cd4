import { useEffect } from 'react';
import type { WallStore } from '../state/wall-store';

/**
 * Keeps the tile's wall definition equal to the one carried by the wall state: a calibration
 * change (bezels, offsets, colour) is in the `wall:state` scheduled for every renderer, so it
 * lands in the same frame on all of them. Updating the store's `wall` also makes the page
 * subscribe to what its new viewport needs. Same content: the object is kept.
 */
export function followWallOfState(store: WallStore): () => void {
  const check = (): void => {
    const { state, wall } = store.getState();
    const next = state?.wall;
    if (next && next !== wall && JSON.stringify(next) !== JSON.stringify(wall)) store.setState({ wall: next });
  };
  check();
  return store.subscribe((s, prev) => {
    if (s.state !== prev.state) check();
  });
}

export function useWallFromState(store: WallStore): void {
  useEffect(() => followWallOfState(store), [store]);
}
