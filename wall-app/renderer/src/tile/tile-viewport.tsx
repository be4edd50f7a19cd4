import { useEffect, useState, type ReactNode } from 'react';
import { fitTile } from './tile-geometry';

/**
 * Scales the tile (laid out at the display's resolution) to the window with a CSS transform,
 * so a 1920x1080 layout works in any window; letterboxed when the aspect ratio differs.
 */
export function TileViewport({ width, height, children }: { width: number; height: number; children: ReactNode }) {
  const [viewport, setViewport] = useState({ width: window.innerWidth, height: window.innerHeight });
  useEffect(() => {
    const onResize = () => setViewport({ width: window.innerWidth, height: window.innerHeight });
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  const fit = fitTile({ width, height }, viewport);
  const identity = fit.scale === 1 && fit.offsetX === 0 && fit.offsetY === 0;
  return (
    <div className="viewport">
      <div
        className="tile-scaler"
        style={{ width, height, transform: identity ? undefined : `translate(${fit.offsetX}px, ${fit.offsetY}px) scale(${fit.scale})` }}
      >
        {children}
      </div>
    </div>
  );
}
