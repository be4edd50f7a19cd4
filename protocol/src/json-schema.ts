import { z } from 'zod';
import { SceneSchema, WallSchema } from './layouts.js';

/**
 * JSON Schemas of the layout files, generated from the zod schemas so that editors validate
 * and complete `layouts/walls/*.json` and `layouts/scenes/*.json`. Written to `layouts/schema/`
 * by `npm run schema -w protocol`; a test keeps the committed files equal to these.
 */
export function layoutJsonSchemas(): Record<'wall' | 'scene', string> {
  const write = (name: string, schema: z.ZodType) =>
    JSON.stringify({ title: `${name} layout`, ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) }, null, 2) + '\n';
  return { wall: write('wall', WallSchema), scene: write('scene', SceneSchema) };
}
