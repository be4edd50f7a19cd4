import type { Briefing, Language, WallCalibration, WallState, WallTheme } from '@ioc/protocol';
import type { Db } from '../store/index.js';
import type { LayoutsLoader } from './layouts-loader.js';

/** A briefing under way: where it is, and what to bring back when it ends. */
export interface BriefingRun {
  id: string;
  /** 1-based. */
  step: number;
  returnSceneId: string;
  returnFocus: string | null;
}

/** What a wall shows, as stored: ids only (scenes and briefings come from the layouts). */
export interface WallStateRecord {
  wallId: string;
  sceneId: string;
  language: Language;
  theme: WallTheme;
  focus: string | null;
  briefing: BriefingRun | null;
  /** Calibration mode (test pattern); not stored: after a restart the wall shows its content. */
  calibration: WallCalibration | null;
  changedAt: number;
}

export type WallStatePatch = Partial<Pick<WallStateRecord, 'sceneId' | 'language' | 'theme' | 'focus' | 'briefing' | 'calibration'>>;

interface Row {
  scene_id: string;
  language: Language;
  theme: WallTheme;
  focus: string | null;
  briefing: string | null;
  changed_at: number;
}

/**
 * What each wall shows (scene, language, theme, drill-down focus, briefing), persisted in
 * `wall_state` so that a restart shows what the operator chose. A wall never set shows its
 * default scene in Vietnamese on the dark theme; a stored scene that no longer exists (or is
 * for another wall) falls back to the default too.
 */
export class WallStates {
  private readonly select;
  private readonly upsert;
  private readonly calibrations = new Map<string, WallCalibration>();

  constructor(
    db: Db,
    private readonly layouts: LayoutsLoader,
    private readonly briefings: (id: string) => Briefing | undefined,
    private readonly startedAt: number,
  ) {
    this.select = db.prepare<[string], Row>('SELECT scene_id, language, theme, focus, briefing, changed_at FROM wall_state WHERE wall_id = ?');
    this.upsert = db.prepare(
      `INSERT INTO wall_state (wall_id, scene_id, language, theme, focus, briefing, changed_at) VALUES (@wallId, @sceneId, @language, @theme, @focus, @briefing, @changedAt)
       ON CONFLICT (wall_id) DO UPDATE SET scene_id = excluded.scene_id, language = excluded.language, theme = excluded.theme,
         focus = excluded.focus, briefing = excluded.briefing, changed_at = excluded.changed_at`,
    );
  }

  /** The state of a wall, or null when the wall is unknown. */
  record(wallId: string): WallStateRecord | null {
    const wall = this.layouts.wall(wallId);
    if (!wall) return null;
    const row = this.select.get(wallId);
    const stored = row ? this.layouts.scene(row.scene_id) : undefined;
    const sceneId = stored && stored.wall === wallId ? stored.id : wall.defaultScene;
    const run = row?.briefing ? (JSON.parse(row.briefing) as BriefingRun) : null;
    return {
      wallId,
      sceneId,
      language: row?.language ?? 'vi',
      theme: row?.theme ?? 'dark',
      focus: row?.focus ?? null,
      // A briefing whose file was removed is over.
      briefing: run && this.briefings(run.id) ? run : null,
      calibration: this.calibrations.get(wallId) ?? null,
      changedAt: row?.changed_at ?? this.startedAt,
    };
  }

  /** The state as pushed to renderers (with the scene itself), or null. */
  state(wallId: string): WallState | null {
    const r = this.record(wallId);
    const scene = r ? this.layouts.scene(r.sceneId) : undefined;
    if (!r || !scene) return null;
    const def = r.briefing ? this.briefings(r.briefing.id) : undefined;
    const briefing =
      r.briefing && def
        ? { id: def.id, name: def.name, step: r.briefing.step, steps: def.steps.length, title: def.steps[r.briefing.step - 1]?.title ?? null }
        : null;
    // Due at once unless the wall domain schedules it (see `WallDomain.publish`).
    const wall = this.layouts.wall(wallId);
    return { wallId, scene, language: r.language, theme: r.theme, focus: r.focus, briefing, changedAt: r.changedAt, applyAt: r.changedAt, calibration: r.calibration, ...(wall && { wall }) };
  }

  /** Changes some of what a wall shows; returns the record before the change. */
  update(wallId: string, patch: WallStatePatch, at = Date.now()): WallStateRecord {
    const r = this.record(wallId);
    if (!r) throw new Error(`unknown wall ${wallId}`);
    const next = { ...r, ...patch, changedAt: at };
    if (patch.calibration !== undefined) {
      if (patch.calibration) this.calibrations.set(wallId, patch.calibration);
      else this.calibrations.delete(wallId);
    }
    this.upsert.run({ ...next, briefing: next.briefing ? JSON.stringify(next.briefing) : null });
    return r;
  }

  setScene(wallId: string, sceneId: string, at = Date.now()): void {
    this.update(wallId, { sceneId }, at);
  }

  setLanguage(wallId: string, language: Language, at = Date.now()): void {
    this.update(wallId, { language }, at);
  }
}
