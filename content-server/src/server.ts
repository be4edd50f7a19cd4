import { hostname } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONSOLE_CLIENT_EVENTS, CONSOLE_NAMESPACE, SOCKET_HEARTBEAT, WALL_CLIENT_EVENTS, WALL_NAMESPACE } from '@ioc/protocol';
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import { Server as SocketServer } from 'socket.io';
import { AnalyticsDomain } from './analytics/index.js';
import { ForecastDomain } from './analytics/forecast/index.js';
import { ApiKeys, Groups, OneTimeCodes, Sessions, Users, authRoutes, groupRoutes, resolvePrincipal, userRoutes, type SessionOptions } from './auth/index.js';
import { Revocations, standingOf } from './auth/revocation.js';
import { OIDC_CALLBACK_PATH, OidcSignIn, oidcRoutes, type OidcSettings } from './auth/oidc/index.js';
import { Audit, FileAnchorSink, auditSettings } from './audit/index.js';
import { RefusalTally } from './audit/refusal-tally.js';
import { CommandCatalog, CommandService, commandRoutes, guardConsoleSockets, registerConsoleSocket, type ConsoleAuth, type ConsoleNamespace } from './commands/index.js';
import { guardConsoleSocket, guardWallSocket } from './auth/socket-access.js';
import { paths } from './config.js';
import { DemoFeed } from './demo/index.js';
import { startDemoRoom, type DemoRoom } from './demo/room.js';
import { readDeviceProfiles } from './devices/profiles.js';
import { DevicesDomain } from './devices/index.js';
import { driverByName } from './devices/drivers/index.js';
import { deviceRoutes } from './devices/routes.js';
import { Feeds, catalogEditRoutes, provenanceRoutes, type IngestFault } from './feeds/index.js';
import { installRouteAccess } from './http/access-hook.js';
import { installErrorHandling } from './http/errors.js';
import { installJsonBodyParser } from './http/json-body.js';
import { CONSOLE_SOCKET_BOUNDS, SOCKET_MAX_BUFFER_BYTES, WALL_SOCKET_BOUNDS, consoleAckError, guardNamespace, wallAckError } from './http/socket-guard.js';
import { OriginPolicy, installOriginPolicy, originRefusals, socketOriginCheck } from './http/origins.js';
import { installSecurityHeaders, installSocketHeaders } from './http/security-headers.js';
import { injectFetch, tlsServerFactory, type TlsMaterial } from './http/tls.js';
import { staticRoutes } from './http/static.js';
import { HealthMonitor, installHealthHooks } from './http/health-monitor.js';
import { systemRoutes } from './http/system-routes.js';
import { FloodGuard, resolveLimits, type LimitOverrides } from './limits/index.js';
import { createLogger, namedLogger, type Logger } from './logger.js';
import { MapFeedDomain, mapFeedRoutes, registerMapFeedSockets } from './map-feed/index.js';
import { SearchDomain } from './search/index.js';
import { ReportsDomain, reportRoutes, type Clock as ReportsClock } from './reports/index.js';
import { SERVER_BUSY_WAIT_MS, Store, dataKeyNotForPostgres } from './store/index.js';
import { deviceExchangeRoute } from './wall/exchange-route.js';
import { shownIndicators } from './wall/routes.js';
import { WallDomain, attachWallPreviews, registerWallSocket, wallRendererRoutes, wallRoutes, type WallNamespace } from './wall/index.js';
import { LAST_GOOD_DIR, WallDevices, enrollDemoDisplays, wallDeviceRoutes, type DemoDisplay, type WallAuthMode } from './wall/index.js';
import { WarningsDomain, registerWarningSockets, warningRoutes } from './warnings/index.js';
import { Cluster } from './cluster/index.js';
import { clusterRoutes } from './cluster/routes.js';
import { serverNow } from './live/index.js';

