import { z } from 'zod';
import { UserRoleSchema, UsernameSchema } from './identity.js';

/** A group's name: 1-64 of `a-z 0-9 . _ -`, compared and stored in lower case (like user names). */
export const GroupNameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{1,64}$/, { message: 'expected a group name of 1-64 characters: letters, digits, ".", "_" and "-"' });

/**
 * The identity provider's group names a group stands for (the OIDC groups claim, compared
 * exactly as the provider sends them): people in any of them become members at sign-in.
 */
export const IdpGroupsSchema = z
  .array(z.string().trim().min(1, { message: 'expected an identity provider group name' }).max(256, { message: 'expected an identity provider group name of at most 256 characters' }))
  .max(50, { message: 'expected at most 50 identity provider groups' });

/** One member: `local` when an admin added them, `idp` when the provider's groups did at sign-in. */
export const GroupMemberSchema = z.object({
  username: z.string(),
  displayName: z.string(),
  source: z.enum(['local', 'idp']),
});
export type GroupMember = z.infer<typeof GroupMemberSchema>;

/**
 * A group as an administrator sees it (`GET /api/v1/groups`). Its members hold at least `role`
 * while it is enabled: a person's role is the highest of their own and their enabled groups'.
 */
export const GroupSummarySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  displayName: z.string(),
  role: UserRoleSchema,
  idpGroups: z.array(z.string()),
  createdAt: z.number(),
  /** Epoch ms when disabled (it grants nothing then), or null. */
  disabledAt: z.number().nullable(),
  members: z.array(GroupMemberSchema),
});
export type GroupSummary = z.infer<typeof GroupSummarySchema>;

/** Answer of `GET /api/v1/groups`. */
export const GroupListSchema = z.object({ groups: z.array(GroupSummarySchema) });
export type GroupList = z.infer<typeof GroupListSchema>;

/** Answer of the group routes that change one group or its members. */
export const GroupAnswerSchema = z.object({ group: GroupSummarySchema });
export type GroupAnswer = z.infer<typeof GroupAnswerSchema>;

const GroupDisplayNameSchema = z.string().trim().min(1, { message: 'expected a display name' }).max(128, { message: 'expected a display name of at most 128 characters' });

/** Body of `POST /api/v1/groups`. */
export const CreateGroupRequestSchema = z.strictObject({
  name: GroupNameSchema,
  role: UserRoleSchema,
  displayName: GroupDisplayNameSchema.optional(),
  idpGroups: IdpGroupsSchema.optional(),
});
export type CreateGroupRequest = z.infer<typeof CreateGroupRequestSchema>;

/** Body of `PATCH /api/v1/groups/{id}`: at least one field; `disabled` disables or enables it. */
export const UpdateGroupRequestSchema = z
  .strictObject({
    displayName: GroupDisplayNameSchema.optional(),
    role: UserRoleSchema.optional(),
    idpGroups: IdpGroupsSchema.optional(),
    disabled: z.boolean().optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'expected displayName, role, idpGroups or disabled' });
export type UpdateGroupRequest = z.infer<typeof UpdateGroupRequestSchema>;

/** The `{id}` and `{username}` of the member routes (`PUT|DELETE /api/v1/groups/{id}/members/{username}`). */
export const GroupMemberParamsSchema = z.object({
  id: z.string().regex(/^[1-9]\d{0,14}$/, { message: 'expected a group id' }).transform(Number),
  username: UsernameSchema,
});
