import { z } from 'zod';
import { UserRoleSchema, UsernameSchema } from './identity.js';
import { UnitCodeSchema } from './observations.js';

/**
 * A user as an administrator sees it (`GET /api/v1/users`): never a password or its hash.
 * `provider` says where the person signs in; an `oidc` user's role follows the provider's
 * groups at each sign-in, so a role set here lasts until then.
 */
export const UserSummarySchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: UserRoleSchema,
  provider: z.enum(['local', 'oidc']),
  hasPassword: z.boolean(),
  createdAt: z.number(),
  /** Epoch ms when disabled, or null while the user may sign in. */
  disabledAt: z.number().nullable(),
  /** Sessions still open. */
  activeSessions: z.number().int(),
  /** The reporting unit this user submits observations for (that unit only); null: none. */
  unit: z.string().nullable(),
  /** The role they act with: the highest of their own and their enabled groups' grants. */
  effectiveRole: UserRoleSchema,
});
export type UserSummary = z.infer<typeof UserSummarySchema>;

/**
 * Answer of `GET /api/v1/users`. `groupGrants`: the identity provider's groups and the role each
 * grants at single sign-on (`OIDC_ROLE_MAP`, set on the server; empty without single sign-on).
 */
export const UserListSchema = z.object({
  users: z.array(UserSummarySchema),
  groupGrants: z.array(z.object({ group: z.string(), role: UserRoleSchema })),
});
export type UserList = z.infer<typeof UserListSchema>;

/** Answer of the user routes that change one user. */
export const UserAnswerSchema = z.object({ user: UserSummarySchema });
export type UserAnswer = z.infer<typeof UserAnswerSchema>;

const DisplayNameSchema = z.string().trim().min(1, { message: 'expected a display name' }).max(128, { message: 'expected a display name of at most 128 characters' });
const NewPasswordSchema = z.string().min(12, { message: 'expected a password of at least 12 characters' }).max(256, { message: 'expected a password of at most 256 characters' });

/** Body of `POST /api/v1/users`: a local user; without a password it cannot sign in until one is set. */
export const CreateUserRequestSchema = z.strictObject({
  username: UsernameSchema,
  role: UserRoleSchema,
  displayName: DisplayNameSchema.optional(),
  password: NewPasswordSchema.optional(),
  /** Binds the user to a reporting unit of the catalog: they may then submit that unit's observations (its own only). */
  unit: UnitCodeSchema.optional(),
});
export type CreateUserRequest = z.infer<typeof CreateUserRequestSchema>;

/** Body of `PATCH /api/v1/users/{username}`: at least one field; `unit: null` unbinds the user from their unit. */
export const UpdateUserRequestSchema = z
  .strictObject({ displayName: DisplayNameSchema.optional(), role: UserRoleSchema.optional(), unit: UnitCodeSchema.nullable().optional() })
  .refine((b) => b.displayName !== undefined || b.role !== undefined || b.unit !== undefined, { message: 'expected displayName, role or unit' });
export type UpdateUserRequest = z.infer<typeof UpdateUserRequestSchema>;

/** Body of `POST /api/v1/users/{username}/password`: the new password; the user's sessions end. */
export const ResetPasswordRequestSchema = z.strictObject({ password: NewPasswordSchema });
export type ResetPasswordRequest = z.infer<typeof ResetPasswordRequestSchema>;
