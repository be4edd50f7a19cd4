import { useEffect, useRef } from 'react';
import { useWallNow } from '../state/hooks';

/**
 * Runs `frame(now)` once per animation frame with wall time `now`, while `running` and the
 * widget is mounted: for the few widgets that move by themselves (the ticker strip, the
 * globe's idle turn). Every tile computes the same picture for the same wall time, so a
 * moving panel stays continuous across tiles and after a renderer restarts. When `running` is
 * false no frame is requested at all: an idle wall does no redraw work.
 */
export function useWallAnimation(running: boolean, frame: (now: number) => void): void {
  const now = useWallNow();
  const latest = useRef(frame);
  latest.current = frame;
  useEffect(() => {
    if (!running) return;
    let id = 0;
    const step = () => {
      latest.current(now());
      id = requestAnimationFrame(step);
    };
    id = requestAnimationFrame(step);
    return () => cancelAnimationFrame(id);
  }, [running, now]);
}
