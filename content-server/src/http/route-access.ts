import { PRINCIPAL_ROLES, READERS, USER_ROLES, rolesFrom, type PrincipalRole } from '@ioc/protocol';

/**
 * A route's access (protocol `Access`), with what only HTTP needs: `via` when only an API key
 * (ingest: people at the console submit nothing) or only a session (signing out) will do,
 * `unitUsers` when, besides those keys, the session of a user bound to a reporting unit is
 * admitted whatever the user's role (a unit's own account; the route limits it to its unit), and
 * `audit` when each read is an audit row (sensitive data: who read it matters).
 */
export type RouteAccess =
  | { readonly public: string }
  | { readonly roles: readonly PrincipalRole[]; readonly device?: true; readonly via?: 'key' | 'session'; readonly unitUsers?: true; readonly audit?: string };

const STATIC_PAGE = 'the web apps themselves (code, styles, fonts): no data until they sign in or enroll';
const TECH = ['technician', 'admin'] as const;
const ADMIN = ['admin'] as const;
const SUBMITTERS = ['ingest', 'admin'] as const;

/**
 * Every HTTP route of the server and who may use it, keyed `METHOD /path` as Fastify registers
 * it. The one home of these decisions: a route registered without a line here stops the server
 * at start (`installRouteAccess`), and the access test calls each route as each role. Routes
 * keep their own finer checks (a unit's key, a catalog command's roles) after this one.
 */
