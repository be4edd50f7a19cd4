import { describe, expect, it } from 'vitest';
import { formatLastSeen } from './format-time.js';

// 2025-07-14T08:05:09+07:00
const T = Date.parse('2025-07-14T01:05:09Z');

describe('formatLastSeen', () => {
  it('shows the time of day in Vietnam time for today', () => {
    expect(formatLastSeen(T, T + 60_000, 'vi')).toBe('08:05:09');
    expect(formatLastSeen(T, T + 60_000, 'en')).toBe('08:05:09');
  });

  it('adds the date for another day', () => {
    const text = formatLastSeen(T, T + 2 * 86_400_000, 'en');
    expect(text).toContain('14/07');
    expect(text).toContain('08:05');
  });

  it('cuts days at Vietnam midnight, not UTC midnight', () => {
    // 23:30 VN on the 14th vs 00:30 VN on the 15th: different days although the same UTC day.
    const late = Date.parse('2025-07-14T16:30:00Z');
    expect(formatLastSeen(late, late + 3_600_000, 'en')).toContain('14/07');
  });
});
