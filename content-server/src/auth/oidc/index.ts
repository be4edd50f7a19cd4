export { parseOidcEnv, parseRoleMap } from './oidc-config.js';
export type { OidcSettings } from './oidc-config.js';
export { OidcSignIn, OidcRefused, Handoffs, roleOfGroups } from './oidc-sign-in.js';
export type { OidcIdentity, OidcRefusal } from './oidc-sign-in.js';
export { oidcRoutes, OIDC_CALLBACK_PATH, OIDC_EXCHANGE_PATH, OIDC_START_PATH } from './oidc-routes.js';
