import type { Language, WallState } from '@ioc/protocol';
import type { Db } from '../store/index.js';
import type { LayoutsLoader } from './layouts-loader.js';

/** What a wall shows, as stored: ids only (the scene itself comes from the layouts). */
export interface WallStateRecord {
  wallId: string;
  sceneId: string;
  language: Language;
  changedAt: number;
}

interface Row {
  scene_id: string;
  language: Language;
  changed_at: number;
}

/**
 * The current scene and language of each wall, persisted in `wall_state` so that a restart
 * shows what the operator chose. A wall never set shows its default scene in Vietnamese; a
 * stored scene that no longer exists (or is for another wall) falls back to the default too.
 */
export class WallStates {
  private readonly select;
  private readonly upsert;

  constructor(
    db: Db,
    private readonly layouts: LayoutsLoader,
    private readonly startedAt: number,
  ) {
    this.select = db.prepare<[string], Row>('SELECT scene_id, language, changed_at FROM wall_state WHERE wall_id = ?');
    this.upsert = db.prepare(
      `INSERT INTO wall_state (wall_id, scene_id, language, changed_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (wall_id) DO UPDATE SET scene_id = excluded.scene_id, language = excluded.language, changed_at = excluded.changed_at`,
    );
  }

  /** The state of a wall, or null when the wall is unknown. */
  record(wallId: string): WallStateRecord | null {
    const wall = this.layouts.wall(wallId);
    if (!wall) return null;
    const row = this.select.get(wallId);
    const stored = row ? this.layouts.scene(row.scene_id) : undefined;
    const sceneId = stored && stored.wall === wallId ? stored.id : wall.defaultScene;
    return { wallId, sceneId, language: row?.language ?? 'vi', changedAt: row?.changed_at ?? this.startedAt };
  }

  /** The state as pushed to renderers (with the scene itself), or null. */
  state(wallId: string): WallState | null {
    const r = this.record(wallId);
    const scene = r ? this.layouts.scene(r.sceneId) : undefined;
    if (!r || !scene) return null;
    return { wallId, scene, language: r.language, changedAt: r.changedAt };
  }

  setScene(wallId: string, sceneId: string, at = Date.now()): void {
    const r = this.record(wallId);
    if (!r) throw new Error(`unknown wall ${wallId}`);
    this.upsert.run(wallId, sceneId, r.language, at);
  }

  setLanguage(wallId: string, language: Language, at = Date.now()): void {
    const r = this.record(wallId);
    if (!r) throw new Error(`unknown wall ${wallId}`);
    this.upsert.run(wallId, r.sceneId, language, at);
  }
}
