import type { CalibrationPattern, DisplayAdjustArgs, UndoCommand } from '@ioc/protocol';
import type { WallDomain } from '../wall/index.js';
import { planDisplayAdjust } from './display-adjust.js';
import type { WallStatePatch, WallStateRecord } from '../wall/wall-state.js';
import { CommandRefusal } from './refusal.js';

type Args = Record<string, unknown>;

/** What the wall and briefing commands do to a wall's state; checks throw CommandRefusal. */
export interface WallChange {
  wallId: string;
  patch: WallStatePatch;
  undo: UndoCommand | null;
  /** A change made elsewhere than the wall state (a wall file); returns what the audit log records. */
  effect?: () => Record<string, unknown>;
}

/** `planWallChange` on the wall's state as stored now (for checks before the change is made). */
export async function planWallCommand(wall: WallDomain, name: string, args: Args, units: ReadonlySet<string> | null, actor = ''): Promise<WallChange> {
  return planWallChange(wall, name, args, units, actor, await wall.states.record(String(args.wallId)));
}

/**
 * Translates a wall or briefing command into a change of the wall's state `r`, after checking it
 * against the layouts (the wall, the scene, the briefing and its steps, the province). Pure: the
 * command service plans again on the record that `WallStates.update` locked, and writes that.
 */
export function planWallChange(wall: WallDomain, name: string, args: Args, units: ReadonlySet<string> | null, actor: string, r: WallStateRecord | null): WallChange {
  const wallId = String(args.wallId);
  const w = wall.layouts.wall(wallId);
  if (!w || !r) throw new CommandRefusal('not_found', `unknown wall "${wallId}"`, 'wallId');
  const undo = (n: string, a: Args): UndoCommand => ({ name: n, args: { wallId, ...a } });
  switch (name) {
    case 'wall.scene.show': {
      const sceneId = String(args.sceneId);
      const scene = wall.layouts.scene(sceneId);
      if (!scene) throw new CommandRefusal('not_found', `unknown scene "${sceneId}"`, 'sceneId');
      if (scene.wall !== wallId) throw new CommandRefusal('invalid', `scene "${sceneId}" is laid out for wall "${scene.wall}", not "${wallId}"`, 'sceneId');
      return { wallId, patch: { sceneId }, undo: r.sceneId !== sceneId ? undo('wall.scene.show', { sceneId: r.sceneId }) : null };
    }
    case 'wall.language': {
      const language = args.language as WallStateRecord['language'];
      return { wallId, patch: { language }, undo: r.language !== language ? undo('wall.language', { language: r.language }) : null };
    }
    case 'wall.theme': {
      const theme = args.theme as WallStateRecord['theme'];
      return { wallId, patch: { theme }, undo: r.theme !== theme ? undo('wall.theme', { theme: r.theme }) : null };
    }
    case 'wall.drilldown': {
      const unit = (args.unit as string | null) ?? null;
      if (unit !== null && units && !units.has(unit)) throw new CommandRefusal('not_found', `unknown reporting unit "${unit}"`, 'unit');
      return { wallId, patch: { focus: unit }, undo: r.focus !== unit ? undo('wall.drilldown', { unit: r.focus }) : null };
    }
    case 'wall.calibrate': {
      const calibration = args.on === true ? { pattern: args.pattern as CalibrationPattern, by: actor } : null;
      const was = r.calibration;
      const same = (was?.pattern ?? null) === (calibration?.pattern ?? null);
      return { wallId, patch: { calibration }, undo: same ? null : undo('wall.calibrate', was ? { on: true, pattern: was.pattern } : { on: false }) };
    }
    case 'wall.display.adjust': {
      const planned = planDisplayAdjust(wall, args as DisplayAdjustArgs);
      return { wallId, patch: {}, undo: planned.undo, effect: planned.apply };
    }
    default:
      return planBriefing(wall, name, args, r, undo);
  }
}

function planBriefing(wall: WallDomain, name: string, args: Args, r: WallStateRecord, undo: (n: string, a: Args) => UndoCommand): WallChange {
  const wallId = r.wallId;
  if (name === 'briefing.start') {
    const id = String(args.briefingId);
    const b = wall.briefing(id);
    if (!b) throw new CommandRefusal('not_found', `unknown briefing "${id}"`, 'briefingId');
    if (b.wall !== wallId) throw new CommandRefusal('invalid', `briefing "${id}" is for wall "${b.wall}", not "${wallId}"`, 'briefingId');
    // Starting over a running briefing keeps what to bring back at the end.
    const back = r.briefing ? { returnSceneId: r.briefing.returnSceneId, returnFocus: r.briefing.returnFocus } : { returnSceneId: r.sceneId, returnFocus: r.focus };
    return { wallId, patch: { ...stepPatch(wall, id, 1), briefing: { id, step: 1, ...back } }, undo: undo('briefing.end', {}) };
  }
  const run = r.briefing;
  const b = run ? wall.briefing(run.id) : undefined;
  if (!run || !b) throw new CommandRefusal('invalid', `no briefing is running on wall "${wallId}"`);
  const total = b.steps.length;
  if (name === 'briefing.end') {
    return { wallId, patch: { sceneId: run.returnSceneId, focus: run.returnFocus, briefing: null }, undo: null };
  }
  let step: number;
  if (name === 'briefing.next') step = run.step + 1;
  else if (name === 'briefing.prev') step = run.step - 1;
  else step = Number(args.step);
  if (step < 1) throw new CommandRefusal('invalid', `already at the first step of "${b.id}"`);
  if (step > total) throw new CommandRefusal('invalid', name === 'briefing.goto' ? `briefing "${b.id}" has ${total} steps, not ${step}` : `already at the last step (${total} of ${total})`, name === 'briefing.goto' ? 'step' : undefined);
  return { wallId, patch: { ...stepPatch(wall, b.id, step), briefing: { ...run, step } }, undo: step !== run.step ? undo('briefing.goto', { step: run.step }) : null };
}

function stepPatch(wall: WallDomain, briefingId: string, step: number): WallStatePatch {
  const s = wall.briefing(briefingId)!.steps[step - 1]!;
  return { sceneId: s.scene, focus: s.unit ?? null };
}
