import { describe, expect, it } from 'vitest';
import { arcAngle, ARC_END, ARC_START, gaugeLayout, gaugeModel, gaugeSideLayout, isShareOfPlan, MIN_STACK_RADIUS, yearElapsed } from './gauge-model';

describe('gauge model', () => {
  it('judges a year-to-date share of plan against the pace of the year', () => {
    // October: 10/12 of 100% due. 64.5 is 77% of the pace: behind.
    const m = gaugeModel({ value: 64.5, target: 100, higherIsBetter: true, elapsed: 10 / 12 });
    expect(m.pace).toBeCloseTo(83.33, 2);
    expect(m.tone).toBe('bad');
    expect(m.status).toBe('behind');
    expect(gaugeModel({ value: 78, target: 100, higherIsBetter: true, elapsed: 10 / 12 }).tone).toBe('warn');
    expect(gaugeModel({ value: 85, target: 100, higherIsBetter: true, elapsed: 10 / 12 }).tone).toBe('good');
  });

  it('judges a rate against the full target where it does not accrue', () => {
    expect(gaugeModel({ value: 93, target: 95, higherIsBetter: true, elapsed: null }).status).toBe('watch');
    expect(gaugeModel({ value: 96, target: 95, higherIsBetter: true, elapsed: null }).status).toBe('onTrack');
  });

  it('reads the target as a ceiling where lower is better (CPI)', () => {
    expect(gaugeModel({ value: 3.65, target: 4.5, higherIsBetter: false, elapsed: null }).status).toBe('withinLimit');
    expect(gaugeModel({ value: 4.2, target: 4.5, higherIsBetter: false, elapsed: null }).tone).toBe('warn');
    expect(gaugeModel({ value: 4.8, target: 4.5, higherIsBetter: false, elapsed: null }).tone).toBe('bad');
    expect(gaugeModel({ value: 4.8, target: 4.5, higherIsBetter: null, elapsed: null }).tone).toBe('neutral');
  });

  it('turns bad outside the catalog warning thresholds whatever the pace', () => {
    const m = gaugeModel({ value: 97, target: 95, higherIsBetter: true, elapsed: null, thresholds: { warnAbove: 96 } });
    expect([m.tone, m.status]).toEqual(['bad', 'outsideThreshold']);
  });

  it('scales the arc to a round number above the value and the target', () => {
    const m = gaugeModel({ value: 64.5, target: 100, higherIsBetter: true, elapsed: null });
    expect(m.max).toBe(120);
    expect(m.targetAt).toBeCloseTo(100 / 120);
    expect(m.valueAt).toBeCloseTo(64.5 / 120);
    const over = gaugeModel({ value: 180, target: 100, higherIsBetter: true, elapsed: null });
    expect(over.max).toBeGreaterThanOrEqual(180);
    expect(over.valueAt).toBeLessThanOrEqual(1);
    expect(gaugeModel({ value: -2, target: 4.5, higherIsBetter: false, elapsed: null }).valueAt).toBe(0);
  });

  it('knows the share of the year a period closes', () => {
    expect(yearElapsed('2026-10')).toBeCloseTo(10 / 12);
    expect(yearElapsed('2026-Q3')).toBe(0.75);
    expect(yearElapsed('2026')).toBe(1);
    expect(yearElapsed('2026-12-31')).toBeCloseTo(1);
    expect(yearElapsed('2026-07-01T08:00:00+07:00')).toBeNull();
    expect(isShareOfPlan('% of plan')).toBe(true);
    expect(isShareOfPlan('% y/y')).toBe(false);
  });

  it('sweeps 240 degrees, open at the bottom', () => {
    expect(arcAngle(0)).toBe(ARC_START);
    expect(arcAngle(1)).toBe(ARC_END);
    expect(arcAngle(0.5)).toBeCloseTo(0);
    expect(arcAngle(2)).toBe(ARC_END);
  });

  it('keeps the value at 64 px or more and the text lines inside the box', () => {
    for (const [w, h] of [
      [700, 560],
      [400, 380],
      [1200, 900],
    ] as const) {
      const L = gaugeLayout(w, h, 3);
      expect(L.valueFont).toBeGreaterThanOrEqual(64);
      if (h >= 500) expect(L.linesTop + 2 * 38 + 19).toBeLessThanOrEqual(h);
      expect(L.cx - L.radius).toBeGreaterThanOrEqual(0);
    }
  });

  it("sets a low gauge (a drill-down set's, 520 x 250) beside its texts instead of under them", () => {
    expect(gaugeLayout(520, 250, 2).radius).toBeLessThan(MIN_STACK_RADIUS);
    const L = gaugeSideLayout(520, 250, 100 / 120);
    // Room above the ring for the target's label, below for the scale's ends.
    expect(L.cy - L.radius).toBeGreaterThanOrEqual(44);
    expect(L.cy + L.radius * 0.5 + L.thickness / 2 + 31).toBeLessThanOrEqual(250);
    // The target (on the right) is labelled between the ring and the column of texts.
    expect(L.textX - (L.cx + L.radius)).toBeGreaterThanOrEqual(80);
    expect(L.textWidth).toBeGreaterThanOrEqual(180);
    expect(L.valueFont).toBeGreaterThanOrEqual(48);
  });
});
