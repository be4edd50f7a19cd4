import { z } from 'zod';
import { defineCommand, DeviceRef, label } from './define.js';

const Port = z.number().int().min(1).max(9999);

export const matrixCommands = [
  defineCommand({
    name: 'matrix.route',
    system: 'matrix',
    label: label('Chuyển mạch tín hiệu', 'Route a source'),
    help: label('Nối một đầu vào của bộ chuyển mạch tới một đầu ra.', 'Ties an input of the matrix switcher to an output.'),
    args: z.strictObject({ device: DeviceRef, input: Port, output: Port }),
    roles: ['operator', 'technician', 'admin'],
    confirm: false,
    undo: label('Nối lại đầu vào trước của đầu ra này', 'Tie the output back to its previous input'),
    drivers: ['extron-sis', 'videohub'],
  }),
  defineCommand({
    name: 'matrix.preset.recall',
    system: 'matrix',
    label: label('Gọi cấu hình chuyển mạch', 'Recall a matrix preset'),
    help: label('Áp dụng một cấu hình chuyển mạch đã lưu.', 'Applies a saved routing preset.'),
    args: z.strictObject({ device: DeviceRef, preset: z.number().int().min(1).max(999) }),
    roles: ['operator', 'technician', 'admin'],
    confirm: true,
    undo: null,
    drivers: ['extron-sis'],
  }),
  defineCommand({
    name: 'matrix.preset.save',
    system: 'matrix',
    label: label('Lưu cấu hình chuyển mạch', 'Save a matrix preset'),
    help: label('Ghi đè cấu hình đã lưu bằng định tuyến hiện tại.', 'Overwrites the preset with the current routing.'),
    args: z.strictObject({ device: DeviceRef, preset: z.number().int().min(1).max(999) }),
    roles: ['technician', 'admin'],
    confirm: true,
    undo: null,
    drivers: ['extron-sis'],
  }),
];
