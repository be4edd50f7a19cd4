import {
  MyActionsSchema,
  ApiErrorBodySchema,
  CatalogSchema,
  CommandCatalogResponseSchema,
  CommandEnvelopeSchema,
  DeviceStatusSchema,
  LoginRequestSchema,
  OidcExchangeRequestSchema,
  CreateUserRequestSchema,
  UpdateUserRequestSchema,
  ResetPasswordRequestSchema,
  UserListSchema,
  UserAnswerSchema,
  CreateGroupRequestSchema,
  UpdateGroupRequestSchema,
  GroupListSchema,
  GroupAnswerSchema,
  AuthProvidersSchema,
  SessionInfoSchema,
  HealthSchema,
  SystemStatusSchema,
  ClusterStatusSchema,
  ClusterTimeSchema,
  IngestAcceptedSchema,
  IngestBodySchema,
  LayoutErrorsResponseSchema,
  MAX_MAP_FEED_BYTES,
  MAX_MAP_FEED_ITEMS,
  MapFeedBodySchema,
  MapFeedSchema,
  MAX_BATCH_OBSERVATIONS,
  MAX_INGEST_BYTES,
  PROTOCOL_VERSION,
  RevisionsQuerySchema,
  RevisionsResponseSchema,
  SceneSchema,
  SeriesQuerySchema,
  SeriesResponseSchema,
  WallGeometrySchema,
  WallSchema,
} from '@ioc/protocol';
import { z } from 'zod';
import { routeAccess } from './route-access.js';

type Json = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string, description: string) => ({ description, content: { 'application/json': { schema: ref(name) } } });
const error = (description: string) => json('ApiErrorBody', description);

/** Query parameters of a GET, from the protocol's query schema. */
function queryParameters(schema: z.ZodType, descriptions: Record<string, string>): Json[] {
  const s = jsonSchema(schema, 'input') as { properties: Record<string, Json>; required?: string[] };
  return Object.entries(s.properties).map(([name, prop]) => ({
    name,
    in: 'query',
    required: s.required?.includes(name) ?? false,
    schema: prop,
    ...(descriptions[name] && { description: descriptions[name] }),
  }));
}

const periodHelp = 'ISO 8601 period: 2025, 2025-Q3, 2025-07, 2025-07-14 or a full timestamp (Vietnam time when no offset)';