export const ROUTE_ACCESS = {
  'GET /': { public: 'redirects to the console page' },
  'GET /wall': { public: 'redirects to /wall/' },
  'GET /wall/*': { public: STATIC_PAGE },
  'GET /console': { public: 'redirects to /console/' },
  'GET /console/*': { public: STATIC_PAGE },
  'GET /healthz': { public: 'liveness for load balancers and supervisors: says only whether the server is up' },
  'GET /api/v1/openapi.json': { public: 'the description of the API, no data' },
  'POST /api/v1/auth/login': { public: 'signing in is how a person gets credentials' },
  'GET /api/v1/auth/providers': { public: 'says only whether single sign-on is on, for the sign-in screen' },
  'GET /api/v1/auth/oidc/start': { public: 'single sign-on starts before anyone is signed in' },
  'GET /api/v1/auth/oidc/callback': { public: "the identity provider's redirect: answers only a state this server issued, once" },
  'POST /api/v1/auth/oidc/exchange': { public: 'the console trades a one-time, short-lived single sign-on code for its session' },
  'POST /api/v1/wall-devices/exchange': { public: 'a display trades its short-lived, single-use enrollment code for its token' },
  'GET /api/v1/cluster/time': { public: "a server's clock, read by its peers to measure their offset: no data" },

  'POST /api/v1/auth/logout': { roles: USER_ROLES, via: 'session' },
  'GET /api/v1/auth/me': { roles: PRINCIPAL_ROLES },
  'GET /api/v1/system/status': { roles: TECH },
  'GET /api/v1/cluster': { roles: TECH },
  // People and their roles (the list is audited by the route itself, as `user.list`).
  'GET /api/v1/users': { roles: ADMIN },
  'POST /api/v1/users': { roles: ADMIN },
  'PATCH /api/v1/users/:username': { roles: ADMIN },
  'DELETE /api/v1/users/:username': { roles: ADMIN },
  'POST /api/v1/users/:username/disable': { roles: ADMIN },
  'POST /api/v1/users/:username/enable': { roles: ADMIN },
  'POST /api/v1/users/:username/password': { roles: ADMIN },
  // Groups and their grants (the list is audited by the route itself, as `group.list`).
  'GET /api/v1/groups': { roles: ADMIN },
  'POST /api/v1/groups': { roles: ADMIN },
  'PATCH /api/v1/groups/:id': { roles: ADMIN },
  'DELETE /api/v1/groups/:id': { roles: ADMIN },
  'PUT /api/v1/groups/:id/members/:username': { roles: ADMIN },
  'DELETE /api/v1/groups/:id/members/:username': { roles: ADMIN },

  // What the wall renderer reads over HTTP: its device token may too, limited to its wall.
  'GET /api/v1/catalog': { roles: READERS, device: true },
  'GET /api/v1/layouts': { roles: READERS, device: true },
  'GET /api/v1/forecast': { roles: READERS, device: true },

  'GET /api/v1/series': { roles: READERS },
  'GET /api/v1/latest': { roles: READERS },
  'GET /api/v1/revisions': { roles: READERS, audit: 'read.revisions' },
  'GET /api/v1/regions': { roles: READERS },
  'GET /api/v1/regions/:id/series': { roles: READERS },
  'GET /api/v1/search': { roles: READERS },
  'GET /api/v1/rankings': { roles: READERS },
  'GET /api/v1/rankings/:id': { roles: READERS },
  'GET /api/v1/international': { roles: READERS },
  'GET /api/v1/whatif/model': { roles: READERS },
  'POST /api/v1/whatif': { roles: READERS },
  'GET /api/v1/map-feed': { roles: READERS },
  'GET /api/v1/devices': { roles: READERS },
  'GET /api/v1/devices/errors': { roles: READERS },
  'GET /api/v1/layouts/errors': { roles: READERS },
  'GET /api/v1/walls/:id/renderers': { roles: READERS },
  'GET /api/v1/warnings': { roles: READERS },
  'POST /api/v1/warnings/:id/ack': { roles: rolesFrom('operator') },
  'GET /api/v1/submissions/report-sets': { roles: READERS },
  'GET /api/v1/submissions': { roles: READERS },
  'GET /api/v1/submissions/on-time': { roles: READERS },
  'GET /api/v1/review': { roles: READERS },
  'GET /api/v1/catalog/indicators/:id/versions': { roles: READERS },
  'PUT /api/v1/catalog/indicators/:id': { roles: ADMIN },
  'GET /api/v1/units/:code/keys': { roles: READERS, audit: 'read.unit-keys' },
  'POST /api/v1/units/:code/keys': { roles: ADMIN },
  'DELETE /api/v1/units/:code/keys/:fingerprint': { roles: ADMIN },
  'GET /api/v1/notifications': { roles: ['operator', 'admin'] },
  'POST /api/v1/notifications/:id/resend': { roles: ADMIN },

  // Submitters fill these forms; anyone who may read may see them too.
  'GET /api/v1/templates/observations.csv': { roles: PRINCIPAL_ROLES },
  'GET /api/v1/templates/observations.xlsx': { roles: PRINCIPAL_ROLES },
  'POST /api/v1/observations': { roles: SUBMITTERS, via: 'key', unitUsers: true },
  'POST /api/v1/map-feed': { roles: SUBMITTERS, via: 'key' },

  // Commands: which command a role may run is the command catalog's rule (it refuses every one
  // to ingest and reader keys, as a command result, audited with the command).
  'GET /api/v1/commands': { roles: PRINCIPAL_ROLES },
  'POST /api/v1/commands': { roles: PRINCIPAL_ROLES },
  'GET /api/v1/commands/log': { roles: TECH, audit: 'read.command-log' },
  'POST /api/v1/commands/:clientId/resend': { roles: ADMIN },
  'GET /api/v1/audit': { roles: TECH, audit: 'read.audit' },
  // One's own lines only (the route reads the caller's actor): nobody is refused their own record.
  'GET /api/v1/audit/mine': { roles: PRINCIPAL_ROLES },

  'GET /api/v1/wall-devices/pending': { roles: TECH },
  'GET /api/v1/wall-devices': { roles: TECH, audit: 'read.wall-devices' },
  'POST /api/v1/wall-devices/enroll': { roles: TECH },
  'DELETE /api/v1/wall-devices/:id': { roles: TECH },
} as const satisfies Record<string, RouteAccess>;

export type RouteKey = keyof typeof ROUTE_ACCESS;

/** The access of `METHOD url` (HEAD as its GET), or undefined when none is declared. */
export function routeAccess(method: string, url: string): RouteAccess | undefined {
  const m = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
  return (ROUTE_ACCESS as Record<string, RouteAccess>)[`${m} ${url}`];
}
