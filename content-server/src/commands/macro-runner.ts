import { COMMANDS_BY_NAME, type CommandDefinition, type CommandError, type Macro, type MacroCondition, type MacroStepResult } from '@ioc/protocol';
import type { RanCommand } from './command-service.js';

export interface MacroContext {
  clientId: string;
  conditionHolds(c: MacroCondition): Promise<boolean>;
  runStep(def: CommandDefinition, args: Record<string, unknown>, stepClientId: string): Promise<RanCommand>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Runs a macro's steps in order. A step waits for the one before it unless that one said
 * `wait: false` (it is then queued on its device, whose queue keeps the order, and the macro
 * moves on). A step whose condition is false is skipped. The first failure stops the macro
 * unless the step allows `continueOnError`; the steps not run are reported as skipped. The
 * macro ends when every step it started has ended.
 */
export async function runMacro(macro: Macro, ctx: MacroContext): Promise<{ ok: boolean; steps: MacroStepResult[]; error?: CommandError }> {
  const steps: MacroStepResult[] = [];
  const pending: Array<Promise<void>> = [];
  let failure: CommandError | undefined;
  let stopped = false;
  for (const [index, step] of macro.steps.entries()) {
    const command = 'command' in step ? step.command : null;
    if (stopped) {
      steps.push({ index, command, status: 'skipped', durationMs: 0 });
      continue;
    }
    if (step.when && !(await ctx.conditionHolds(step.when))) {
      steps.push({ index, command, status: 'skipped', durationMs: 0 });
      continue;
    }
    if (!('command' in step)) {
      const t0 = performance.now();
      await sleep(step.delayMs);
      steps.push({ index, command: null, status: 'done', durationMs: Math.round(performance.now() - t0) });
      continue;
    }
    const def = COMMANDS_BY_NAME.get(step.command)!;
    const args = def.args.parse(step.args) as Record<string, unknown>;
    const slot: MacroStepResult = { index, command: step.command, status: 'done', durationMs: 0 };
    steps.push(slot);
    const run = ctx.runStep(def, args, `${ctx.clientId}#${index + 1}`).then((r) => {
      slot.durationMs = r.durationMs;
      if (r.exchanges) slot.exchanges = r.exchanges;
      if (!r.ok) {
        slot.status = 'failed';
        if (r.error) slot.error = r.error;
        if (!step.continueOnError && !failure) {
          failure = { code: r.error?.code ?? 'failed', message: `step ${index + 1} (${step.command}) failed: ${r.error?.message ?? 'unknown error'}` };
          stopped = true;
        }
      }
    });
    if (step.wait) await run;
    else pending.push(run);
  }
  await Promise.all(pending);
  return failure ? { ok: false, steps, error: failure } : { ok: true, steps };
}
