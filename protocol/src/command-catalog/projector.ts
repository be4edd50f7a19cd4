import { z } from 'zod';
import { defineCommand, DeviceRef, label } from './define.js';

const OPERATE = ['operator', 'technician', 'admin'] as const;

/** Projectors over PJLink class 1. */
export const projectorCommands = [
  defineCommand({
    name: 'projector.power',
    system: 'projector',
    label: label('Nguồn máy chiếu', 'Projector power'),
    help: label('Bật hoặc tắt máy chiếu (tắt cần thời gian làm nguội).', 'Switches a projector on or off (off takes a cool-down).'),
    args: z.strictObject({ device: DeviceRef, on: z.boolean() }),
    roles: OPERATE,
    confirm: true,
    undo: label('Trả lại trạng thái nguồn trước', 'Restore the previous power state'),
    drivers: ['pjlink'],
    urgent: (a) => !a.on,
  }),
  defineCommand({
    name: 'projector.input',
    system: 'projector',
    label: label('Nguồn vào máy chiếu', 'Projector input'),
    help: label('Chọn nguồn vào, ví dụ hdmi1, rgb1 hoặc mã PJLink như 31.', 'Selects the input, e.g. hdmi1, rgb1 or a PJLink code such as 31.'),
    args: z.strictObject({ device: DeviceRef, source: z.string().min(1).max(16) }),
    roles: OPERATE,
    confirm: false,
    undo: label('Trả lại nguồn vào trước', 'Restore the previous input'),
    drivers: ['pjlink'],
  }),
  defineCommand({
    name: 'projector.mute',
    system: 'projector',
    label: label('Tắt hình/tiếng máy chiếu', 'Projector AV mute'),
    help: label('Tạm tắt hình và/hoặc tiếng mà không tắt máy.', 'Blanks picture and/or sound without powering off.'),
    args: z.strictObject({ device: DeviceRef, on: z.boolean(), target: z.enum(['all', 'video', 'audio']).default('all') }),
    roles: OPERATE,
    confirm: false,
    undo: label('Đảo lại trạng thái', 'Toggle it back'),
    drivers: ['pjlink'],
    urgent: (a) => a.on,
  }),
];
