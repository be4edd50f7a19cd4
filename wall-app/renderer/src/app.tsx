import { useMemo } from 'react';
import { PairingScreen } from './chrome/pairing-screen';
import { StatusScreen } from './chrome/status-screen';
import { useWall } from './state/hooks';
import { phaseOf } from './state/wall-store';
import { Tile } from './tile/tile';
import { pageViews } from './tile/tile-geometry';
import { TileViewport } from './tile/tile-viewport';

/** The page: the pairing code without a device token; the tile once wall, scene and catalog are known; a status screen before or on error. */
export function App() {
  const phase = useWall(phaseOf);
  const wall = useWall((s) => s.wall);
  const displayId = useWall((s) => s.displayId);
  const pairing = useWall((s) => s.pairing !== null);
  const page = useWall((s) => s.page);
  const size = useMemo(() => (wall ? pageViews(wall, displayId, page) : null), [wall, displayId, page]);
  if (pairing) return <PairingScreen />;
  if (phase !== 'ready' || !size) return <StatusScreen phase={phase === 'ready' ? 'connecting' : phase} />;
  return (
    <TileViewport width={size.width} height={size.height}>
      <Tile />
    </TileViewport>
  );
}
