import { describe, expect, it } from 'vitest';
import { MIN_TEXT_PX, textPx, TYPE } from './typography';

describe('wall typography', () => {
  it('never sizes text below the wall minimum of 18 px', () => {
    expect(MIN_TEXT_PX).toBe(18);
    expect(textPx(12)).toBe(18);
    expect(textPx(12.6, TYPE.label)).toBe(24);
    expect(textPx(64.4, TYPE.headline)).toBe(64);
  });

  it('keeps the scale in order: minimum < label < title < figure < headline', () => {
    expect(TYPE.min < TYPE.label && TYPE.label < TYPE.title && TYPE.title < TYPE.figure && TYPE.figure < TYPE.headline).toBe(true);
  });
});
