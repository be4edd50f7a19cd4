import { z } from 'zod';
import { LanguageSchema } from './i18n.js';
import { SceneSchema } from './layouts.js';

/** What a wall shows now; pushed to its renderers on join and on every change. */
export const WallStateSchema = z.object({
  wallId: z.string(),
  scene: SceneSchema,
  language: LanguageSchema,
  /** Server time of the change, epoch ms. */
  changedAt: z.number(),
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

/** State of all walls for the console. */
export interface ConsoleState {
  walls: Array<{
    wallId: string;
    name: { vi: string; en: string };
    sceneId: string;
    language: 'vi' | 'en';
    displays: DisplayPresence[];
  }>;
  scenes: Array<{ id: string; name: { vi: string; en: string }; wall: string }>;
}
