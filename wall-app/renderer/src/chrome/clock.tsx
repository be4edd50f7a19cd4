import { formatVnTimestamp } from '@ioc/protocol';
import { useStore } from 'zustand';
import { formatWallClock } from '../format/format';
import { useLang } from '../state/hooks';
import { wallTicker } from './wall-ticker';

/**
 * Wall time in Vietnam, once a second, as people read it: the time large, the date in the
 * wall's language and the zone named once beside it. ISO 8601 stays in `datetime`.
 */
export function Clock() {
  const now = useStore(wallTicker, (s) => s.now);
  const lang = useLang();
  const text = formatWallClock(now, lang);
  return (
    <time data-testid="clock" className="clock" dateTime={formatVnTimestamp(now)} lang={lang}>
      <span className="clock-day">
        <span data-testid="clock-date" className="clock-date">
          {text.date}
        </span>
        <span data-testid="clock-zone" className="clock-zone">
          {text.zone}
        </span>
      </span>
      <span data-testid="clock-time" className="clock-time">
        {text.time}
      </span>
    </time>
  );
}
