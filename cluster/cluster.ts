// The whole highly-available center on one machine: etcd (3 members), PostgreSQL 15 under Patroni
// (3 nodes, synchronous replication), and N content servers, all on free loopback ports, detached
// so that they outlive `up`. `<dir>/cluster.json` (mode 600: it holds the passwords) records every
// pid and port so that `down` works from another process.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import postgres from 'postgres';
import { planEtcd, startEtcdMember, waitEtcdHealthy, type EtcdMember } from './etcd.js';
import { APP_DATABASE, APP_USER, clusterMembers, planNodes, postgresPid, startPatroni, waitClusterHealthy, writeNode, type PgNode, type Secrets } from './patroni.js';
import { isOurs, logTail } from './procs.js';
import { planServers, startServer, waitServerReady, type ContentServer } from './servers.js';
import { anyAlive, serverUser, stopAll, type Component } from './stop.js';

export { down } from './stop.js';
export type { Component } from './stop.js';

export interface ClusterState {
  dir: string;
  startedAt: string;
  etcdToken: string;
  secrets: Secrets;
  databaseUrl: string;
  /** The same hosts as the postgres superuser, for administration (creating the app database, tests). */
  superuserUrl: string;
  etcd: EtcdMember[];
  nodes: PgNode[];
  servers: ContentServer[];
}

/** What `cluster up` prints: one JSON line. */
export interface UpResult {
  servers: Array<{ url: string; pid: number }>;
  databaseUrl: string;
  components: Component[];
}

export const STATE_FILE = 'cluster.json';
const ETCD_MEMBERS = 3;
const PG_NODES = 3;

export function readState(dir: string): ClusterState | null {
  const file = join(resolve(dir), STATE_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ClusterState) : null;
}

function writeState(state: ClusterState): void {
  writeFileSync(join(state.dir, STATE_FILE), JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
}

const password = () => randomBytes(18).toString('base64url');

/**
 * The multi-host URL: the client tries each host and keeps the primary. `primary`, not
 * `read-write`: postgres.js 4.2 judges `read-write` by `default_transaction_read_only` alone,
 * which is `off` on a hot standby too, so it would keep the first standby it reaches (libpq also
 * checks `in_hot_standby`). libpq (psql, pg_dump) reads `primary` the same way.
 */
export function multiHostUrl(user: string, pass: string, ports: number[], database: string): string {
  const hosts = ports.map((p) => `127.0.0.1:${p}`).join(',');
  return `postgres://${user}:${encodeURIComponent(pass)}@${hosts}/${database}?target_session_attrs=primary`;
}

/** Every component with its current pid and role (postgres pids and roles change with failovers). */
export async function components(state: ClusterState): Promise<Component[]> {
  const members = (await clusterMembers(state.nodes)) ?? [];
  const role = (name: string) => members.find((m) => m.name === name)?.role ?? 'unknown';
  const list: Component[] = state.etcd.map((m) => ({ name: m.name, kind: 'etcd', pid: m.pid, role: 'member', port: m.clientPort, marker: m.dataDir, log: m.log }));
  for (const n of state.nodes) {
    list.push({ name: `patroni-${n.name}`, kind: 'patroni', pid: n.patroniPid, role: role(n.name), port: n.restPort, marker: n.dir, log: n.log });
    const pid = postgresPid(n);
    if (pid !== null) list.push({ name: n.name, kind: 'postgres', pid, role: role(n.name) === 'leader' ? 'primary' : role(n.name), port: n.pgPort, marker: n.dir, log: n.log });
  }
  for (const s of state.servers) list.push({ name: s.name, kind: 'content-server', pid: s.pid, role: 'server', port: s.port, marker: s.dataDir, log: s.log });
  return list;
}

export interface UpOptions {
  dir: string;
  servers?: number;
  /** Progress lines (the CLI writes them to stderr). */
  progress?: (line: string) => void;
  /** Deadline of each phase; a loaded machine needs minutes for three initdb/basebackups. */
  phaseTimeoutMs?: number;
}

/** Starts the cluster and resolves when every component is ready; a failure stops what it started. */
export async function up(opts: UpOptions): Promise<{ state: ClusterState; result: UpResult }> {
  const dir = resolve(opts.dir);
  const say = opts.progress ?? (() => undefined);
  const timeout = opts.phaseTimeoutMs ?? 180_000;
  refuseIfUsed(dir);
  mkdirSync(dir, { recursive: true });
  const runAs = serverUser();
  if (runAs && spawnSync('test', ['-x', dir], runAs).status !== 0) {
    throw new Error(`the postgres user (which PostgreSQL runs as) cannot enter ${dir}: make it and every folder above it searchable (chmod o+x), or choose another --dir`);
  }
  const taken = new Set<number>();
  const secrets: Secrets = { superuser: password(), replication: password(), app: password() };
  const etcdPlan = await planEtcd(dir, ETCD_MEMBERS, taken);
  const nodePlan = await planNodes(dir, PG_NODES, taken);
  const serverPlan = await planServers(dir, opts.servers ?? 2, taken);
  const pgPorts = nodePlan.map((n) => n.pgPort);
  const state: ClusterState = {
    dir,
    startedAt: new Date().toISOString(),
    etcdToken: `ioc-${randomBytes(6).toString('hex')}`,
    secrets,
    databaseUrl: multiHostUrl(APP_USER, secrets.app, pgPorts, APP_DATABASE),
    superuserUrl: multiHostUrl('postgres', secrets.superuser, pgPorts, 'postgres'),
    etcd: [],
    nodes: [],
    servers: [],
  };
  writeState(state);
  try {
    say(`etcd: starting ${ETCD_MEMBERS} members`);
    for (const m of etcdPlan) state.etcd.push(startEtcdMember(m, etcdPlan, state.etcdToken, dir));
    writeState(state);
    await watched(state, () => waitEtcdHealthy(state.etcd, timeout), 'etcd', state.etcd[0]?.log);

    say(`patroni: starting ${PG_NODES} PostgreSQL nodes (bootstrap, then replicas cloned from the leader)`);
    for (const n of nodePlan) writeNode(n, state.etcd.map((m) => m.clientPort), secrets, runAs);
    for (const n of nodePlan) state.nodes.push(startPatroni(n, runAs));
    writeState(state);
    const { leader, sync } = await watched(state, () => waitClusterHealthy(state.nodes, timeout), 'patroni', state.nodes[0]?.log);
    say(`patroni: ${leader.name} is primary, ${sync.name} its synchronous standby`);
    await createAppDatabase(state).catch((err: unknown) => {
      throw new Error(`postgres: creating the application database failed: ${(err as Error).message}\n${logTail(state.nodes.find((n) => n.name === leader.name)?.log ?? '')}`);
    });

    say(`content servers: starting ${serverPlan.length}`);
    const clusterUrls = serverPlan.map((s) => s.url);
    for (const s of serverPlan) state.servers.push(startServer(s, state.databaseUrl, { clusterUrls, ...(s !== serverPlan[0] && { keyFrom: serverPlan[0]!.dataDir }) }));
    writeState(state);
    for (const s of state.servers) await watched(state, () => waitServerReady(s, timeout), s.name, s.log);
  } catch (err) {
    say(`start failed; stopping what was started`);
    await stopAll(state, say);
    throw err;
  }
  const list = await components(state);
  return {
    state,
    result: {
      servers: state.servers.map((s) => ({ url: s.url, pid: s.pid })),
      databaseUrl: state.databaseUrl,
      components: list.map(({ name, kind, pid, role }) => ({ name, kind, pid, role })),
    },
  };
}

function refuseIfUsed(dir: string): void {
  const state = existsSync(dir) ? readState(dir) : null;
  if (state) {
    if (anyAlive(state)) throw new Error(`a cluster is already running in ${dir} (started ${state.startedAt}); stop it first with: npm run cluster -- down --dir ${dir}`);
  }
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new Error(`${dir} is not empty (a stopped or failed cluster, or other files): up starts a new cluster only in an empty or new folder; remove it or choose another --dir`);
  }
}

