import { describe, expect, it } from 'vitest';
import { parameterCount, specOf } from './ets.js';
import { MIN_POINTS, minPoints, seasonLength, selectModel } from './select.js';
import { reference } from './fixtures/reference.js';

describe('model choice by AICc', () => {
  it.each(reference.datasets.map((ds) => [ds.name, ds] as const))('%s: the same model as statsmodels AICc ranking, pairs more than 2 apart kept in order', (_, ds) => {
    const sel = selectModel(ds.y, ds.m)!;
    expect(sel.best.spec.kind).toBe(ds.bestByAiccFree);
    const ours = new Map(sel.candidates.map((c) => [c.kind, c.fit!.aicc]));
    for (const a of ds.rankingByAiccFree) {
      for (const b of ds.rankingByAiccFree) {
        if (ds.models[b]!.aiccFree - ds.models[a]!.aiccFree > 2) expect(ours.get(a)!).toBeLessThan(ours.get(b)!);
      }
    }
  });

  it('counts free parameters as R forecast::ets does: smoothing, initial states (m-1 seasonal) and sigma^2', () => {
    expect(parameterCount(specOf('A,N,N', 12))).toBe(3);
    expect(parameterCount(specOf('A,Ad,N', 12))).toBe(6);
    expect(parameterCount(specOf('A,A,A', 12))).toBe(2 + 1 + 1 + 2 + 11 + 1 - 1);
    expect(parameterCount(specOf('A,Ad,A', 4))).toBe(10);
  });

  it('tries seasonal models only with two full seasons plus four points, and says why not', () => {
    const y = Array.from({ length: 27 }, (_, i) => 10 + i + 3 * Math.sin(i));
    const sel = selectModel(y, 12)!;
    const seasonal = sel.candidates.filter((c) => c.spec.seasonal);
    expect(seasonal.map((c) => [c.fit, c.reason])).toEqual([
      [null, 'needs at least 28 points, the series has 27'],
      [null, 'needs at least 28 points, the series has 27'],
      [null, 'needs at least 28 points, the series has 27'],
    ]);
    expect(sel.best.spec.seasonal).toBe(false);
    expect(minPoints(specOf('A,N,A', 12))).toBe(28);
    expect(minPoints(specOf('A,Ad,A', 4))).toBe(14);
    expect(selectModel(y.slice(0, 28 - 1), 1)!.candidates.every((c) => !c.spec.seasonal)).toBe(true);
  });

  it('fits the simplest model from MIN_POINTS - 1 points and nothing from fewer', () => {
    const y = [3, 5, 4, 6, 5, 7, 6, 8];
    expect(selectModel(y.slice(0, MIN_POINTS - 1), 1)!.best.spec.kind).toBe('A,N,N');
    expect(selectModel(y.slice(0, MIN_POINTS - 2), 1)).toBeNull();
  });

  it('takes season lengths from the periodicity', () => {
    expect([seasonLength('month'), seasonLength('quarter'), seasonLength('year'), seasonLength('day')]).toEqual([12, 4, 1, 1]);
  });

  it('picks the simplest model for a constant series instead of failing on a zero variance', () => {
    const sel = selectModel(new Array(30).fill(7), 4)!;
    expect(sel.best.spec.kind).toBe('A,N,N');
    expect(Number.isFinite(sel.best.aicc)).toBe(true);
  });
});
