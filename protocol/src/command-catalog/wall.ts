import { z } from 'zod';
import { CalibrationPatternSchema, DisplayColorSchema, DisplayOffsetSchema } from '../display-adjust.js';
import { LanguageSchema } from '../i18n.js';
import { BezelSchema } from '../layouts.js';
import { UnitCodeSchema } from '../observations.js';
import { defineCommand, label, RefIdSchema } from './define.js';

/** Visual themes of the wall (the documents ask for a choice). */
export const WallThemeSchema = z.enum(['dark', 'high-contrast', 'light']);
export type WallTheme = z.infer<typeof WallThemeSchema>;

const WALL = ['operator', 'presenter', 'admin'] as const;
const TECH = ['technician', 'admin'] as const;

/** Arguments of `wall.display.adjust`: each correction given is set; null removes the display's own value. */
export const DisplayAdjustArgsSchema = z
  .strictObject({
    wallId: RefIdSchema,
    displayId: RefIdSchema,
    /** mm, each side (or one number for all); null: the wall's default. */
    bezel: BezelSchema.nullable().optional(),
    /** Canvas pixels the display's viewport moves by; null: none. */
    offset: DisplayOffsetSchema.nullable().optional(),
    /** Colour correction in the renderer; null: none. */
    color: DisplayColorSchema.nullable().optional(),
  })
  .refine((a) => a.bezel !== undefined || a.offset !== undefined || a.color !== undefined, { message: 'expected at least one of bezel, offset, color' });
export type DisplayAdjustArgs = z.infer<typeof DisplayAdjustArgsSchema>;

/** Arguments of `wall.calibrate`. */
export const WallCalibrateArgsSchema = z.strictObject({ wallId: RefIdSchema, on: z.boolean(), pattern: CalibrationPatternSchema.default('grid') });

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
  defineCommand({
    name: 'wall.calibrate',
    system: 'wall',
    label: label('Chế độ cân chỉnh màn hình ghép', 'Wall calibration mode'),
    help: label(
      'Bật/tắt mẫu kiểm tra trên toàn bộ màn hình ghép: lưới, sọc màu, thang xám, nhận dạng từng màn hình.',
      'Turns the test pattern across the whole wall on or off: grid, colour bars, grey ramp, identity of each display.',
    ),
    args: WallCalibrateArgsSchema,
    roles: TECH,
    confirm: false,
    undo: label('Trở lại chế độ trước', 'Back to the previous mode'),
  }),
  defineCommand({
    name: 'wall.display.adjust',
    system: 'wall',
    label: label('Cân chỉnh một màn hình', 'Adjust one display'),
    help: label(
      'Viền (mm), độ lệch (px), hệ số màu, độ sáng, gamma của một màn hình; lưu vào tệp màn hình ghép.',
      "One display's bezels (mm), offset (px), colour gain, brightness and gamma; saved to the wall file.",
    ),
    args: DisplayAdjustArgsSchema,
    roles: TECH,
    confirm: false,
    undo: label('Trả lại giá trị trước', 'Restore the previous values'),
  }),
];
