import type { CommandEnvelope, CommandResult, DeviceExchange, Language, MacroStepResult, UndoCommand } from '@ioc/protocol';

/**
 * What a command's answer means for the operator: which toast, and with which "Undo". Pure,
 * so that the store stays about state and these rules can be read (and tested) on their own.
 */

/** What a toast says; the UI turns it into words in the console's language. */
export type ToastMessage =
  | { type: 'scene-shown'; wallId: string; sceneId: string }
  | { type: 'language-set'; wallId: string; language: Language }
  | { type: 'command-done'; name: string }
  | { type: 'macro-done'; name: string; done: number; failed: number; skipped: number }
  | { type: 'server-error'; code: string; text: string }
  | { type: 'device-failed'; name: string; device: string; reason: string }
  | { type: 'no-answer' }
  | { type: 'offline' };

export interface ToastPlan {
  kind: 'ok' | 'error';
  message: ToastMessage;
  /** Offered as the toast's "Undo" button. */
  undo?: UndoCommand;
}

export type Args = Record<string, unknown>;

export const argsOf = (command: CommandEnvelope): Args =>
  typeof command.args === 'object' && command.args !== null && !Array.isArray(command.args) ? (command.args as Args) : {};

/** Counts of a macro's step outcomes. */
export function stepCounts(steps: readonly MacroStepResult[]): { done: number; failed: number; skipped: number } {
  const count = (s: MacroStepResult['status']) => steps.filter((x) => x.status === s).length;
  return { done: count('done'), failed: count('failed'), skipped: count('skipped') };
}

/** The first exchange a device failed, in the result or in one of its macro steps. */
export function deviceFailure(result: CommandResult): DeviceExchange | null {
  const failed = (xs: readonly DeviceExchange[] | undefined) => xs?.find((x) => !x.ok) ?? null;
  const own = failed(result.exchanges);
  if (own) return own;
  for (const step of result.steps ?? []) {
    if (step.status !== 'failed') continue;
    const hit = failed(step.exchanges);
    if (hit) return hit;
  }
  return null;
}

/** The toast for a command's final answer (not for `confirm_required`, which asks instead). */
export function toastFor(command: CommandEnvelope, result: CommandResult): ToastPlan {
  const args = argsOf(command);
  if (!result.ok) {
    const failure = result.error.code === 'device_failed' || result.steps ? deviceFailure(result) : null;
    if (failure) {
      return { kind: 'error', message: { type: 'device-failed', name: command.name, device: failure.device, reason: failure.error ?? failure.failure ?? result.error.message } };
    }
    return { kind: 'error', message: { type: 'server-error', code: result.error.code, text: result.error.message } };
  }
  const undo = result.undo ? { undo: result.undo } : {};
  if (result.steps) return { kind: 'ok', message: { type: 'macro-done', name: command.name, ...stepCounts(result.steps) }, ...undo };
  if (command.name === 'wall.scene.show' && typeof args.wallId === 'string' && typeof args.sceneId === 'string') {
    return { kind: 'ok', message: { type: 'scene-shown', wallId: args.wallId, sceneId: args.sceneId }, ...undo };
  }
  if (command.name === 'wall.language' && typeof args.wallId === 'string' && (args.language === 'vi' || args.language === 'en')) {
    return { kind: 'ok', message: { type: 'language-set', wallId: args.wallId, language: args.language }, ...undo };
  }
  return { kind: 'ok', message: { type: 'command-done', name: command.name }, ...undo };
}