export interface ServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** SERVER_NAME: this machine's name among the center's servers (the host name by default). */
  serverName?: string;
  /** The address to bind (default 127.0.0.1; `0.0.0.0` opens it to the network). */
  host?: string;
  /** HTTPS and WSS on `port`; plain HTTP on the same port then only redirects (http/tls.ts). */
  tls?: TlsMaterial | null;
  /** Origins besides the server's own that browsers may use it from (ALLOWED_ORIGINS). */
  allowedOrigins?: readonly string[];
  /** Every content server of the center (CLUSTER_URLS): told to clients for failover, allowed as origins. */
  clusterUrls?: readonly string[];
  dataDir: string;
  layoutsDir?: string;
  /** Start the demo feed (history and live readings through the ingest API). */
  demo?: boolean;
  /** Start emulated devices behind the loopback device profiles (default: as `demo`). */
  demoRoom?: boolean;
  logLevel?: string;
  /** A logger to use instead of a new one (tests pass a silent one). */
  logger?: Logger;
  /** Watch the layouts directory and reload on change (default true). */
  watchLayouts?: boolean;
  /** Build folders of the wall renderer and the console (default: the repository's). */
  wallDist?: string;
  consoleDist?: string;
  /** Fault injection for the atomicity test only (IOC_FAULT): see IngestFault. */
  fault?: IngestFault;
  /** Submission tracking: its clock (tests move it by hand) and how often due times are checked (0: only when told). */
  reports?: { clock?: ReportsClock; tickMs?: number };
  /** `enrolled` (default): wall renderers need a device token (pairing); `open`: any page may join. */
  wallAuth?: WallAuthMode;
  /** Session lifetimes and clock (tests shorten them). */
  sessions?: Omit<SessionOptions, 'onRevoke'>;
  /** Flood limits over the defaults (limits/limits-config.ts; `RATE_LIMITS` in the environment). */
  limits?: LimitOverrides;
  /** DATA_KEY_FILE: the store is encrypted with this key (store/data-key.ts). */
  dataKeyFile?: string | null;
  /**
   * DATABASE_URL: the center's PostgreSQL, shared with its other servers (null or absent: the
   * embedded SQLite store in `dataDir`, which then holds only the audit key and local copies).
   */
  databaseUrl?: string | null;
  /** OIDC_*: single sign-on (auth/oidc/); null or absent: local accounts only. */
  oidc?: OidcSettings | null;
}

