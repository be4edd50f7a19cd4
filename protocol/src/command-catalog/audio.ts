import { z } from 'zod';
import { defineCommand, DeviceRef, label } from './define.js';

const Channel = z.number().int().min(1).max(65535);
const Level = z.number().min(0).max(100);
const OPERATE = ['operator', 'presenter', 'technician', 'admin'] as const;

/** Audio mixers and lighting desks, over OSC. */
export const audioCommands = [
  defineCommand({
    name: 'audio.volume',
    system: 'audio',
    label: label('Âm lượng kênh', 'Channel volume'),
    help: label('Đặt mức fader của một kênh trên bàn trộn âm thanh (0-100).', 'Sets a mixer channel fader (0-100).'),
    args: z.strictObject({ device: DeviceRef, channel: Channel, level: Level }),
    roles: OPERATE,
    confirm: false,
    undo: null,
    drivers: ['osc'],
  }),
  defineCommand({
    name: 'audio.mute',
    system: 'audio',
    label: label('Tắt tiếng kênh', 'Channel mute'),
    help: label('Tắt hoặc mở tiếng một kênh của bàn trộn.', 'Mutes or unmutes a mixer channel.'),
    args: z.strictObject({ device: DeviceRef, channel: Channel, on: z.boolean() }),
    roles: OPERATE,
    confirm: false,
    undo: label('Đảo lại trạng thái tiếng', 'Toggle the mute back'),
    drivers: ['osc'],
    urgent: (a) => a.on,
  }),
  defineCommand({
    name: 'light.level',
    system: 'lighting',
    label: label('Mức đèn', 'Light level'),
    help: label('Đặt mức sáng của một kênh đèn phòng (0-100).', 'Sets a room lighting channel (0-100).'),
    args: z.strictObject({ device: DeviceRef, channel: Channel, level: Level }),
    roles: ['operator', 'technician', 'admin'],
    confirm: false,
    undo: null,
    drivers: ['osc'],
  }),
];

const OscValue = z.union([z.number(), z.string().max(1024), z.boolean()]);

export const oscCommands = [
  defineCommand({
    name: 'osc.send',
    system: 'osc',
    label: label('Gửi thông điệp OSC', 'Send an OSC message'),
    help: label('Gửi một địa chỉ OSC với các tham số tới thiết bị OSC bất kỳ.', 'Sends an OSC address with arguments to any OSC-controlled system.'),
    args: z.strictObject({ device: DeviceRef, address: z.string().regex(/^\/[^\s#*,?[\]{}]*$/, { message: 'expected an OSC address such as /ch/01/mix/fader' }), args: z.array(OscValue).max(64).default([]) }),
    roles: ['technician', 'admin'],
    confirm: false,
    undo: null,
    drivers: ['osc'],
  }),
];
