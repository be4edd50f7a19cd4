import { describe, expect, it } from 'vitest';
import { createI18n } from './i18n.js';
import { argLabel, describeArgs, rolesText, valueLabel } from './labels.js';
import { DISPLAY_POWER, WALL_DRILLDOWN } from './testing/fixtures.js';

const i18n = createI18n('vi');

describe('labels', () => {
  it('names arguments, values and roles, falling back to the id', () => {
    const vi = i18n.getFixedT('vi');
    const en = i18n.getFixedT('en');
    expect(argLabel(vi, 'device')).toBe('Thiết bị');
    expect(argLabel(en, 'brandNew')).toBe('brandNew');
    expect(valueLabel(vi, 'high-contrast')).toBe('Tương phản cao');
    expect(valueLabel(en, 'hdmi1')).toBe('hdmi1');
    expect(rolesText(en, ['technician', 'admin'])).toBe('Technician, Administrator');
    expect(rolesText(vi, ['viewer'])).toBe('Người xem');
  });

  it('describes a command in words, with the room’s labels', () => {
    expect(describeArgs(i18n.getFixedT('vi'), DISPLAY_POWER, { device: 'display-left', on: true }, 'vi')).toBe('Thiết bị: Màn hình ghép trái · Bật / tắt: Bật');
    expect(describeArgs(i18n.getFixedT('en'), DISPLAY_POWER, { device: 'display-left', on: false }, 'en')).toBe('Device: Wall display left · On / off: Off');
    expect(describeArgs(i18n.getFixedT('vi'), WALL_DRILLDOWN, { wallId: 'main', unit: null }, 'vi')).toBe('Màn hình ghép: Màn hình chính · Tỉnh, thành phố: Toàn quốc');
    expect(describeArgs(i18n.getFixedT('en'), undefined, { args: [1, 'a'] }, 'en')).toBe('Arguments: [1,"a"]');
  });
});
