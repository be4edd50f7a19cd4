export { parseOidcEnv, parseRoleMap } from './oidc-config.js';
export type { OidcSettings } from './oidc-config.js';
export { OidcSignIn, OidcRefused, roleOfGroups } from './oidc-sign-in.js';
export type { OidcHandoff, OidcIdentity, OidcRefusal } from './oidc-sign-in.js';
export { oidcRoutes, OIDC_CALLBACK_PATH, OIDC_EXCHANGE_PATH, OIDC_START_PATH } from './oidc-routes.js';
