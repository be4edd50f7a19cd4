import { z } from 'zod';
import { defineCommand, DeviceRef, label } from './define.js';

/** Technician commands that work on any device. */
export const deviceCommands = [
  defineCommand({
    name: 'device.status',
    system: 'device',
    label: label('Đọc trạng thái thiết bị', 'Read device status'),
    help: label('Hỏi thiết bị trạng thái hiện tại và cập nhật bảng trạng thái.', 'Asks the device for its current state and refreshes the status board.'),
    args: z.strictObject({ device: DeviceRef }),
    roles: ['operator', 'technician', 'admin'],
    confirm: false,
    undo: null,
    drivers: ['samsung-mdc', 'lg', 'nec', 'pjlink', 'videohub'],
  }),
  defineCommand({
    name: 'device.send',
    system: 'device',
    label: label('Gửi lệnh thiết bị', 'Send a device command'),
    help: label(
      'Gửi trực tiếp một lệnh của trình điều khiển (dành cho kỹ thuật viên), ví dụ power với {"on":true}.',
      'Sends one driver command directly (for technicians), e.g. power with {"on":true}.',
    ),
    args: z.strictObject({ device: DeviceRef, command: z.string().min(1).max(64), args: z.record(z.string(), z.unknown()).default({}) }),
    roles: ['technician', 'admin'],
    confirm: false,
    undo: null,
    drivers: ['osc', 'samsung-mdc', 'lg', 'nec', 'pjlink', 'extron-sis', 'videohub', 'template'],
  }),
];