export interface RunningServer {
  /** Base URL for clients on this machine, e.g. `http://127.0.0.1:8080` (`https://` under TLS). */
  url: string;
  port: number;
  epoch: string;
  store: Store;
  /** This server among the center's servers (its id, the bus, peer clocks). */
  cluster: Cluster;
  keys: ApiKeys;
  users: Users;
  groups: Groups;
  sessions: Sessions;
  audit: Audit;
  feeds: Feeds;
  wall: WallDomain;
  devices: DevicesDomain;
  catalog: CommandCatalog;
  commands: CommandService;
  search: SearchDomain;
  /** Every HTTP route registered (method in lower case, path with `{param}`). */
  routes: ReadonlyArray<{ method: string; path: string }>;
  warnings: WarningsDomain;
  mapFeed: MapFeedDomain;
  reports: ReportsDomain;
  /** Rate limits and the tally of refused attempts (one audit row per source, action and minute). */
  guard: FloodGuard;
  tally: RefusalTally;
  demo: DemoFeed | null;
  /** The demo room's emulators (`demoRoom`), or null. */
  room: DemoRoom | null;
  /** In demo mode, the plaintext of the fresh `demo-console` operator key. */
  demoConsoleKey: string | null;
  /** Enrollment of wall renderers: pairing codes and device tokens. */
  wallDevices: WallDevices;
  /** In demo mode (enrolled walls), every display enrolled afresh with its token, for the printed URLs. */
  demoDisplays: DemoDisplay[];
  close(): Promise<void>;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(paths.packageDir, 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

/** Revokes the active key of that name (if any) and creates a fresh one; returns its plaintext. */
async function freshKey(keys: ApiKeys, audit: Audit, name: string, role: 'ingest' | 'operator', synthetic: boolean): Promise<string> {
  if (await keys.revoke(name)) await audit.write({ actor: 'demo', action: 'apikey.revoke', target: name, ok: true });
  const { key, record } = await keys.create(name, role, { synthetic });
  await audit.write({ actor: 'demo', action: 'apikey.create', target: name, detail: { role: record.role, synthetic }, ok: true });
  return key;
}

/** The store the options name: the center's PostgreSQL (DATABASE_URL) or SQLite in the data folder. */
async function openStore(options: ServerOptions, log: Logger): Promise<Store> {
  if (!options.databaseUrl) return Store.open(options.dataDir, { log, checkpointInWorker: true, dataKeyFile: options.dataKeyFile ?? null, busyWaitMs: SERVER_BUSY_WAIT_MS });
  // PostgreSQL encrypts nothing for us here: its disks and backups are the operator's (docs/deployment.md).
  if (options.dataKeyFile) throw dataKeyNotForPostgres();
  return Store.connect(options.databaseUrl, { log });
}

/**
 * Starts the content server: the store, the domains, HTTP routes and socket.io on the same
 * port. This is the one place where the domains are wired together.
 */
export async function createServer(options: ServerOptions): Promise<RunningServer> {
  const startedAt = Date.now();
  const log = options.logger ?? createLogger(options.logLevel ?? 'info');
  const store = await openStore(options, namedLogger(log, 'store'));
  const auditFiles = auditSettings(options.dataDir);
  const audit = new Audit(store.sql, { keyFile: auditFiles.keyFile });
  // One chain, one key: every server of a center shares the audit key file.
  if (store.engine === 'postgres') await audit.mustShareLatestKey().catch(async (err: unknown) => {
    await store.close();
    throw err;
  });
  // This server among the center's servers: alone on SQLite; on PostgreSQL, the bus to the others and their clocks.
  const cluster = await Cluster.start({ store, serverName: options.serverName ?? hostname(), peerUrls: options.clusterUrls ?? [], now: serverNow, log: namedLogger(log, 'cluster') });
  await audit.startAnchoring({ sinks: [new FileAnchorSink(auditFiles.anchorsFile)], every: auditFiles.anchorEvery, intervalMs: auditFiles.anchorMinutes * 60_000, onError: (err, sink) => log.error({ err, sink }, 'audit anchor not written') });
  // Revoked sessions, keys, users and device tokens cut their open sockets (auth/revocation.ts).
  const revocations = new Revocations(namedLogger(log, 'auth:revocation'));
  const revoked = () => revocations.notify();
  const keys = new ApiKeys(store.sql, { onRevoke: revoked });
  const tally = new RefusalTally(audit);
  const limits = resolveLimits(options.limits);
  // Data commits are placed between the wall renderers' frame starts (the wall domain is made below).
  // Several servers: committed batches and wall changes cross on the bus, at times moved onto each server's clock.
  const peers = cluster.several ? { bus: cluster.bus, toLocal: (t: number, origin: string) => cluster.clocks.toLocal(t, origin, cluster.serverId) } : null;
  const feeds = await Feeds.open({ store, audit, log, files: paths, fault: options.fault ?? null, alignCommit: (t: number): number => wall.placeCommit(t), peers });
  const known = {
    indicators: new Set(feeds.catalog.catalog.indicators.map((i) => i.id)),
    units: new Set(feeds.catalog.catalog.units.map((u) => u.code)),
  };
  const wall = new WallDomain({ layoutsDir: options.layoutsDir ?? paths.layoutsDir, sql: store.sql, log: namedLogger(log, 'wall:layouts'), known, startedAt, dataDir: options.dataDir, peers });
  // Alone, a restart ends a calibration left on (the wall shows its content); with several servers
  // one restarting ends nobody's: the others still show the pattern the technician put up.
  if (!peers) await wall.states.endCalibrations();
  const layoutsDir = options.layoutsDir ?? paths.layoutsDir;
  // Several servers: each device is driven by the one that holds its lease, among those that can reach it (devices/device-ownership.ts).
  const deviceCluster = peers ? { serverId: cluster.serverId, serverName: options.serverName ?? hostname(), sql: store.sql, bus: cluster.bus, log: namedLogger(log, 'devices:ownership') } : null;
  const devices = new DevicesDomain(join(layoutsDir, 'devices'), driverByName, namedLogger(log, 'devices'), { maxQueued: limits.deviceQueue.maxQueued }, deviceCluster);
  const currentUnits = () => feeds.catalog.catalog.units.filter((u) => u.validTo === null && (u.kind === 'province' || u.kind === 'city'));
  const catalog = new CommandCatalog({ layoutsDir, wall, devices, units: currentUnits, log: namedLogger(log, 'commands:catalog') });
  const health = new HealthMonitor({ store, audit, log: namedLogger(log, 'health') });
  // A store or disk failure met by a command or a socket event marks /healthz as an HTTP request's does.
  const noteFailure = (err: unknown, what: string) => health.noteError(err, what);
  const commands = new CommandService({ sql: store.sql, catalog, wall, devices, audit, logger: namedLogger(log, 'commands'), units: known.units, failures: noteFailure, servers: { self: cluster.serverId, alive: (id) => cluster.alive(id), several: cluster.several } });
  await commands.start();
  const users = new Users(store.sql, { onChange: revoked });
  const groups = new Groups(store.sql, { onChange: revoked });
  const sessions = new Sessions(store.sql, { ...options.sessions, onRevoke: revoked });
  // Who a token stands for: a signed-in user's session, or an API key. The one question every
  // route and socket asks; an OIDC provider will add users through Users.upsertExternal.
  const auth: ConsoleAuth = { resolve: (token) => resolvePrincipal(token, { keys, sessions }) };
  const guard = new FloodGuard(limits, { tally, resolve: auth.resolve });

  let url = '';
  const tls = options.tls ?? null;
  const host = options.host ?? '127.0.0.1';
  let port = options.port;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const app = Fastify({
    loggerInstance: namedLogger(log, 'http') as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    ...(tls && { serverFactory: tlsServerFactory(tls, () => `${shownHost}:${port}`) }),
  });
  health.watchFolder('data', options.dataDir);
  // Edges first: every body is bounded before parsing, every failure answered and audited.
  installErrorHandling(app, namedLogger(log, 'http'), { audit, resolve: auth.resolve, tally });
  const peerUrls = options.clusterUrls ?? [];
  installSecurityHeaders(app, { tls: tls !== null, peers: peerUrls });
  const origins = new OriginPolicy({ scheme: tls ? 'https' : 'http', port: () => port, allowed: [...(options.allowedOrigins ?? []), ...peerUrls], names: tls?.names ?? [] });
  const originRefused = originRefusals(tally);
  installOriginPolicy(app, origins, originRefused);
  installJsonBodyParser(app);
  guard.http(app);
  installHealthHooks(app, health);
  // Before any route: each is given its declared access as it is registered (none: no start).
  installRouteAccess(app, { resolve: auth.resolve, unitOf: async (p) => (p.kind === 'user' ? ((await users.findById(p.id))?.unit ?? null) : null), device: (token) => wallDevices.tokens.verify(token), openWalls: () => wallDevices.mode === 'open', audit, tally });
  // Every route as OpenAPI writes it (`/api/v1/units/{code}/keys`), to keep the document whole.
  const routes: Array<{ method: string; path: string }> = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') routes.push({ method: method.toLowerCase(), path: r.url.replace(/:([A-Za-z]+)/g, '{$1}') });
  });
  await clusterRoutes(app, { cluster, now: serverNow });
  await systemRoutes(app, { store, version: packageVersion(), startedAt, health, audit, resolve: auth.resolve });
  await feeds.routes(app, { keys, store, sessionUser: async (token) => (await sessions.verify(token))?.user ?? null });
  await wallRoutes(app, wall);
  await wallRendererRoutes(app, { wall, resolve: auth.resolve });
  const wallDevices = new WallDevices({ sql: store.sql, mode: options.wallAuth ?? 'enrolled', walls: wall.layouts, log: namedLogger(log, 'wall:devices'), codeLimits: limits.pairingCodes, peers: peers && { ...peers, presence: wall.presence } });
  await wallDeviceRoutes(app, { devices: wallDevices, audit, resolve: auth.resolve });
  await deviceExchangeRoute(app, { codes: wallDevices.enrollCodes, audit, log: namedLogger(log, 'wall:devices') });
  await deviceRoutes(app, devices);
  await authRoutes(app, { users, sessions, keys, audit, tally });
  // The callback URL defaults to this server's own (known once it listens).
  const sso = options.oidc ? new OidcSignIn(options.oidc, () => options.oidc?.redirectUri ?? `${url}${OIDC_CALLBACK_PATH}`, new OneTimeCodes(store.sql), groups) : null;
  await oidcRoutes(app, { sso, users, groups, sessions, audit, tally });
  await userRoutes(app, { users, groups, sessions, audit, resolve: auth.resolve, knownUnit: (code) => feeds.catalog.vintages(code).length > 0, ...(options.oidc && { groupGrants: options.oidc.roleMap }) });
  await groupRoutes(app, { groups, users, audit, resolve: auth.resolve });
  await commandRoutes(app, { auth, catalog, commands, audit });
  await catalogEditRoutes(app, { resolve: auth.resolve, catalog: feeds.catalog, edits: feeds.edits, audit, onAdded: (id) => known.indicators.add(id) });
  await provenanceRoutes(app, { resolve: auth.resolve, catalog: feeds.catalog, unitKeys: feeds.unitKeys, store, audit });
  const search = new SearchDomain({ catalog: feeds.catalog.catalog, wall, commands: catalog, devices });
  await search.routes(app);
  const reports = new ReportsDomain({ store, audit, feeds, log: namedLogger(log, 'reports'), reportSetsFile: join(paths.catalogDir, 'report-sets.json'), notificationsFile: join(layoutsDir, 'notifications.json'), ...(options.reports?.clock && { clock: options.reports.clock }), ...(options.reports?.tickMs !== undefined && { tickMs: options.reports.tickMs }), lease: cluster.several ? { owner: cluster.serverId } : null });
  await reportRoutes(app, { resolve: auth.resolve, reports, audit });
  const analytics = new AnalyticsDomain({ catalogDir: paths.catalogDir, catalog: feeds.catalog, store, audit, resolve: auth.resolve });
  await analytics.routes(app);
  // Forecasts are cached per series until a batch changes its indicator.
  await new ForecastDomain({ catalog: feeds.catalog, store, ingest: feeds.ingest }).routes(app, () => shownIndicators(wall.layouts.scenes()));
  await staticRoutes(
    app,
    [
      { prefix: '/wall/', dir: options.wallDist ?? paths.wallDist, label: 'wall renderer' },
      { prefix: '/console/', dir: options.consoleDist ?? paths.consoleDist, label: 'control console' },
    ],
    '/console/',
  );