/** The OpenAPI 3.1 description of the HTTP API, generated from the protocol's zod schemas. */
export function openApiDocument(version: string): Json {
  const schemas: Record<string, Json> = {
    IngestBody: jsonSchema(IngestBodySchema, 'input'),
    MapFeedBody: jsonSchema(MapFeedBodySchema, 'input'),
    MapFeed: jsonSchema(MapFeedSchema, 'output'),
    IngestAccepted: jsonSchema(IngestAcceptedSchema, 'output'),
    ApiErrorBody: jsonSchema(ApiErrorBodySchema, 'output'),
    SeriesResponse: jsonSchema(SeriesResponseSchema, 'output'),
    RevisionsResponse: jsonSchema(RevisionsResponseSchema, 'output'),
    Catalog: jsonSchema(CatalogSchema, 'output'),
    LayoutsResponse: jsonSchema(z.object({ walls: z.array(WallSchema), scenes: z.array(SceneSchema), geometry: z.record(z.string(), WallGeometrySchema) }), 'output'),
    LayoutErrorsResponse: jsonSchema(LayoutErrorsResponseSchema, 'output'),
    Health: jsonSchema(HealthSchema, 'output'),
    SystemStatus: jsonSchema(SystemStatusSchema, 'output'),
    ClusterStatus: jsonSchema(ClusterStatusSchema, 'output'),
    ClusterTime: jsonSchema(ClusterTimeSchema, 'output'),
    CommandEnvelope: jsonSchema(CommandEnvelopeSchema, 'input'),
    CommandCatalogResponse: jsonSchema(CommandCatalogResponseSchema, 'output'),
    DevicesResponse: jsonSchema(z.object({ devices: z.array(DeviceStatusSchema) }), 'output'),
    LoginRequest: jsonSchema(LoginRequestSchema, 'input'),
    OidcExchangeRequest: jsonSchema(OidcExchangeRequestSchema, 'input'),
    CreateUserRequest: jsonSchema(CreateUserRequestSchema, 'input'),
    UpdateUserRequest: jsonSchema(UpdateUserRequestSchema, 'input'),
    ResetPasswordRequest: jsonSchema(ResetPasswordRequestSchema, 'input'),
    UserList: jsonSchema(UserListSchema, 'output'),
    MyActions: jsonSchema(MyActionsSchema, 'output'),
    UserAnswer: jsonSchema(UserAnswerSchema, 'output'),
    CreateGroupRequest: jsonSchema(CreateGroupRequestSchema, 'input'),
    UpdateGroupRequest: jsonSchema(UpdateGroupRequestSchema, 'input'),
    GroupList: jsonSchema(GroupListSchema, 'output'),
    GroupAnswer: jsonSchema(GroupAnswerSchema, 'output'),
    AuthProviders: jsonSchema(AuthProvidersSchema, 'output'),
    SessionInfo: jsonSchema(SessionInfoSchema, 'output'),
    CommandResult: { type: 'object', description: 'ok, clientId, name, duplicate; on success exchanges (bytes sent and received per device), steps (macros), undo, durationMs; on failure error {code, message, prompt?, field?}' },
  };
  return withAccess({
    openapi: '3.1.0',
    info: {
      title: 'IOC content server',
      version,
      description: `Ingest and read socio-economic indicators. Wire protocol version ${PROTOCOL_VERSION}. Live updates are not HTTP: they are socket.io topics (namespace /wall, event live:subscribe).`,
    },
    components: {
      schemas,
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'An API key (ioc_...) created with `ops apikey create` (roles ingest, reader, operator, admin), a session token (ios_...) from POST /api/v1/auth/login, or a wall device token (iow_...) for what its wall reads. Who may call each operation: its x-access.' } },
    },
    paths: {
      '/api/v1/map-feed': {
        get: { summary: "What the map's events and flows layers draw: incidents and flows not ended, newest first, with provenance", responses: { 200: json('MapFeed', 'Incidents and flows') } },
        post: {
          summary: 'Post incidents and flows for the map (ingest role, audited)',
          description: `At most ${MAX_MAP_FEED_ITEMS} items and ${MAX_MAP_FEED_BYTES} bytes. The same id from the same key replaces the item. Stored with the sender's key, the time received and the synthetic flag (forced for a synthetic key); walls get the new feed as \`map:feed\`.`,
          security: [{ apiKey: [] }],
          requestBody: { required: true, content: { 'application/json': { schema: ref('MapFeedBody') } } },
          responses: {
            200: { description: 'Stored: how many incidents and flows' },
            400: error('A body that does not match the schema'),
            401: error('Missing, unknown or revoked key'),
            403: error('The key may not post (role operator)'),
            413: error('Body larger than the limit'),
            415: error('Not JSON'),
            422: error('Unknown province, a flow to itself, a date in the future'),
          },
        },
      },
      '/api/v1/observations': {
        post: {
          summary: 'Submit a batch of observations (JSON), or a CSV or XLSX file',
          description: `At most ${MAX_BATCH_OBSERVATIONS} observations and ${MAX_INGEST_BYTES} bytes. The batch or file is stored whole or not at all, with its submission record (sender, time, format, SHA-256 of the bytes, signer). Re-sending a stored value changes nothing; a different value for the same (indicator, unit, period) makes a new revision. Optional detached Ed25519 signature over the body bytes: headers X-IOC-Signer (unit code) and X-IOC-Signature (base64). Files: errors name the sheet, row and column. Values far outside their series' history are stored and listed in \`flagged\`. Sent with an ingest or admin API key, or with the session of a user bound to a reporting unit (a unit's own account: that unit's rows only; a key bound to a unit likewise).`,
          security: [{ apiKey: [] }],
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: ref('IngestBody') },
              'text/csv': { schema: { type: 'string', description: 'Header indicator,unit,period,value,source (or Vietnamese names); comma or semicolon separated' } },
              'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary', description: 'A workbook such as GET /api/v1/templates/observations.xlsx, filled' } },
            },
          },
          responses: {
            200: json('IngestAccepted', 'The batch is stored'),
            400: error('Malformed JSON or a body that does not match the schema; errors give the item index and field'),
            401: error('Missing, unknown or revoked key or session'),
            403: error("The key may not submit observations (role operator), a row is of another unit than the key's or the unit user's own, the session's user is bound to no unit, or the signature was refused"),
            413: error('Body larger than the limit'),
            415: error('Content-Type is not application/json, text/csv or the XLSX type'),
            422: error('Valid shape but unknown indicator or unit, wrong period kind, unit not valid in that period; every problem of the batch is listed'),
          },
        },
      },
      '/api/v1/series': {
        get: {
          summary: 'Points of one series, in period order',
          parameters: queryParameters(SeriesQuerySchema, {
            from: `First period (inclusive, by period start). ${periodHelp}`,
            to: `Last period (inclusive, by period start). ${periodHelp}`,
            limit: 'Keep only the latest N points of the range',
            vintage: '2025 (default): the 34 provinces, a merged one derived from its members before 2025-07-01 by the indicator\'s aggregation rule; 2008: the 63 provinces, up to 2025-06-30',
          }),
          responses: { 200: json('SeriesResponse', 'The points'), 400: error('Bad query'), 404: error('Unknown indicator or unit') },
        },
      },
      '/api/v1/revisions': {
        get: {
          summary: 'Every value one observation has had, oldest first',
          parameters: queryParameters(RevisionsQuerySchema, { period: periodHelp }),
          responses: { 200: json('RevisionsResponse', 'The revisions (empty when nothing is stored)'), 400: error('Bad query'), 404: error('Unknown indicator or unit') },
        },
      },
      '/api/v1/catalog': { get: { summary: 'Indicators and reporting units', responses: { 200: json('Catalog', 'The catalog') } } },
      '/api/v1/layouts': { get: { summary: 'Walls and scenes in use (the last good version of each file)', responses: { 200: json('LayoutsResponse', 'The layouts') } } },
      '/api/v1/layouts/errors': { get: { summary: 'Problems found in the layout files at the last load', responses: { 200: json('LayoutErrorsResponse', 'The problems (empty when all files are good)') } } },
      '/api/v1/walls/{id}/renderers': {
        get: { summary: 'Renderers connected to a wall and the clock estimate each reported (offset to the server, error, best round trip)', security: [{ apiKey: [] }], responses: { 200: { description: '{wallId, renderers: [{displayId, socketId, joinedAt, clock}]}' }, 401: error('No valid token'), 404: error('Unknown wall') } },
      },
      '/api/v1/wall-devices/pending': {
        get: { summary: 'Technician, admin: pairing codes shown by renderers waiting to be enrolled, with their age and the position their page asked for', security: [{ apiKey: [] }], responses: { 200: { description: '{mode, pending: [{code, requestedAt, expiresAt, ageS, hint, address, userAgent}]}' }, 401: error('No valid token'), 403: error('Not a technician or admin (audited)') } },
      },
      '/api/v1/wall-devices/enroll': {
        post: {
          summary: 'Technician, admin: assign a pairing code to a wall position; the renderer showing it receives its device token over its socket (never in this answer). Audited.',
          security: [{ apiKey: [] }],
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['code', 'wallId'], properties: { code: { type: 'string' }, wallId: { type: 'string' }, displayId: { type: 'string' }, rendererId: { type: 'string' }, name: { type: 'string' } }, description: 'exactly one of displayId and rendererId' } } } },
          responses: { 201: { description: '{device}' }, 401: error('No valid token'), 403: error('Not a technician or admin'), 404: error('No display shows this code now'), 422: error('Invalid body, unknown wall, display or renderer') },
        },
      },
      '/api/v1/wall-devices': {
        get: { summary: 'Technician, admin: enrolled devices (`?all=1`: revoked ones too) and every wall position with how many devices cover it', security: [{ apiKey: [] }], responses: { 200: { description: '{mode, devices, positions}' }, 401: error('No valid token'), 403: error('Not a technician or admin') } },
      },
      '/api/v1/wall-devices/exchange': {
        post: {
          summary: 'A wall page trades the single-use enrollment code of its address (&code=, valid minutes) for its device token. Audited.',
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['code'], properties: { code: { type: 'string' } } } } } },
          responses: { 200: { description: '{token, device}' }, 400: error('Invalid body'), 404: error('Unknown, used or expired code') },
        },
      },
      '/api/v1/wall-devices/{id}': {
        delete: { summary: 'Technician, admin: revoke a device; its renderer is disconnected at once and shows a pairing code again. Audited.', security: [{ apiKey: [] }], responses: { 200: { description: '{device}' }, 401: error('No valid token'), 403: error('Not a technician or admin'), 404: error('No active device of that id') } },
      },
      '/api/v1/auth/login': {
        post: {
          summary: 'Sign in with a user name and password; the answer carries a session token (shown once)',
          requestBody: { required: true, content: { 'application/json': { schema: ref('LoginRequest') } } },
          responses: { 200: json('SessionInfo', 'Signed in'), 400: error('Malformed body'), 401: error('Invalid user name or password'), 429: error('Too many failed attempts; see Retry-After') },
        },
      },
      '/api/v1/auth/logout': { post: { summary: 'End the session of the bearer token', security: [{ apiKey: [] }], responses: { 204: { description: 'Signed out' }, 401: error('No valid session') } } },
      '/api/v1/auth/providers': { get: { summary: 'How people may sign in here: local accounts, single sign-on (no credentials needed)', responses: { 200: json('AuthProviders', 'The sign-in methods') } } },
      '/api/v1/auth/oidc/start': { get: { summary: 'Single sign-on: 302 to the OpenID Connect provider (authorization code with PKCE; state, nonce and verifier kept here)', responses: { 302: { description: 'To the provider' }, 404: error('Single sign-on not configured'), 429: error('Too many sign-ins under way'), 503: error('Provider unreachable') } } },
      '/api/v1/auth/oidc/callback': { get: { summary: "The provider's answer: 302 to /console/#sso=<one-time code>. Audited (auth.oidc.login / auth.oidc.refused)", responses: { 302: { description: 'To the console' }, 400: error('Unknown, expired or used state; code rejected'), 403: error('No mapped group, or user disabled'), 404: error('Single sign-on not configured'), 409: error('User name taken by another account') } } },
      '/api/v1/auth/oidc/exchange': {
        post: {
          summary: 'Trade the one-time code of the console URL fragment for a session token (used once, within a minute)',
          requestBody: { required: true, content: { 'application/json': { schema: ref('OidcExchangeRequest') } } },
          responses: { 200: json('SessionInfo', 'Signed in'), 400: error('Invalid, expired or used code'), 404: error('Single sign-on not configured') },
        },
      },
      '/api/v1/users': {
        get: { summary: 'Admin: every user with role, provider, state and open sessions. Audited (user.list)', security: [{ apiKey: [] }], responses: { 200: json('UserList', 'The users'), 401: error('No valid token'), 403: error('Not an admin') } },
        post: { summary: 'Admin: create a local user. Audited', security: [{ apiKey: [] }], requestBody: { required: true, content: { 'application/json': { schema: ref('CreateUserRequest') } } }, responses: { 201: json('UserAnswer', 'Created'), 401: error('No valid token'), 403: error('Not an admin'), 409: error('Name taken'), 422: error('Invalid body or password too weak') } },
      },
      '/api/v1/users/{username}': {
        patch: { summary: 'Admin: change display name, role and/or reporting unit (`unit: null` unbinds; an oidc user\'s role follows the provider again at the next sign-in). Audited', security: [{ apiKey: [] }], requestBody: { required: true, content: { 'application/json': { schema: ref('UpdateUserRequest') } } }, responses: { 200: json('UserAnswer', 'Changed'), 401: error('No valid token'), 403: error('Not an admin'), 404: error('No such user'), 409: error('Would demote yourself or the last admin'), 422: error('Invalid body') } },
        delete: { summary: 'Admin: delete a user and their sessions (sockets cut). Audited', security: [{ apiKey: [] }], responses: { 204: { description: 'Deleted' }, 401: error('No valid token'), 403: error('Not an admin'), 404: error('No such user'), 409: error('Yourself or the last admin') } },
      },
      '/api/v1/users/{username}/disable': { post: { summary: 'Admin: disable a user; their sessions end at once. Audited', security: [{ apiKey: [] }], responses: { 200: json('UserAnswer', 'Disabled'), 401: error('No valid token'), 403: error('Not an admin'), 404: error('No such user'), 409: error('Yourself or the last admin') } } },
      '/api/v1/users/{username}/enable': { post: { summary: 'Admin: enable a user again. Audited', security: [{ apiKey: [] }], responses: { 200: json('UserAnswer', 'Enabled'), 401: error('No valid token'), 403: error('Not an admin'), 404: error('No such user') } } },
      '/api/v1/users/{username}/password': { post: { summary: 'Admin: set a new password for a local user; their sessions end. Audited', security: [{ apiKey: [] }], requestBody: { required: true, content: { 'application/json': { schema: ref('ResetPasswordRequest') } } }, responses: { 200: json('UserAnswer', 'Set'), 401: error('No valid token'), 403: error('Not an admin'), 404: error('No such user'), 409: error('A single sign-on user'), 422: error('Invalid body or password too weak') } } },
      '/api/v1/groups': {
        get: { summary: 'Admin: every group with its role, identity provider groups and members. Audited (group.list)', security: [{ apiKey: [] }], responses: { 200: json('GroupList', 'The groups'), 401: error('No valid token'), 403: error('Not an admin') } },
        post: { summary: 'Admin: create a group granting a role to its members (and to the people of its identity provider groups at sign-in). Audited', security: [{ apiKey: [] }], requestBody: { required: true, content: { 'application/json': { schema: ref('CreateGroupRequest') } } }, responses: { 201: json('GroupAnswer', 'Created'), 401: error('No valid token'), 403: error('Not an admin'), 409: error('Name taken'), 422: error('Invalid body') } },
      },
      '/api/v1/groups/{id}': {
        patch: { summary: 'Admin: change display name, role, identity provider groups, or disable/enable; open consoles follow at once. Audited', security: [{ apiKey: [] }], requestBody: { required: true, content: { 'application/json': { schema: ref('UpdateGroupRequest') } } }, responses: { 200: json('GroupAnswer', 'Changed'), 401: error('No valid token'), 403: error('Not an admin'), 404: error('No such group'), 409: error('Would take your own admin grant or leave no enabled admin'), 422: error('Invalid body') } },
        delete: { summary: 'Admin: delete a group and its memberships. Audited', security: [{ apiKey: [] }], responses: { 204: { description: 'Deleted' }, 401: error('No valid token'), 403: error('Not an admin'), 404: error('No such group'), 409: error('Would take your own admin grant or leave no enabled admin') } },
      },
      '/api/v1/groups/{id}/members/{username}': {
        put: { summary: 'Admin: add a user to a group (again: no change). Audited (group.member.add)', security: [{ apiKey: [] }], responses: { 200: json('GroupAnswer', 'Added'), 401: error('No valid token'), 403: error('Not an admin'), 404: error('No such group or user'), 422: error('Invalid id or user name') } },
        delete: { summary: 'Admin: remove a user from a group. Audited (group.member.remove)', security: [{ apiKey: [] }], responses: { 200: json('GroupAnswer', 'Removed'), 401: error('No valid token'), 403: error('Not an admin'), 404: error('No such group or user'), 409: error('Would take your own admin grant or leave no enabled admin'), 422: error('Invalid id or user name') } },
      },
      '/api/v1/auth/me': { get: { summary: 'Who the bearer token stands for', security: [{ apiKey: [] }], responses: { 200: { description: 'The principal and, for a session, the user' }, 401: error('No valid token') } } },
      '/api/v1/commands': {
        get: { summary: 'The command catalog as the caller\'s role sees it (JSON Schemas of arguments, this room\'s choices)', security: [{ apiKey: [] }], responses: { 200: json('CommandCatalogResponse', 'The catalog'), 401: error('No valid token') } },
        post: {
          summary: 'Run a catalog command (the same path as the console): validated, authorised, translated, executed, audited',
          security: [{ apiKey: [] }],
          requestBody: { required: true, content: { 'application/json': { schema: ref('CommandEnvelope') } } },
          responses: {
            200: json('CommandResult', 'Done (or the sender\'s repeat of a client id it already sent: duplicate true)'),
            401: error('No valid token'),
            403: json('CommandResult', 'The role may not run this command (for a macro: one of its steps)'),
            404: json('CommandResult', 'Unknown command, wall, scene, briefing or device'),
            422: json('CommandResult', 'Invalid arguments, or the device cannot do this command'),
            409: json('CommandResult', 'The client id was already used by another sender: send again with a new id'),
            428: json('CommandResult', 'Needs a confirmation: send again with "confirmed": true'),
            502: json('CommandResult', 'The device refused, never answered (after retries) or could not be reached'),
          },
        },
      },
      '/api/v1/commands/log': { get: { summary: 'Latest commands with their results (technician, admin); ?status=failed lists failed ones', security: [{ apiKey: [] }], responses: { 200: { description: 'The commands' }, 403: error('Role') } } },
      '/api/v1/commands/{clientId}/resend': {
        post: { summary: 'Run a failed command again under a new client id (admin)', security: [{ apiKey: [] }], parameters: [{ name: 'clientId', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: json('CommandResult', 'Done'), 403: error('Role'), 422: json('CommandResult', 'The command did not fail') } },
      },
      '/api/v1/audit': { get: { summary: 'Search the audit log by user, device, wall, command (prefix with a trailing dot), time range (ISO 8601) and outcome (technician, admin)', security: [{ apiKey: [] }], responses: { 200: { description: 'Entries, newest first, with times in Asia/Ho_Chi_Minh' }, 400: error('Bad query'), 403: error('Role') } } },
      '/api/v1/audit/mine': { get: { summary: "The caller's own audit lines, newest first (every role): ?limit= (1..200, default 50); each labelled (vi/en), with its target, outcome and error (MyActionsSchema)", security: [{ apiKey: [] }], responses: { 200: json('MyActions', 'Own actions, newest first'), 400: error('Bad query'), 401: error('Not signed in') } } },
      '/api/v1/search': { get: { summary: 'One search over indicators, units, series, scenes, briefings, commands and devices (vi or en, without diacritics): ?q=&kinds=&limit=', responses: { 200: { description: 'Ranked results, each saying what it is' }, 400: error('Bad query') } } },
      '/api/v1/forecast': { get: { summary: 'Forecast of one series (ETS chosen by AICc) with 80%/95% intervals and its rolling-origin backtest: ?indicator=&unit=&horizon=&vintage= (docs/forecasting.md)', responses: { 200: { description: 'Model, candidates, forecast, backtest (ForecastResponseSchema)' }, 400: error('Bad query or horizon outside 1..36'), 404: error('Unknown indicator or unit'), 422: error('Too few consecutive points, or an instant series') } } },
      '/api/v1/catalog/indicators/{id}': {
        put: { summary: 'Create or replace an indicator of the catalog (admin); each edit is a new version, audited', security: [{ apiKey: [] }], parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: { description: 'The indicator, its version and the fields changed' }, 401: error('No valid token'), 403: error('Role'), 422: error('Invalid indicator, or it does not fit the catalog') } },
      },
      '/api/v1/catalog/indicators/{id}/versions': { get: { summary: 'Every stored version of an indicator, oldest first', security: [{ apiKey: [] }], parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: { description: 'The versions' }, 404: error('Unknown indicator') } } },
      '/api/v1/devices': { get: { summary: 'Every device with its live status', responses: { 200: json('DevicesResponse', 'The devices') } } },
      '/api/v1/devices/errors': { get: { summary: 'Problems found in the device profiles at the last load (file, JSON path, what was expected)', responses: { 200: { description: 'The problems (empty when all profiles are good)' } } } },
      '/api/v1/latest': { get: { summary: 'Newest value of every current unit of a level: ?indicator=&level=P|M|N', responses: { 200: { description: 'Points with unit names, and the units without a value' }, 404: error('Unknown indicator'), 422: error('Level not reported for that indicator') } } },
      '/api/v1/regions': { get: { summary: 'The six socio-economic regions with vi/en names and member provinces (of the 63)', responses: { 200: { description: 'The regions' } } } },
      '/api/v1/regions/{id}/series': { get: { summary: "A region's series derived from its provinces by the indicator's rule, up to 2025-06-30: ?indicator=&from=&to=&limit=", parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: json('SeriesResponse', 'Derived points and notes'), 404: error('Unknown region or indicator'), 422: error('Indicator not reported per province') } } },
      '/api/v1/templates/observations.csv': { get: { summary: 'A CSV form to fill: ?indicators=a,b&period=2026-10[&units=01,79]', responses: { 200: { description: 'text/csv with a byte-order mark' }, 400: error('Bad query or period'), 404: error('Unknown indicator, or unit not valid in the period') } } },
      '/api/v1/templates/observations.xlsx': { get: { summary: 'The same form as a workbook with instructions in Vietnamese and English', responses: { 200: { description: 'An XLSX workbook' }, 400: error('Bad query or period'), 404: error('Unknown indicator, or unit not valid in the period') } } },
      '/api/v1/units/{code}/keys': {
        get: { summary: "A reporting unit's Ed25519 public keys (signed in)", security: [{ apiKey: [] }], parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: { description: 'Keys with fingerprints, revoked ones included' }, 404: error('Unknown unit') } },
        post: { summary: 'Register a public key (admin, audited): {publicKey: PEM or base64 of 32 bytes, label?}', security: [{ apiKey: [] }], parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string' } }], responses: { 201: { description: 'The key' }, 403: error('Role'), 404: error('Unknown unit'), 409: error('Key already registered'), 422: error('Not an Ed25519 public key') } },
      },
      '/api/v1/units/{code}/keys/{fingerprint}': { delete: { summary: 'Revoke a key (admin, audited)', security: [{ apiKey: [] }], parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string' } }, { name: 'fingerprint', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: { description: 'Revoked' }, 403: error('Role'), 404: error('No such active key') } } },
      '/api/v1/review': { get: { summary: 'Current values accepted but flagged as implausible, each with its submitter (key:<name> or user:<name>): ?indicator=&limit= (signed in)', security: [{ apiKey: [] }], responses: { 200: { description: 'Flagged values, newest first' }, 401: error('Not signed in') } } },
      '/api/v1/warnings': { get: { summary: 'Warnings by rule: ?state=&severity=&indicator=&unit= (signed in)', security: [{ apiKey: [] }], responses: { 200: { description: 'Warnings' }, 401: error('Not signed in') } } },
      '/api/v1/warnings/{id}/ack': { post: { summary: 'Acknowledge a warning (operator and above, audited)', security: [{ apiKey: [] }], parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: { description: 'The acknowledged warning' }, 403: error('Role'), 404: error('Unknown warning'), 409: error('Already acknowledged (says by whom and when)') } } },
      '/api/v1/submissions/report-sets': { get: { summary: 'Report sets: indicators, units that owe them, due day (signed in)', security: [{ apiKey: [] }], responses: { 200: { description: 'Report sets' } } } },
      '/api/v1/submissions': { get: { summary: 'Status per unit of one report set and period: expected, received on time, late, missing, partial: ?reportSet=&period= (signed in)', security: [{ apiKey: [] }], responses: { 200: { description: 'Per unit, and a summary' }, 404: error('Unknown report set'), 422: error('Period of the wrong kind') } } },
      '/api/v1/submissions/on-time': { get: { summary: "Share of a unit's reports received on time per period: ?unit=&from=&to= (signed in)", security: [{ apiKey: [] }], responses: { 200: { description: 'Per period' } } } },
      '/api/v1/notifications': { get: { summary: 'Notification deliveries (webhook, e-mail): ?status=pending|sent|failed (operator, admin)', security: [{ apiKey: [] }], responses: { 200: { description: 'Deliveries' }, 403: error('Role') } } },
      '/api/v1/notifications/{id}/resend': { post: { summary: 'Re-send a failed delivery (admin, audited)', security: [{ apiKey: [] }], parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: { description: 'Queued again' }, 403: error('Role'), 404: error('Unknown delivery'), 409: error('Not failed, or its channel is gone') } } },
      '/api/v1/rankings': { get: { summary: 'Ranking definitions (docs/analytics.md)', responses: { 200: { description: 'Definitions' } } } },
      '/api/v1/rankings/{id}': { get: { summary: 'A ranking on plan execution, each rank explained by indicator, value, target, weight and contribution: ?year=', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: { description: 'Ranked units' }, 404: error('Unknown ranking') } } },
      '/api/v1/whatif/model': { get: { summary: 'The what-if model: drivers, outputs, coefficients and their justifications', responses: { 200: { description: 'The model' } } } },
      '/api/v1/whatif': { post: { summary: 'Run a simulation: {drivers: {id: value}} (signed in, audited); results are labelled simulation and never stored', security: [{ apiKey: [] }], responses: { 200: { description: 'Baseline, scenario and outputs with their terms' }, 401: error('Not signed in'), 422: error('Unknown driver or value out of range') } } },
      '/api/v1/international': { get: { summary: "Viet Nam's rank in its region and the world from Gapminder (vega-datasets), with source and year: ?measure=income|health|population", responses: { 200: { description: 'Ranks and neighbours' }, 400: error('Bad measure') } } },
      '/healthz': { get: { summary: 'Liveness and degradation only (status and causes, vi/en); no version, counts or uptime', responses: { 200: json('Health', 'Healthy'), 503: json('Health', 'Degraded: the causes as codes with text (store full, busy, moved, a folder missing...)') } } },
      '/api/v1/system/status': { get: { summary: 'Health with the details: version, protocol version, uptime, store (technician, admin)', security: [{ apiKey: [] }], responses: { 200: json('SystemStatus', 'The status'), 401: error('Not signed in'), 403: error('Not a technician or admin') } } },
      '/api/v1/cluster/time': { get: { summary: "This server's id and wall clock (epoch ms, sub-ms), read by its peers to measure their clock offset; no data", responses: { 200: json('ClusterTime', 'The clock') } } },
      '/api/v1/cluster': { get: { summary: 'This server among the center\'s servers: id, machine name, store engine, and each peer\'s clock offset (technician, admin)', security: [{ apiKey: [] }], responses: { 200: json('ClusterStatus', 'The cluster as this server sees it'), 401: error('Not signed in'), 403: error('Not a technician or admin') } } },
      '/api/v1/openapi.json': { get: { summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1 document' } } } },
    },
  });
}

/**
 * Each operation says who may call it (`x-access`, from ROUTE_ACCESS, the one home of these
 * decisions) and, unless public, that it needs a bearer credential.
 */
function withAccess(doc: Json & { paths: Record<string, Record<string, Json>> }): Json {
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const access = routeAccess(method, path.replace(/\{([A-Za-z]+)\}/g, ':$1'));
      if (!access) continue;
      op['x-access'] = 'public' in access ? { public: access.public } : { roles: access.roles, ...(access.device && { device: true }), ...(access.via && { via: access.via }) };
      if (!('public' in access)) op['security'] = [{ apiKey: [] }];
    }
  }
  return doc;
}
