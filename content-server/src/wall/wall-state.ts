import type { Briefing, Language, WallCalibration, WallState, WallTheme } from '@ioc/protocol';
import type { Sql } from '../store/sql.js';
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
  /**
   * Calibration mode (test pattern), stored so that every server of the center shows it; a
   * server alone clears it when it starts (`endCalibrations`): after a restart the wall shows
   * its content. With several servers one restarting ends nobody's calibration.
   */
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
  calibration: string | null;
  changed_at: number;
}

const SELECT = 'SELECT scene_id, language, theme, focus, briefing, calibration, changed_at FROM wall_state WHERE wall_id = ?';
/** A wall's row as it shows by default, so that a change always has a row to lock. */
const ENSURE = 'INSERT INTO wall_state (wall_id, scene_id, language, theme, changed_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (wall_id) DO NOTHING';
const UPDATE = 'UPDATE wall_state SET scene_id = ?, language = ?, theme = ?, focus = ?, briefing = ?, calibration = ?, changed_at = ? WHERE wall_id = ?';

/** A change of a wall's state: fixed, or planned from the state as it is when the change is made. */
export type WallStateChange = WallStatePatch | ((before: WallStateRecord) => WallStatePatch);

/**
 * What each wall shows (scene, language, theme, drill-down focus, briefing), persisted in
 * `wall_state` so that a restart shows what the operator chose. A wall never set shows its
 * default scene in Vietnamese on the dark theme; a stored scene that no longer exists (or is
 * for another wall) falls back to the default too.
 *
 * Several servers change the same walls: a change is a read-modify-write of the wall's row in
 * one transaction, the row locked (FOR UPDATE on PostgreSQL; SQLite's write transaction excludes
 * every other writer), so that two changes of one wall (a scene and a language, or two
 * "next step" of a briefing) both land, one after the other.
 */
export class WallStates {
  constructor(
    private readonly sql: Sql,
    private readonly layouts: LayoutsLoader,
    private readonly briefings: (id: string) => Briefing | undefined,
    private readonly startedAt: number,
  ) {}

  /** The state of a wall, or null when the wall is unknown. */
  async record(wallId: string, tx: Sql = this.sql, lock = false): Promise<WallStateRecord | null> {
    const wall = this.layouts.wall(wallId);
    if (!wall) return null;
    const row = await tx.get<Row>(lock && tx.engine === 'postgres' ? `${SELECT} FOR UPDATE` : SELECT, [wallId]);
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
      calibration: row?.calibration ? (JSON.parse(row.calibration) as WallCalibration) : null,
      changedAt: row?.changed_at ?? this.startedAt,
    };
  }

  /** The state as pushed to renderers (with the scene itself), or null. */
  async state(wallId: string): Promise<WallState | null> {
    const r = await this.record(wallId);
    return r ? this.stateOf(r) : null;
  }

  /** A record as pushed to renderers, or null when its scene is gone. */
  stateOf(r: WallStateRecord): WallState | null {
    const scene = this.layouts.scene(r.sceneId);
    if (!scene) return null;
    const def = r.briefing ? this.briefings(r.briefing.id) : undefined;
    const briefing =
      r.briefing && def
        ? { id: def.id, name: def.name, step: r.briefing.step, steps: def.steps.length, title: def.steps[r.briefing.step - 1]?.title ?? null }
        : null;
    // Due at once unless the wall domain schedules it (see `WallDomain.publish`).
    const wall = this.layouts.wall(r.wallId);
    return { wallId: r.wallId, scene, language: r.language, theme: r.theme, focus: r.focus, briefing, changedAt: r.changedAt, applyAt: r.changedAt, calibration: r.calibration, ...(wall && { wall }) };
  }

  /**
   * Changes some of what a wall shows; returns the record before the change. A planning
   * function gets the record locked for the change; if it throws, nothing changes.
   */
  async update(wallId: string, change: WallStateChange, at = Date.now()): Promise<WallStateRecord> {
    const wall = this.layouts.wall(wallId);
    if (!wall) throw new Error(`unknown wall ${wallId}`);
    return this.sql.begin(async (tx) => {
      await tx.run(ENSURE, [wallId, wall.defaultScene, 'vi', 'dark', this.startedAt]);
      const r = (await this.record(wallId, tx, true))!;
      const p = typeof change === 'function' ? change(r) : change;
      const next = { ...r, ...p };
      await tx.run(UPDATE, [next.sceneId, next.language, next.theme, next.focus, next.briefing ? JSON.stringify(next.briefing) : null, next.calibration ? JSON.stringify(next.calibration) : null, at, wallId]);
      return r;
    });
  }

  /** Ends every wall's calibration: a server alone, at its start (a pattern left on from before shows no content). */
  async endCalibrations(): Promise<number> {
    return (await this.sql.run('UPDATE wall_state SET calibration = NULL WHERE calibration IS NOT NULL')).changes;
  }

  setScene(wallId: string, sceneId: string, at = Date.now()): Promise<WallStateRecord> {
    return this.update(wallId, { sceneId }, at);
  }

  setLanguage(wallId: string, language: Language, at = Date.now()): Promise<WallStateRecord> {
    return this.update(wallId, { language }, at);
  }
}