  // Browsers connect from the server's own pages (the Electron kiosk loads them from the
  // server too) or ALLOWED_ORIGINS; clients without an Origin (Node, devices) need their token.
  const io = new SocketServer(app.server, {
    serveClient: false,
    maxHttpBufferSize: SOCKET_MAX_BUFFER_BYTES,
    // A server whose machine dies sends no reset: clients notice the missing ping within 7 s (protocol).
    pingInterval: SOCKET_HEARTBEAT.pingIntervalMs,
    pingTimeout: SOCKET_HEARTBEAT.pingTimeoutMs,
    cors: { origin: (origin, cb) => cb(null, origin !== undefined && origins.allows(origin)) },
    allowRequest: socketOriginCheck(origins, originRefused, namedLogger(log, 'http:origins')),
  });
  installSocketHeaders(io, { tls: tls !== null, peers: peerUrls });
  const wallNs = io.of(WALL_NAMESPACE) as unknown as WallNamespace;
  const consoleNs = io.of(CONSOLE_NAMESPACE) as unknown as ConsoleNamespace;
  // First, so that a flooding socket is refused before any handler parses its payload.
  guard.sockets(wallNs);
  guard.sockets(consoleNs);
  // Then the edges: they see every event before the handlers and wrap the handlers registered after them.
  const edgeLog = namedLogger(log, 'http:sockets');
  guardNamespace(io.of(WALL_NAMESPACE), { events: WALL_CLIENT_EVENTS, bounds: WALL_SOCKET_BOUNDS, ackError: wallAckError, audit, tally, log: edgeLog, failures: noteFailure });
  guardNamespace(io.of(CONSOLE_NAMESPACE), { events: CONSOLE_CLIENT_EVENTS, bounds: CONSOLE_SOCKET_BOUNDS, ackError: consoleAckError, audit, tally, log: edgeLog, failures: noteFailure });
  // Then the declared access of every client event (protocol/src/access.ts), before the handlers.
  wallNs.on('connection', (socket) => guardWallSocket(socket, { open: () => wallDevices.mode === 'open', log: namedLogger(log, 'wall:socket') }));
  consoleNs.on('connection', (socket) => guardConsoleSocket(socket, { audit, tally, log: namedLogger(log, 'commands:console') }));
  wall.start(wallNs, { watch: options.watchLayouts ?? true });
  const room = (options.demoRoom ?? options.demo)
    ? await startDemoRoom(readDeviceProfiles(join(layoutsDir, 'devices'), driverByName).profiles, { dataDir: options.dataDir, log: namedLogger(log, 'demo:room') })
    : null;
  // Folders the server writes into at run time: /healthz is degraded while one is gone.
  health.watchFolder('layouts-copies', join(options.dataDir, LAST_GOOD_DIR));
  if (room) health.watchFolder('demo-room', join(options.dataDir, 'demo-room'));
  devices.start(room?.transports);
  catalog.load();
  await reports.start();
  // Previews first: a page that presents both a device token and a preview is refused as a preview.
  attachWallPreviews(wallNs, { standing: (token) => standingOf(token, { keys, sessions }), revocations, log: namedLogger(log, 'wall:preview'), ...(options.sessions?.now && { now: options.sessions.now }) });
  wallDevices.attach(wallNs);
  registerWallSocket(wallNs, { wall, hub: feeds.live.hub, topicProblem: (t) => feeds.topicProblem(t), log: namedLogger(log, 'wall:socket'), devices: wallDevices, shownIndicators: () => shownIndicators(wall.layouts.scenes()), servers: peerUrls });
  registerConsoleSocket(consoleNs, { auth, wall, devices, catalog, commands, log: namedLogger(log, 'commands:console'), servers: peerUrls });
  guardConsoleSockets(consoleNs, { standing: (token) => standingOf(token, { keys, sessions }), revocations, catalog, log: namedLogger(log, 'commands:console'), ...(options.sessions?.now && { now: options.sessions.now }) });
  // Nobody waits on the sweep: it disconnects by itself; a store that cannot answer is logged.
  revocations.on(({ changed }) => {
    if (changed) void wallDevices.disconnectRevoked().catch((err: unknown) => log.warn({ err }, 'cannot check for revoked devices now'));
  });
  if (store.engine === 'sqlite') revocations.watch(store.db);
  else revocations.watchBus(cluster.bus);
  // Warnings: after the wall and console handlers (a wall's snapshot follows its successful join).
  const warnings = new WarningsDomain({ store, catalog: feeds.catalog, audit, currentProvinces: () => feeds.currentProvinces(), log: namedLogger(log, 'warnings'), bus: peers?.bus ?? null });
  await warningRoutes(app, { resolve: auth.resolve, warnings });
  registerWarningSockets(wallNs, consoleNs, { warnings, auth, wall });
  // The map's incidents and flows: only what sources post (the demo is one of them).
  const mapFeed = new MapFeedDomain({ store, audit, provinces: () => feeds.currentProvinces().codes, log: namedLogger(log, 'map-feed'), bus: peers?.bus ?? null });
  await mapFeedRoutes(app, { keys, feed: mapFeed });
  registerMapFeedSockets(wallNs, mapFeed, wall);
  // Awaited by ingest: the warnings a batch raises are there when its sender hears 200.
  feeds.ingest.onCommitted((batch) => warnings.onBatch(batch));
  await warnings.evaluateAll();

