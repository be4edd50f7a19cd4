import { z } from 'zod';
import { BriefingSchema, MacroSchema } from './command-catalog/macros.js';
import { DeviceProfileSchema } from './devices.js';
import { SceneSchema, WallSchema } from './layouts.js';
import { NotificationsConfigSchema } from './submissions.js';

/**
 * JSON Schemas of the layout files, generated from the zod schemas so that editors validate
 * and complete `layouts/walls/`, `scenes/`, `briefings/`, `devices/` and `macros/` files. Written to `layouts/schema/`
 * by `npm run schema -w protocol`; a test keeps the committed files equal to these.
 */
export function layoutJsonSchemas(): Record<'wall' | 'scene' | 'briefing' | 'device' | 'macro' | 'notifications', string> {
  const write = (title: string, schema: z.ZodType) =>
    JSON.stringify({ title, ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) }, null, 2) + '\n';
  return {
    wall: write('wall layout', WallSchema),
    scene: write('scene layout', SceneSchema),
    briefing: write('briefing', BriefingSchema),
    device: write('device profile', DeviceProfileSchema),
    macro: write('macro', MacroSchema),
    notifications: write('report notification channels (notifications.json)', NotificationsConfigSchema),
  };
}
