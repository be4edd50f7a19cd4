import type { ConsoleClientToServer, WallClientToServer } from './events.js';
import { USER_ROLES, type PrincipalRole, type UserRole } from './identity.js';

/**
 * Who may call an HTTP route or send a socket event. Every route and every client event
 * declares one (the server refuses to start with a route that has none, and the maps below are
 * typed so that a new event without a decision does not compile).
 *
 * - `public`: anyone, without credentials; the reason is the documentation of that choice.
 * - `roles`: a principal (signed-in user or API key) whose role is listed. A user role names a
 *   person at the console; `ingest` and `reader` are roles of API keys only.
 * - `device: true` besides: a wall device token too, limited to what its own wall shows.
 */
export type Access = { readonly public: string } | { readonly roles: readonly PrincipalRole[]; readonly device?: true };

/** Every role a principal may have: the user roles and the two machine-only key roles. */
export const PRINCIPAL_ROLES: readonly PrincipalRole[] = [...USER_ROLES, 'ingest', 'reader'];

/** Everyone who may read what the console shows: any signed-in user, and reader keys. */
export const READERS: readonly PrincipalRole[] = [...USER_ROLES, 'reader'];

/** The user roles from `least` upwards in USER_ROLES order (viewer, operator, presenter, technician, admin). */
export function rolesFrom(least: UserRole): readonly UserRole[] {
  return USER_ROLES.slice(USER_ROLES.indexOf(least));
}

/** True when the access is open to anyone. */
export function isPublic(access: Access): access is { readonly public: string } {
  return 'public' in access;
}

/** Whether a principal of `role` (null: none) or a wall device (`device`) passes `access`. */
export function allows(access: Access, who: { role: PrincipalRole } | 'device' | null): boolean {
  if (isPublic(access)) return true;
  if (who === null) return false;
  if (who === 'device') return access.device === true;
  return access.roles.includes(who.role);
}

/**
 * Wall-namespace events. A wall socket has no user: it is a renderer with a device token (an
 * enrolled display, limited to its own wall by the join check) or a page still pairing. In the
 * `open` wall mode (development only) device events are open to any page.
 */
export const WALL_EVENT_ACCESS = {
  // People too: a console's preview of the wall (read-only, nobody's display; wall-preview.ts).
  'wall:join': { roles: USER_ROLES, device: true },
  'live:subscribe': { roles: USER_ROLES, device: true },
  'live:unsubscribe': { roles: USER_ROLES, device: true },
  'clock:report': { roles: [], device: true },
  'time:ping': { public: 'the clock probe answers only the server time; a pairing screen needs it too' },
  'pairing:request': { public: 'a display without a token asks for the code it shows, so that a technician can enroll it' },
} as const satisfies Record<keyof WallClientToServer, Access>;

/**
 * Console-namespace events. Connecting needs a signed-in user or an operator/admin key (the
 * handshake); each event then needs one of these roles. `command` is open to every user role
 * because the command catalog decides per command (`roles` of each entry).
 */
export const CONSOLE_EVENT_ACCESS = {
  command: { roles: USER_ROLES },
  'commands:failed': { roles: ['technician', 'admin'] },
  'command:resend': { roles: ['admin'] },
  'warning:ack': { roles: rolesFrom('operator') },
} as const satisfies Record<keyof ConsoleClientToServer, Access>;
