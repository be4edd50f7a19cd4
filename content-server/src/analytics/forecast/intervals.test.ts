import { describe, expect, it } from 'vitest';
import { specOf, type EtsParams } from './ets.js';
import { relativeVariances } from './intervals.js';

// The closed forms of FPP3 Table 8.8 (Hyndman et al. 2008, Table 6.1), written out as printed:
// the variance of the h-step forecast error relative to sigma^2.
function table88(kind: string, p: EtsParams, m: number, h: number): number {
  const { alpha: a, beta: b, gamma: g, phi } = p;
  const k = Math.floor((h - 1) / m);
  const dampedTrend = (b * phi * h) / (1 - phi) ** 2 * (2 * a * (1 - phi) + b * phi) - ((b * phi * (1 - phi ** h)) / ((1 - phi) ** 2 * (1 - phi ** 2))) * (2 * a * (1 - phi ** 2) + b * phi * (1 + 2 * phi - phi ** h));
  switch (kind) {
    case 'A,N,N':
      return 1 + a ** 2 * (h - 1);
    case 'A,A,N':
      return 1 + (h - 1) * (a ** 2 + a * b * h + (b ** 2 * h * (2 * h - 1)) / 6);
    case 'A,Ad,N':
      return 1 + a ** 2 * (h - 1) + dampedTrend;
    case 'A,N,A':
      return 1 + a ** 2 * (h - 1) + g * k * (2 * a + g);
    case 'A,A,A':
      return 1 + (h - 1) * (a ** 2 + a * b * h + (b ** 2 * h * (2 * h - 1)) / 6) + g * k * (2 * a + g + b * m * (k + 1));
    default:
      return 1 + a ** 2 * (h - 1) + g * k * (2 * a + g) + dampedTrend + ((2 * b * g * phi) / ((1 - phi) * (1 - phi ** m))) * (k * (1 - phi ** m) - phi ** m * (1 - phi ** (m * k)));
  }
}

describe('forecast variance of additive-error ETS models', () => {
  const settings: EtsParams[] = [
    { alpha: 0.3, beta: 0.05, gamma: 0.2, phi: 0.9 },
    { alpha: 0.9, beta: 0.5, gamma: 0.05, phi: 0.8 },
    { alpha: 0.05, beta: 0.001, gamma: 0.6, phi: 0.98 },
  ];
  for (const kind of ['A,N,N', 'A,A,N', 'A,Ad,N', 'A,N,A', 'A,A,A', 'A,Ad,A'] as const) {
    for (const m of [4, 12]) {
      it(`${kind}, m = ${m}: sum of squared c_j equals FPP3 Table 8.8 for h = 1..36`, () => {
        const spec = specOf(kind, m);
        for (const raw of settings) {
          const p = { alpha: raw.alpha, beta: spec.trend ? raw.beta : 0, gamma: spec.seasonal ? raw.gamma : 0, phi: spec.damped ? raw.phi : 1 };
          const v = relativeVariances(spec, p, 36);
          v.forEach((vh, i) => expect(vh).toBeCloseTo(table88(kind, p, m, i + 1), 9));
        }
      });
    }
  }

  it('starts at 1 (one step ahead: sigma^2) and never shrinks with the horizon', () => {
    const v = relativeVariances(specOf('A,Ad,A', 12), { alpha: 0.2, beta: 0.02, gamma: 0.1, phi: 0.9 }, 36);
    expect(v[0]).toBe(1);
    for (let i = 1; i < v.length; i++) expect(v[i]).toBeGreaterThanOrEqual(v[i - 1]!);
  });
});
