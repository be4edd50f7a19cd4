import type { Warning } from '@ioc/protocol';
import { describe, expect, it } from 'vitest';
import { FIXTURE_WARNINGS } from '../../gallery/fixtures/warnings';
import { copiesNeeded, tickerItems, tickerOffset } from './ticker-model';

describe('ticker offset', () => {
  it('moves left pxPerSecond pixels per second of wall time and wraps every content width', () => {
    expect(tickerOffset(0, 120, 1000)).toBe(0);
    expect(tickerOffset(1000, 120, 1000)).toBeCloseTo(-120);
    expect(tickerOffset(5000, 120, 1000)).toBeCloseTo(-600);
    expect(tickerOffset(9000, 120, 1000)).toBeCloseTo(-80); // 1080 px travelled
    expect(tickerOffset(-1000, 120, 1000)).toBeCloseTo(-880);
  });

  it('gives the same x for the same wall time, at real epoch times, on any tile', () => {
    const now = Date.parse('2026-11-23T09:00:00+07:00') + 1234.5;
    const a = tickerOffset(now, 120, 2345.67);
    const b = tickerOffset(now, 120, 2345.67);
    expect(a).toBe(b);
    expect(a).toBeLessThanOrEqual(0);
    expect(a).toBeGreaterThan(-2345.67);
    // Continuous: 1/60 s later it has moved 2 px left (or wrapped round).
    const next = tickerOffset(now + 1000 / 60, 120, 2345.67);
    expect(((a - next + 2345.67) % 2345.67) - 2).toBeCloseTo(0, 3);
  });

  it('stays still without content', () => {
    expect(tickerOffset(123_456, 120, 0)).toBe(0);
    expect(copiesNeeded(1900, 0)).toBe(1);
  });

  it('lays enough copies side by side to cover the viewport while moving', () => {
    expect(copiesNeeded(1900, 3000)).toBe(2);
    expect(copiesNeeded(1900, 800)).toBe(4);
  });
});

describe('ticker items', () => {
  const messages = [
    { vi: 'Tin một', en: 'News one' },
    { vi: '  ', en: '' },
  ];
  const [critical, acked] = FIXTURE_WARNINGS as [Warning, Warning];

  it('shows the messages in the language, then the warnings most severe first with a worded badge', () => {
    const items = tickerItems(messages, [critical, acked], true, 'vi');
    expect(items.map((i) => i.text)).toEqual([
      'Tin một',
      'Hà Nội — Chỉ số giá tiêu dùng (so với cùng kỳ) (T10/2026): 5,20 % cao hơn ngưỡng cảnh báo 4,50 %.',
      'Thành phố Hồ Chí Minh — Tổng mức bán lẻ hàng hóa và doanh thu dịch vụ (T10/2026): 118,4 nghìn tỷ đồng, tăng 23,2 % so với 96,1 nghìn tỷ đồng kỳ 2026-09 (ngưỡng ±15,0 %).',
    ]);
    expect(items.map((i) => i.badge)).toEqual([undefined, 'NGHIÊM TRỌNG', 'CẢNH BÁO']);
    expect(tickerItems(messages, [critical], true, 'en')[1]?.text).toBe('Hà Nội — Consumer price index, y/y (Oct 2026): 5.20 % is above the warning threshold of 4.50 %.');
  });

  it('leaves warnings out when the panel says so, and is empty with nothing to show', () => {
    expect(tickerItems(messages, [critical], false, 'en').map((i) => i.text)).toEqual(['News one']);
    expect(tickerItems([], [], true, 'vi')).toEqual([]);
  });
});
