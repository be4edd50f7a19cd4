import { describe, expect, it } from 'vitest';
import { evaluateEts, fitEts, forecastMeans, runFilter, specOf, type EtsParams } from './ets.js';
import { bestInitialStates } from './initial-states.js';
import { forecastWithIntervals } from './intervals.js';
import { initialOfReference, maxRel, paramsOfReference, reference, referenceCases } from './fixtures/reference.js';

const label = (c: (typeof referenceCases)[number]) => `${c.ds.name} ${c.kind}`;

describe(`ETS with given parameters and initial states equals statsmodels ${reference.statsmodels} exactly`, () => {
  it.each(referenceCases.map((c) => [label(c), c] as const))('%s', (_, { ds, kind, model }) => {
    const fit = evaluateEts(ds.y, specOf(kind, ds.m), paramsOfReference(model), initialOfReference(model));
    expect(Math.abs(fit.sse - model.sse) / model.sse).toBeLessThan(1e-10);
    expect(Math.abs(fit.loglik - model.llf)).toBeLessThan(1e-8 * Math.abs(model.llf));
    const fc = forecastWithIntervals(fit, ds.horizon);
    expect(maxRel(fc.mean, model.forecast.mean)).toBeLessThan(1e-10);
    expect(maxRel(fc.variance, model.forecast.variance)).toBeLessThan(1e-10);
    expect(maxRel(fc.lo80, model.forecast.lo80)).toBeLessThan(1e-10);
    expect(maxRel(fc.hi80, model.forecast.hi80)).toBeLessThan(1e-10);
    expect(maxRel(fc.lo95, model.forecast.lo95)).toBeLessThan(1e-10);
    expect(maxRel(fc.hi95, model.forecast.hi95)).toBeLessThan(1e-10);
  });
});

// Optimisers differ (statsmodels: L-BFGS-B over parameters and initial states from three
// starts; ours: Nelder–Mead over the smoothing parameters with the initial states solved by
// least squares), so estimated models are compared with tolerances: our maximum is never
// worse by more than 0.25 in log-likelihood; where both reach the same maximum (within 0.05)
// the forecasts agree within 1%; where ours is higher, its forecasts may differ more.
describe(`maximum-likelihood fits compared with statsmodels ${reference.statsmodels}`, () => {
  it.each(referenceCases.map((c) => [label(c), c] as const))('%s', (_, { ds, kind, model }) => {
    const fit = fitEts(ds.y, specOf(kind, ds.m));
    expect(fit.loglik).toBeGreaterThan(model.llf - 0.25);
    expect(fit.k).toBe(model.kFree);
    if (Math.abs(fit.loglik - model.llf) < 0.05) {
      expect(maxRel(forecastMeans(fit, ds.horizon), model.forecast.mean)).toBeLessThan(0.01);
      expect(Math.abs(fit.aicc - model.aiccFree)).toBeLessThan(0.1);
    }
  });

  it('reaches the same maximum as statsmodels for most of the models', () => {
    const same = referenceCases.filter(({ ds, kind, model }) => Math.abs(fitEts(ds.y, specOf(kind, ds.m)).loglik - model.llf) < 0.05);
    expect(same.length).toBeGreaterThanOrEqual(referenceCases.length - 4);
  });
});

describe('initial states by least squares', () => {
  const spec = specOf('A,Ad,A', 4);
  const p: EtsParams = { alpha: 0.3, beta: 0.1, gamma: 0.2, phi: 0.9 };
  const truth = { level: 50, trend: 2, seasonal: [3, -1, -4, 2] };
  // A series that the model with these states reproduces exactly (all errors zero).
  const y: number[] = [];
  {
    let { level: l, trend: b } = truth;
    const s = [...truth.seasonal];
    for (let t = 0; t < 40; t++) {
      y.push(l + p.phi * b + s[t % 4]!);
      l = l + p.phi * b;
      b = p.phi * b;
    }
  }

  it('recovers the states that generated a noiseless series, seasonal states summing to zero', () => {
    const init = bestInitialStates(y, spec, p);
    expect(init.level).toBeCloseTo(truth.level, 8);
    expect(init.trend).toBeCloseTo(truth.trend, 8);
    init.seasonal.forEach((s, i) => expect(s).toBeCloseTo(truth.seasonal[i]!, 8));
    // The filter run is exact; the SSE from the normal equations loses digits to cancellation
    // against sum(y^2) (why fitEts centres the series), but only at the 1e-12 relative level.
    expect(runFilter(y, spec, p, init).sse).toBeLessThan(1e-12);
    expect(init.sse).toBeLessThan(1e-12 * y.reduce((s, v) => s + v * v, 0));
  });

  it('gives the same forecasts, shifted, for a shifted series', () => {
    const airline = reference.datasets.find((d) => d.name === 'airline')!;
    const a = fitEts(airline.y, specOf('A,A,A', 12));
    const b = fitEts(airline.y.map((v) => v + 1e6), specOf('A,A,A', 12));
    expect(b.loglik).toBeCloseTo(a.loglik, 4);
    forecastMeans(b, 12).forEach((v, i) => expect(v - 1e6).toBeCloseTo(forecastMeans(a, 12)[i]!, 3));
  });
});
