import { describe, expect, it } from 'vitest';
import { choiceLabel, foldText, searchChoices } from './choice-search.js';
import { UNIT_CHOICES } from './testing/fixtures.js';

const values = (cs: ReadonlyArray<{ value: string | number }>) => cs.map((c) => c.value);

describe('foldText', () => {
  it('folds accents, đ and case', () => {
    expect(foldText('  Đà   Nẵng ')).toBe('da nang');
    expect(foldText('Thành phố Hồ Chí Minh')).toBe('thanh pho ho chi minh');
  });
});

describe('searchChoices', () => {
  it('returns everything for an empty query', () => {
    expect(values(searchChoices(UNIT_CHOICES, '  ', 'vi'))).toEqual(['01', '79', '48', '92']);
  });

  it('finds without accents, in either language, and by code', () => {
    expect(values(searchChoices(UNIT_CHOICES, 'da nang', 'vi'))).toEqual(['48']);
    expect(values(searchChoices(UNIT_CHOICES, 'Đà', 'en'))).toEqual(['48']);
    expect(values(searchChoices(UNIT_CHOICES, 'ho chi', 'vi'))).toEqual(['79']);
    expect(values(searchChoices(UNIT_CHOICES, '92', 'vi'))).toEqual(['92']);
    expect(values(searchChoices(UNIT_CHOICES, 'zzz', 'vi'))).toEqual([]);
    // Words are matched from their start: "h" is not found inside "Cần Thơ".
    expect(values(searchChoices(UNIT_CHOICES, 'h', 'vi'))).toEqual(['01', '79']);
  });

  it('puts labels that start with the query first', () => {
    expect(values(searchChoices(UNIT_CHOICES, 'th', 'vi'))).toEqual(['79', '92']);
    expect(values(searchChoices(UNIT_CHOICES, 'tho', 'vi'))).toEqual(['92']);
    expect(values(searchChoices(UNIT_CHOICES, 'ho', 'vi'))).toEqual(['79']);
  });
});

describe('choiceLabel', () => {
  it('names a value in the chosen language, or shows it as is', () => {
    expect(choiceLabel(UNIT_CHOICES, '48', 'vi')).toBe('Đà Nẵng');
    expect(choiceLabel(UNIT_CHOICES, '48', 'en')).toBe('Da Nang');
    expect(choiceLabel(UNIT_CHOICES, 'ZZ', 'vi')).toBe('ZZ');
    expect(choiceLabel(undefined, 3, 'vi')).toBe('3');
  });
});
