import type { Language } from '@ioc/protocol';

/** Every time on the console is Vietnam time, whatever the tablet's own zone. */
const TIME_ZONE = 'Asia/Ho_Chi_Minh';

const DAY_MS = 86_400_000;
const VN_OFFSET_MS = 7 * 3_600_000;

const locales: Record<Language, string> = { vi: 'vi-VN', en: 'en-GB' };

function vnDay(ms: number): number {
  return Math.floor((ms + VN_OFFSET_MS) / DAY_MS);
}

/**
 * A display's last-seen time: `14:05:09` when it is today (Vietnam time), `12/07 14:05` on
 * another day, so an operator sees at a glance whether a display dropped a minute or a week ago.
 */
export function formatLastSeen(ms: number, now: number, language: Language): string {
  const sameDay = vnDay(ms) === vnDay(now);
  const format = new Intl.DateTimeFormat(locales[language], {
    timeZone: TIME_ZONE,
    hour12: false,
    ...(sameDay
      ? { hour: '2-digit', minute: '2-digit', second: '2-digit' }
      : { day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit' }),
  });
  return format.format(new Date(ms));
}
