import { z } from 'zod';
import { defineCommand, label, RefIdSchema } from './define.js';

const PRESENT = ['presenter', 'operator', 'admin'] as const;
const Wall = { wallId: RefIdSchema };

export const briefingCommands = [
  defineCommand({
    name: 'briefing.start',
    system: 'briefing',
    label: label('Bắt đầu trình bày', 'Start a briefing'),
    help: label('Mở bài trình bày ở trang đầu; kết thúc sẽ trả lại kịch bản đang hiển thị.', 'Opens the briefing at its first step; ending it brings back the scene shown now.'),
    args: z.strictObject({ ...Wall, briefingId: RefIdSchema }),
    roles: PRESENT,
    confirm: false,
    undo: label('Kết thúc trình bày', 'End the briefing'),
  }),
  defineCommand({
    name: 'briefing.next',
    system: 'briefing',
    label: label('Trang sau', 'Next step'),
    help: label('Sang bước tiếp theo của bài trình bày.', 'Moves to the next step of the briefing.'),
    args: z.strictObject(Wall),
    roles: PRESENT,
    confirm: false,
    undo: label('Về trang trước', 'Back one step'),
  }),
  defineCommand({
    name: 'briefing.prev',
    system: 'briefing',
    label: label('Trang trước', 'Previous step'),
    help: label('Về bước trước của bài trình bày.', 'Moves back one step.'),
    args: z.strictObject(Wall),
    roles: PRESENT,
    confirm: false,
    undo: label('Sang trang sau', 'Forward one step'),
  }),
  defineCommand({
    name: 'briefing.goto',
    system: 'briefing',
    label: label('Đến trang', 'Go to step'),
    help: label('Đến một bước (đánh số từ 1).', 'Goes to a step (numbered from 1).'),
    args: z.strictObject({ ...Wall, step: z.number().int().min(1).max(500) }),
    roles: PRESENT,
    confirm: false,
    undo: label('Về trang trước đó', 'Back to the step before'),
  }),
  defineCommand({
    name: 'briefing.end',
    system: 'briefing',
    label: label('Kết thúc trình bày', 'End the briefing'),
    help: label('Đóng bài trình bày và trả lại kịch bản trước đó.', 'Closes the briefing and brings back the scene shown before it.'),
    args: z.strictObject(Wall),
    roles: PRESENT,
    confirm: true,
    undo: null,
  }),
];