  await app.listen({ port: options.port, host });
  const address = app.server.address();
  port = typeof address === 'object' && address ? address.port : options.port;
  url = `${tls ? 'https' : 'http'}://${shownHost}:${port}`;

  let demo: DemoFeed | null = null;
  let demoConsoleKey: string | null = null;
  let demoDisplays: DemoDisplay[] = [];
  if (options.demo) {
    demoConsoleKey = await freshKey(keys, audit, 'demo-console', 'operator', false);
    if (wallDevices.mode === 'enrolled') demoDisplays = await enrollDemoDisplays(wallDevices, wall.layouts.walls(), audit);
    const demoKey = await freshKey(keys, audit, 'demo-feed', 'ingest', true);
    // Under TLS the demo posts through Fastify's inject: the same routes, no certificate to trust.
    demo = new DemoFeed({ baseUrl: url, key: demoKey, catalog: feeds.catalog, store, log: namedLogger(log, 'demo'), ...(tls && { fetch: injectFetch(app) }) });
    demo.start();
  }

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      revocations.close();
      await demo?.stop();
      await reports.stop();
      await devices.stop();
      // The commands the stop cut off write their results now, not into a closed store.
      await commands.settle();
      await room?.close();
      wall.close();
      commands.stop();
      feeds.live.close();
      await cluster.close();
      wallDevices.close();
      // socket.io first (its sockets are upgraded connections the HTTP server no longer
      // tracks), then Fastify, which closes the HTTP server itself.
      io.disconnectSockets(true);
      io.engine.close();
      await app.close();
      // The refusals counted in the last minute are written before the store closes.
      await tally.close();
      // The last anchor vouches for every entry written until the very end.
      await audit.close();
      await store.close();
    })());

  return { url, port, epoch: feeds.live.hub.epoch, store, cluster, keys, users, groups, sessions, audit, feeds, wall, devices, catalog, commands, search, routes, warnings, mapFeed, reports, guard, tally, demo, room, demoConsoleKey, wallDevices, demoDisplays, close };
}
