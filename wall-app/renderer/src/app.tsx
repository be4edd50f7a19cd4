import { StatusScreen } from './chrome/status-screen';
import { useWall } from './state/hooks';
import { phaseOf } from './state/wall-store';
import { Tile } from './tile/tile';
import { TileViewport } from './tile/tile-viewport';

/** The page: the tile once wall, scene and catalog are known; a status screen before or on error. */
export function App() {
  const phase = useWall(phaseOf);
  const resolution = useWall((s) => s.wall?.resolution);
  if (phase !== 'ready' || !resolution) return <StatusScreen phase={phase === 'ready' ? 'connecting' : phase} />;
  return (
    <TileViewport width={resolution.width} height={resolution.height}>
      <Tile />
    </TileViewport>
  );
}