/**
 * Runs a wait while watching every started process: one that dies during the start fails it at
 * once, naming the process and its log, instead of waiting out the deadline.
 */
async function watched<T>(state: ClusterState, wait: () => Promise<T>, what: string, log: string | undefined): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const died = new Promise<never>((_, reject) => {
    timer = setInterval(() => {
      const dead = deadComponent(state);
      if (dead) reject(new Error(`${dead.name} (${dead.kind}, pid ${dead.pid}) exited during the start\n${logTail(dead.log)}`));
    }, 250);
  });
  try {
    return await Promise.race([wait(), died]);
  } catch (err) {
    const message = (err as Error).message;
    throw new Error(message.includes('--- last lines of') || !log ? `${what}: ${message}` : `${what}: ${message}\n${logTail(log)}`);
  } finally {
    clearInterval(timer);
  }
}

function deadComponent(state: ClusterState): { name: string; kind: string; pid: number; log: string } | null {
  for (const m of state.etcd) if (!isOurs(m.pid, m.dataDir)) return { name: m.name, kind: 'etcd', pid: m.pid, log: m.log };
  for (const n of state.nodes) if (!isOurs(n.patroniPid, n.dir)) return { name: `patroni-${n.name}`, kind: 'patroni', pid: n.patroniPid, log: n.log };
  for (const s of state.servers) if (!isOurs(s.pid, s.dataDir)) return { name: s.name, kind: 'content-server', pid: s.pid, log: s.log };
  return null;
}

/** The application's database, owned by the application's role (Patroni created the role). */
async function createAppDatabase(state: ClusterState): Promise<void> {
  const sql = postgres(state.superuserUrl, { max: 1, connect_timeout: 10, onnotice: () => undefined });
  try {
    const [row] = await sql`select 1 as found from pg_database where datname = ${APP_DATABASE}`;
    if (!row) await sql.unsafe(`CREATE DATABASE ${APP_DATABASE} OWNER ${APP_USER}`);
  } finally {
    await sql.end();
  }
  // The servers' own URL must work: password, pg_hba and routing to the primary in one check.
  const app = postgres(state.databaseUrl, { max: 1, connect_timeout: 10 });
  try {
    await app`select 1`;
  } finally {
    await app.end();
  }
}
