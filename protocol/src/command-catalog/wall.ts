import { z } from 'zod';
import { LanguageSchema } from '../i18n.js';
import { UnitCodeSchema } from '../observations.js';
import { defineCommand, label, RefIdSchema } from './define.js';

/** Visual themes of the wall (the documents ask for a choice). */
export const WallThemeSchema = z.enum(['dark', 'high-contrast', 'light']);
export type WallTheme = z.infer<typeof WallThemeSchema>;

const WALL = ['operator', 'presenter', 'admin'] as const;

export const wallCommands = [
  defineCommand({
    name: 'wall.scene.show',
    system: 'wall',
    label: label('Hiển thị kịch bản', 'Show a scene'),
    help: label('Chuyển cả màn hình ghép sang kịch bản đã chọn.', 'Switches the whole wall to the chosen scene.'),
    args: z.strictObject({ wallId: RefIdSchema, sceneId: RefIdSchema }),
    roles: WALL,
    confirm: false,
    undo: label('Quay lại kịch bản trước', 'Back to the previous scene'),
  }),
  defineCommand({
    name: 'wall.drilldown',
    system: 'wall',
    label: label('Xem chi tiết địa phương', 'Drill down to a province'),
    help: label(
      'Đưa một tỉnh, thành phố lên màn hình ghép (các chỉ tiêu của địa phương đó); bỏ trống để về toàn quốc.',
      'Puts one province on the wall (its indicators); leave empty to go back to the whole country.',
    ),
    args: z.strictObject({ wallId: RefIdSchema, unit: UnitCodeSchema.nullable() }),
    roles: WALL,
    confirm: false,
    undo: label('Quay lại phạm vi trước', 'Back to the previous focus'),
  }),
  defineCommand({
    name: 'wall.language',
    system: 'wall',
    label: label('Ngôn ngữ màn hình ghép', 'Wall language'),
    help: label('Đổi ngôn ngữ của toàn bộ màn hình ghép cùng lúc.', 'Changes the language of the whole wall at once.'),
    args: z.strictObject({ wallId: RefIdSchema, language: LanguageSchema }),
    roles: WALL,
    confirm: false,
    undo: label('Trở lại ngôn ngữ trước', 'Back to the previous language'),
  }),
  defineCommand({
    name: 'wall.theme',
    system: 'wall',
    label: label('Giao diện màu', 'Colour theme'),
    help: label('Tối (mặc định), tương phản cao hoặc sáng.', 'Dark (default), high contrast or light.'),
    args: z.strictObject({ wallId: RefIdSchema, theme: WallThemeSchema }),
    roles: ['operator', 'admin'],
    confirm: false,
    undo: label('Trở lại giao diện trước', 'Back to the previous theme'),
  }),
];
