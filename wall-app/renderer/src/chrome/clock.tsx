import { formatVnTimestamp } from '@ioc/protocol';
import { useStore } from 'zustand';
import { wallTicker } from './wall-ticker';

/** Wall time in Asia/Ho_Chi_Minh, ISO 8601 (`2026-11-23T14:05:07+07:00`), once a second. */
export function Clock() {
  const now = useStore(wallTicker, (s) => s.now);
  return (
    <time data-testid="clock" className="clock" dateTime={formatVnTimestamp(now)}>
      {formatVnTimestamp(now)}
    </time>
  );
}
