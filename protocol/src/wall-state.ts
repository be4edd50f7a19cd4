import { z } from 'zod';
import { WallThemeSchema } from './command-catalog/wall.js';
import { LabelSchema, LanguageSchema } from './i18n.js';
import { WallCalibrationSchema, type WallCalibrationView } from './display-adjust.js';
import { SceneSchema, WallSchema, type PanelType, type Rect } from './layouts.js';
import type { Box } from './wall-geometry.js';

/** A briefing in progress on a wall: which one, and the step shown (1-based). */
export const BriefingProgressSchema = z.object({
  id: z.string(),
  name: LabelSchema,
  step: z.number().int().min(1),
  steps: z.number().int().min(1),
  /** The title of the step shown, if the briefing gives one. */
  title: LabelSchema.nullable(),
});
export type BriefingProgress = z.infer<typeof BriefingProgressSchema>;

/** What a wall shows now; pushed to its renderers on join and on every change. */
export const WallStateSchema = z.object({
  wallId: z.string(),
  scene: SceneSchema,
  language: LanguageSchema,
  theme: WallThemeSchema,
  /** The reporting unit the wall is drilled down to (a province code); null for the whole country. */
  focus: z.string().nullable(),
  briefing: BriefingProgressSchema.nullable(),
  /** Server time of the change, epoch ms. */
  changedAt: z.number(),
  /**
   * Wall time T at which every renderer shows this state: in the first animation frame whose
   * time (in wall time) is at least T. In the past (a join): shown at once.
   */
  applyAt: z.number(),
  /** Calibration mode: the test pattern every renderer of the wall draws; null or absent: off. */
  calibration: WallCalibrationSchema.nullable().optional(),
  /**
   * The wall definition in use, so that a calibration change (bezels, offsets, colour) lands
   * in the same scheduled frame on every renderer.
   */
  wall: WallSchema.optional(),
});
export type WallState = z.infer<typeof WallStateSchema>;

/** A renderer introduces itself. */
export const WallJoinSchema = z.strictObject({
  protocolVersion: z.number().int(),
  wallId: z.string().min(1).max(64),
  displayId: z.string().min(1).max(64),
});
export type WallJoin = z.infer<typeof WallJoinSchema>;

/** Connection state of one display, as the console shows it. */
export interface DisplayPresence {
  displayId: string;
  connected: boolean;
  /** Last time a renderer of this display was seen, epoch ms; null if never. */
  lastSeen: number | null;
}

/** A wall's shape for the console's drawings of it: its canvas and each display's place on it, canvas pixels. */
export interface WallOutline {
  canvas: { width: number; height: number };
  displays: Array<{ id: string; viewport: Box }>;
}

/** Where one panel of a scene sits, for the scene's thumbnail on its button. */
export interface ScenePanelSketch {
  id: string;
  type: PanelType;
  rect: Rect;
}

/** State of all walls for the console. */
export interface ConsoleState {
  walls: Array<{
    wallId: string;
    name: { vi: string; en: string };
    sceneId: string;
    language: 'vi' | 'en';
    theme: z.infer<typeof WallThemeSchema>;
    focus: string | null;
    briefing: BriefingProgress | null;
    displays: DisplayPresence[];
    /** The canvas and the displays' places on it (scene thumbnails). */
    outline: WallOutline;
    /** Calibration mode and each display's corrections (technician panel). */
    calibration?: WallCalibrationView;
  }>;
  /** Each scene with where its panels sit (its thumbnail). */
  scenes: Array<{ id: string; name: { vi: string; en: string }; wall: string; panels: ScenePanelSketch[] }>;
  briefings: Array<{ id: string; name: { vi: string; en: string }; wall: string; steps: number }>;
}
