import { SIMULATION_LABEL, type ApiErrorItem, type Label, type WhatIfModel, type WhatIfResponse } from '@ioc/protocol';

type Resolved = WhatIfResponse['drivers'][number]['baselineFrom'];

/** What the evaluation needs besides the model: baselines as resolved now, and names. */
export interface SimulationContext {
  /** The baseline of a driver or output, by its source (latest national value, fallback, fixed). */
  baselineOf(source: WhatIfModel['drivers'][number]['baseline']): Resolved;
  indicatorLabels(id: string): { name: Label; unitLabel: Label };
  now: number;
  formatTime(ms: number): string;
}

/** Rounds away binary noise (0.1 + 0.2) without hiding any digit a person would read. */
const clean = (x: number): number => Math.round(x * 1e9) / 1e9;

/**
 * Checks a scenario against the model: every driver named must exist and lie within its range.
 * Returns every problem, each with the field `drivers.<id>`.
 */
export function scenarioProblems(model: WhatIfModel, values: Readonly<Record<string, number>>): ApiErrorItem[] {
  const out: ApiErrorItem[] = [];
  const known = model.drivers.map((d) => d.id);
  for (const [id, v] of Object.entries(values)) {
    const d = model.drivers.find((x) => x.id === id);
    if (!d) out.push({ index: null, field: `drivers.${id}`, message: `unknown driver "${id}"; the model's drivers are ${known.join(', ')}` });
    else if (!Number.isFinite(v) || v < d.min || v > d.max) out.push({ index: null, field: `drivers.${id}`, message: `${id} must be between ${d.min} and ${d.max} (${d.unitLabel.en}); got ${v}` });
  }
  return out;
}

/**
 * Evaluates the linear model: for each output, simulated = baseline + sum over its terms of
 * coefficient x (scenario - baseline of the driver). Drivers not given stay at their baseline.
 * Pure arithmetic on the model's numbers: nothing is evaluated from text, nothing is stored.
 * The scenario must have passed `scenarioProblems`.
 */
export function simulate(model: WhatIfModel, values: Readonly<Record<string, number>>, ctx: SimulationContext): WhatIfResponse {
  const baseline: Record<string, number> = {};
  const scenario: Record<string, number> = {};
  const delta = new Map<string, number>();
  const drivers = model.drivers.map((d) => {
    const from = ctx.baselineOf(d.baseline);
    const value = values[d.id] ?? from.value;
    baseline[d.id] = from.value;
    scenario[d.id] = value;
    delta.set(d.id, clean(value - from.value));
    return { id: d.id, name: d.name, unitLabel: d.unitLabel, baselineFrom: from, scenario: value, delta: delta.get(d.id)! };
  });
  const outputs = model.outputs.map((o) => {
    const from = ctx.baselineOf(o.baseline);
    const labels = ctx.indicatorLabels(o.indicator);
    const terms = o.terms.map((t) => {
      const dx = delta.get(t.driver) ?? 0;
      return { driver: t.driver, coefficient: t.coefficient, delta: dx, contribution: clean(t.coefficient * dx) };
    });
    const change = clean(terms.reduce((s, t) => s + t.contribution, 0));
    return { indicator: o.indicator, name: labels.name, unitLabel: labels.unitLabel, baseline: from.value, baselineFrom: from, simulated: clean(from.value + change), delta: change, terms };
  });
  return { simulation: true, label: { ...SIMULATION_LABEL }, disclaimer: model.disclaimer, baseline, scenario, drivers, outputs, computedAt: ctx.formatTime(ctx.now) };
}
