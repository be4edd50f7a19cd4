import { useEffect, useState } from 'react';

/** Frames per second of this page, counted over each second of animation frames; null before the first second. */
export function useFps(): number | null {
  const [fps, setFps] = useState<number | null>(null);
  useEffect(() => {
    let frames = 0;
    let since: number | null = null;
    let raf = requestAnimationFrame(function tick(t) {
      since ??= t;
      frames++;
      if (t - since >= 1000) {
        setFps(Math.round((frames * 1000) / (t - since)));
        frames = 0;
        since = t;
      }
      raf = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(raf);
  }, []);
  return fps;
}
