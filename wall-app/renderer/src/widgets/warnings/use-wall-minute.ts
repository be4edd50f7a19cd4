import { useEffect, useState } from 'react';
import { useWallNow } from '../../state/hooks';

/**
 * The current wall-time minute (epoch ms at its start), re-rendering once when a new minute
 * begins, and only while `active`: relative times ("14 phút trước") stay the same on every tile
 * and an idle wall re-renders once a minute at most.
 */
export function useWallMinute(active: boolean): number {
  const now = useWallNow();
  const [minute, setMinute] = useState(() => Math.floor(now() / 60_000) * 60_000);
  useEffect(() => {
    if (!active) return;
    let timer: ReturnType<typeof setTimeout>;
    const schedule = () => {
      const t = now();
      setMinute(Math.floor(t / 60_000) * 60_000);
      timer = setTimeout(schedule, 60_000 - (t % 60_000) + 20);
    };
    schedule();
    return () => clearTimeout(timer);
  }, [active, now]);
  return minute;
}
