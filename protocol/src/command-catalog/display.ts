import { z } from 'zod';
import { DisplaySourceSchema } from '../devices.js';
import { defineCommand, DeviceRef, label, Percent } from './define.js';

const DISPLAYS = ['samsung-mdc', 'lg', 'nec'] as const;
const OPERATE = ['operator', 'technician', 'admin'] as const;
const TECH = ['technician', 'admin'] as const;

export const displayCommands = [
  defineCommand({
    name: 'display.power',
    system: 'display',
    label: label('Nguồn màn hình', 'Display power'),
    help: label('Bật hoặc tắt một màn hình.', 'Switches a display on or off.'),
    args: z.strictObject({ device: DeviceRef, on: z.boolean() }),
    roles: OPERATE,
    confirm: true,
    undo: label('Trả lại trạng thái nguồn trước', 'Restore the previous power state'),
    drivers: DISPLAYS,
    urgent: (a) => !a.on,
  }),
  defineCommand({
    name: 'display.input',
    system: 'display',
    label: label('Nguồn tín hiệu màn hình', 'Display input'),
    help: label('Chọn cổng vào của màn hình (HDMI, DisplayPort, DVI).', 'Selects the display input (HDMI, DisplayPort, DVI).'),
    args: z.strictObject({ device: DeviceRef, source: DisplaySourceSchema }),
    roles: OPERATE,
    confirm: false,
    undo: label('Trả lại cổng vào trước', 'Restore the previous input'),
    drivers: DISPLAYS,
  }),
  defineCommand({
    name: 'display.volume',
    system: 'display',
    label: label('Âm lượng màn hình', 'Display volume'),
    help: label('Đặt âm lượng loa của màn hình (0-100).', 'Sets the display speaker volume (0-100).'),
    args: z.strictObject({ device: DeviceRef, level: Percent }),
    roles: OPERATE,
    confirm: false,
    undo: label('Trả lại âm lượng trước', 'Restore the previous volume'),
    drivers: DISPLAYS,
  }),
  defineCommand({
    name: 'display.mute',
    system: 'display',
    label: label('Tắt tiếng màn hình', 'Display mute'),
    help: label('Tắt hoặc bật lại tiếng của màn hình.', 'Mutes or unmutes the display.'),
    args: z.strictObject({ device: DeviceRef, on: z.boolean() }),
    roles: OPERATE,
    confirm: false,
    undo: label('Trả lại trạng thái tiếng trước', 'Restore the previous mute state'),
    drivers: DISPLAYS,
    urgent: (a) => a.on,
  }),
  defineCommand({
    name: 'display.brightness',
    system: 'display',
    label: label('Độ sáng màn hình', 'Display brightness'),
    help: label('Hiệu chỉnh độ sáng (0-100), dùng khi cân chỉnh màn hình ghép.', 'Calibrates brightness (0-100) when matching the wall.'),
    args: z.strictObject({ device: DeviceRef, level: Percent }),
    roles: TECH,
    confirm: false,
    undo: label('Trả lại độ sáng trước', 'Restore the previous brightness'),
    drivers: DISPLAYS,
  }),
  defineCommand({
    name: 'display.wall',
    system: 'display',
    label: label('Chế độ ghép của màn hình', 'Display video-wall mode'),
    help: label(
      'Bật/tắt chế độ ghép trong màn hình; có thể đặt bố cục (hàng, cột, vị trí).',
      "Turns the display's built-in video-wall mode on or off, optionally with its layout (rows, columns, position).",
    ),
    args: z.strictObject({
      device: DeviceRef,
      on: z.boolean(),
      layout: z
        .strictObject({
          rows: z.number().int().min(1).max(15),
          cols: z.number().int().min(1).max(15),
          position: z.number().int().min(1).max(225),
        })
        .optional(),
    }),
    roles: TECH,
    confirm: true,
    undo: null,
    drivers: ['samsung-mdc'],
  }),
];
