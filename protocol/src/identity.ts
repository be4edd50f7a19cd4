import { z } from 'zod';

/**
 * The roles of a person at the console, least to most trusted: `viewer` watches, `operator`
 * runs the wall, `presenter` drives briefings, `technician` works the devices, `admin` manages
 * users and keys. What each may do is decided by the command catalog, not by this order.
 */
export const UserRoleSchema = z.enum(['viewer', 'operator', 'presenter', 'technician', 'admin']);
export type UserRole = z.infer<typeof UserRoleSchema>;

/** Every user role, in the order above. */
export const USER_ROLES: readonly UserRole[] = UserRoleSchema.options;

/**
 * Who vouched for an identity: the server's own password (`local`), an OpenID Connect provider
 * (`oidc`, for single sign-on), or an API key (`apikey`, machines and kiosk consoles).
 */
export const IdentityProviderSchema = z.enum(['local', 'oidc', 'apikey']);
export type IdentityProvider = z.infer<typeof IdentityProviderSchema>;

/** A user name: 1-64 of `a-z 0-9 . _ -`, compared and stored in lower case. */
export const UsernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{1,64}$/, { message: 'expected a user name of 1-64 characters: letters, digits, ".", "_" and "-"' });

/** Body of `POST /api/v1/auth/login`. */
export const LoginRequestSchema = z.strictObject({
  username: UsernameSchema,
  password: z.string().min(1, { message: 'expected a password' }).max(256, { message: 'expected a password of at most 256 characters' }),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

/** A user as the API shows it; never with a password hash. */
export const SessionUserSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  role: UserRoleSchema,
  provider: z.enum(['local', 'oidc']),
});
export type SessionUser = z.infer<typeof SessionUserSchema>;

/**
 * Answer of a login (with `token`, shown this once: only its hash is stored) and of
 * `GET /api/v1/auth/me` for a session (without it). `expiresAt` is epoch ms: the sooner of the
 * absolute lifetime and the idle timeout counted from now.
 */
export const SessionInfoSchema = z.object({
  token: z.string().optional(),
  user: SessionUserSchema,
  expiresAt: z.number(),
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

/**
 * Whoever a request or a socket acts for: a signed-in user (`kind: user`) or an API key
 * (`kind: key`). `role` is a user role, `ingest` for keys that may only submit data, or `reader`
 * for keys that may only read data over HTTP; neither of the last two has console or command rights.
 */
export const PrincipalSchema = z.object({
  kind: z.enum(['user', 'key']),
  id: z.number().int(),
  /** The user name, or the key's name. */
  name: z.string(),
  role: z.union([UserRoleSchema, z.literal('ingest'), z.literal('reader')]),
  provider: IdentityProviderSchema,
});
export type Principal = z.infer<typeof PrincipalSchema>;
export type PrincipalRole = Principal['role'];

/**
 * Answer of `GET /api/v1/auth/me`: who the bearer is. For a session token, also the user and
 * when the session ends if left unused (the SessionInfo fields, without the token); for an API
 * key, `user` and `expiresAt` are null.
 */
export const AuthMeSchema = z.object({
  principal: PrincipalSchema,
  user: SessionUserSchema.nullable(),
  expiresAt: z.number().nullable(),
});
export type AuthMe = z.infer<typeof AuthMeSchema>;

/**
 * Answer of `GET /api/v1/auth/providers` (no credentials needed): how people may sign in here.
 * `sso` is true when an OpenID Connect provider is configured; the console then offers
 * "Đăng nhập một lần / Single sign-on" (`GET /api/v1/auth/oidc/start`).
 */
export const AuthProvidersSchema = z.object({
  local: z.boolean(),
  sso: z.boolean(),
});
export type AuthProviders = z.infer<typeof AuthProvidersSchema>;

/**
 * Body of `POST /api/v1/auth/oidc/exchange`: the one-time code that the single sign-on callback
 * put in the console URL's fragment (`#sso=<code>`); answered with a SessionInfo. Used once,
 * valid for a minute.
 */
export const OidcExchangeRequestSchema = z.strictObject({
  code: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, { message: 'expected the one-time sign-in code' }),
});
export type OidcExchangeRequest = z.infer<typeof OidcExchangeRequestSchema>;
