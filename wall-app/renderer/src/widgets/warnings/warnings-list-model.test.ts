import { WarningSchema, type Warning } from '@ioc/protocol';
import { describe, expect, it } from 'vitest';
import { FIXTURE_WARNINGS } from '../../gallery/fixtures/warnings';
import { darkTheme } from '../../theme';
import { ackWho, anySyntheticWarning, clockTime, fitWarnings, relativeAge, severityColor, severityLabel, splitMessage } from './warnings-list-model';

const [critical, acked] = FIXTURE_WARNINGS as [Warning, Warning, Warning];
const MIN = 60_000;

describe('warnings list model', () => {
  it('the gallery warnings are exactly what the server sends', () => {
    for (const w of FIXTURE_WARNINGS) expect(WarningSchema.strict().parse(w)).toEqual(w);
    expect(new Set(FIXTURE_WARNINGS.map((w) => w.severity))).toEqual(new Set(['critical', 'warning', 'info']));
  });

  it('names each severity in words, in both languages, with its own colour', () => {
    expect(severityLabel('critical', 'vi')).toBe('NGHIÊM TRỌNG');
    expect(severityLabel('warning', 'en')).toBe('WARNING');
    expect(severityLabel('info', 'vi')).toBe('THÔNG TIN');
    expect(new Set(['critical', 'warning', 'info'].map((s) => severityColor(s as Warning['severity'], darkTheme))).size).toBe(3);
  });

  it('writes how long ago in Vietnamese and English', () => {
    expect(relativeAge(20_000, 'vi')).toBe('vừa xong');
    expect(relativeAge(14 * MIN + 59_000, 'vi')).toBe('14 phút trước');
    expect(relativeAge(14 * MIN, 'en')).toBe('14 min ago');
    expect(relativeAge(90 * MIN, 'vi')).toBe('1 giờ trước');
    expect(relativeAge(47 * 60 * MIN, 'en')).toBe('47 h ago');
    expect(relativeAge(53 * 60 * MIN, 'en')).toBe('2 days ago');
    expect(relativeAge(24 * 60 * MIN, 'en')).toBe('24 h ago');
    expect(relativeAge(-5000, 'en')).toBe('just now');
  });

  it('writes the clock time in Vietnam time', () => {
    const t = Date.parse('2026-11-23T01:46:00Z');
    expect(clockTime(t, 'vi')).toBe('08:46 23/11');
    expect(clockTime(t, 'en')).toBe('23 Nov 08:46');
  });

  it('splits the server message into names and what happened', () => {
    expect(splitMessage(critical, 'vi')).toEqual({ unit: 'Hà Nội', indicator: 'Chỉ số giá tiêu dùng (so với cùng kỳ)', body: '5,20 % cao hơn ngưỡng cảnh báo 4,50 %.' });
    expect(splitMessage(critical, 'en').body).toBe('5.20 % is above the warning threshold of 4.50 %.');
    const odd = { ...critical, message: { vi: 'Tin khác: không theo mẫu', en: 'Other: free text' } };
    expect(splitMessage(odd, 'vi').body).toBe('Tin khác: không theo mẫu');
  });

  it('says who acknowledged', () => {
    expect(ackWho(acked.ackBy)).toBe('lan');
    expect(ackWho('key:console-1')).toBe('console-1');
    expect(ackWho(null)).toBeNull();
  });

  it('shows at most max warnings, as many as fit, and counts the rest', () => {
    expect(fitWarnings(0, 8, 500, 150, 36)).toEqual({ shown: 0, more: 0 });
    expect(fitWarnings(3, 8, 500, 150, 36)).toEqual({ shown: 3, more: 0 });
    expect(fitWarnings(5, 8, 500, 150, 36)).toEqual({ shown: 3, more: 2 });
    expect(fitWarnings(5, 2, 1000, 150, 36)).toEqual({ shown: 2, more: 3 });
    expect(fitWarnings(4, 8, 100, 150, 36)).toEqual({ shown: 1, more: 3 });
  });

  it('asks for the demo watermark while a warning raised on synthetic values is on screen', () => {
    expect(anySyntheticWarning(FIXTURE_WARNINGS)).toBe(false);
    expect(anySyntheticWarning([critical, { ...acked, synthetic: true }])).toBe(true);
    expect(anySyntheticWarning([{ ...critical, synthetic: true, state: 'resolved' }])).toBe(false);
  });
});
