import { z } from 'zod';
import { LabelSchema, type Label } from './i18n.js';

/** The most of one's own actions one request returns (the console shows the latest first). */
export const MY_ACTIONS_MAX = 200;

/** `GET /api/v1/audit/mine?limit=N`: the caller's own audit lines, newest first. */
export const MyActionsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MY_ACTIONS_MAX).default(50),
});

/** One line of the caller's own record, as the console lists it. */
export const MyActionSchema = z.object({
  id: z.number().int(),
  ts: z.number(),
  /** The time in Vietnam time (ISO 8601, +07:00). */
  time: z.string(),
  /** The audit action: `command.wall.scene.show`, `auth.login`... */
  action: z.string(),
  /** What it was, in both languages: the command's catalog label, or a known action's; null for another action (show `action`). */
  label: LabelSchema.nullable(),
  /** The wall, device or other thing it was aimed at. */
  target: z.string().nullable(),
  ok: z.boolean(),
  durationMs: z.number().nullable(),
  /** A command's client id. */
  clientId: z.string().nullable(),
  /** Why it failed or was refused, as the server said it. */
  error: z.string().nullable(),
  /** A repeat of a command already run (answered with the first result, not run again). */
  duplicate: z.boolean(),
});
export type MyAction = z.infer<typeof MyActionSchema>;

export const MyActionsSchema = z.object({ actions: z.array(MyActionSchema) });
export type MyActions = z.infer<typeof MyActionsSchema>;

/** Labels of the actions besides commands that people do themselves (commands carry their catalog label). */
export const ACTION_LABELS: Readonly<Record<string, Label>> = {
  'auth.login': { vi: 'Đăng nhập', en: 'Signed in' },
  'auth.oidc.login': { vi: 'Đăng nhập một lần (SSO)', en: 'Signed in (single sign-on)' },
  'auth.logout': { vi: 'Đăng xuất', en: 'Signed out' },
  'auth.login.failed': { vi: 'Đăng nhập không thành công', en: 'Sign-in failed' },
  'auth.login.limited': { vi: 'Đăng nhập bị tạm khóa (sai quá nhiều lần)', en: 'Sign-in locked for a while (too many failures)' },
  'command.invalid': { vi: 'Lệnh không hợp lệ', en: 'Invalid command' },
  'access.forbidden': { vi: 'Bị từ chối: vai trò không được phép', en: 'Refused: the role may not do this' },
  'api.forbidden': { vi: 'Bị từ chối: vai trò không được phép', en: 'Refused: the role may not do this' },
  'warning.ack': { vi: 'Xác nhận cảnh báo', en: 'Acknowledged a warning' },
  'whatif.run': { vi: 'Chạy mô phỏng', en: 'Ran a what-if simulation' },
  'wall.device.enroll': { vi: 'Ghép nối màn hình', en: 'Enrolled a display' },
  'wall.device.revoke': { vi: 'Thu hồi màn hình', en: 'Revoked a display' },
  'notification.resend': { vi: 'Gửi lại thông báo', en: 'Re-sent a notification' },
  'user.create': { vi: 'Tạo người dùng', en: 'Created a user' },
  'user.update': { vi: 'Sửa người dùng', en: 'Changed a user' },
  'user.delete': { vi: 'Xóa người dùng', en: 'Deleted a user' },
  'user.disable': { vi: 'Khóa người dùng', en: 'Disabled a user' },
  'user.enable': { vi: 'Mở khóa người dùng', en: 'Enabled a user' },
  'user.password.reset': { vi: 'Đặt lại mật khẩu', en: 'Reset a password' },
  'group.create': { vi: 'Tạo nhóm', en: 'Created a group' },
  'group.update': { vi: 'Sửa nhóm', en: 'Changed a group' },
  'group.delete': { vi: 'Xóa nhóm', en: 'Deleted a group' },
  'group.member.add': { vi: 'Thêm thành viên nhóm', en: 'Added a group member' },
  'group.member.remove': { vi: 'Bớt thành viên nhóm', en: 'Removed a group member' },
};
