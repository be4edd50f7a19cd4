import { describe, expect, it } from 'vitest';
import { fold, words } from './normalize.js';

describe('search folding', () => {
  it('drops diacritics and case, with đ and Đ as d', () => {
    expect(fold('Đồng Nai')).toBe('dong nai');
    expect(fold('Thành phố Hồ Chí Minh')).toBe('thanh pho ho chi minh');
    expect(fold('KIM NGẠCH XUẤT KHẨU')).toBe('kim ngach xuat khau');
    expect(fold('Bà Rịa – Vũng Tàu')).toBe('ba ria vung tau');
    // Composed and decomposed forms of the same letters fold the same.
    expect(fold('Hà Nội'.normalize('NFD'))).toBe(fold('Hà Nội'.normalize('NFC')));
  });

  it('splits ids and punctuation into words', () => {
    expect(words('grdp_growth')).toEqual(['grdp', 'growth']);
    expect(words('wall.scene.show')).toEqual(['wall', 'scene', 'show']);
    expect(words('  ')).toEqual([]);
  });
});
