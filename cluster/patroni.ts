// PostgreSQL 15 nodes managed by Patroni 3.0 (Debian) with etcd as the DCS. One node = one
// Patroni process, which starts, stops, promotes and rewinds its own postgres.
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, getJson, spawnDetached, waitFor, type RunAs } from './procs.js';

export interface PgNode {
  name: string;
  pgPort: number;
  restPort: number;
  /** `<dir>/<name>`: config, logs, data; it also marks the node's processes as ours. */
  dir: string;
  log: string;
  patroniPid: number;
}

export interface Secrets {
  superuser: string;
  replication: string;
  app: string;
}

export const SCOPE = 'ioc';
export const APP_USER = 'ioc';
export const APP_DATABASE = 'ioc';
export const REPLICATION_USER = 'replicator';

/**
 * Failover timing (see docs/deployment.md). A crashed postgres under a living Patroni fails over
 * within about loop_wait (`master_start_timeout: 0` hands the leader key to the sync standby at
 * once instead of restarting in place); a dead node is noticed only when its leader key expires
 * after `ttl`. Patroni's documented floor is ttl 20 and loop_wait 1, with
 * loop_wait + 2 * retry_timeout <= ttl so that one slow DCS call cannot cost the leader key.
 * retry_timeout is as high as that allows: Patroni gives each etcd request retry_timeout / 3
 * (members) before it switches to another member, and with 5 (1.7 s per request) a loaded
 * machine's slow etcd answer made the crashed primary's Patroni switch members, lose track of its
 * lease and take the leader key back: 6-10 s of restart in place instead of a failover.
 */
export const TIMING = { ttl: 20, loop_wait: 1, retry_timeout: 9, master_start_timeout: 0 } as const;

export const PG_BIN_DIR = process.env.PG_BINDIR ?? '/usr/lib/postgresql/15/bin';

export function dataDir(node: Pick<PgNode, 'dir'>): string {
  return join(node.dir, 'data');
}

/** The node's Patroni configuration. YAML is a superset of JSON, so JSON is written. */
export function patroniConfig(node: Omit<PgNode, 'patroniPid' | 'log'>, etcdClientPorts: number[], secrets: Secrets): object {
  const loopback = '127.0.0.1/32';
  return {
    scope: SCOPE,
    name: node.name,
    log: { level: 'INFO' },
    restapi: { listen: `127.0.0.1:${node.restPort}`, connect_address: `127.0.0.1:${node.restPort}` },
    etcd3: { hosts: etcdClientPorts.map((p) => `127.0.0.1:${p}`) },
    bootstrap: {
      dcs: {
        ...TIMING,
        maximum_lag_on_failover: 1048576,
        synchronous_mode: true,
        // No commit is acknowledged with a single copy: with both standbys gone, writes wait.
        synchronous_mode_strict: true,
        synchronous_node_count: 1,
        postgresql: {
          use_pg_rewind: true,
          remove_data_directory_on_rewind_failure: true,
          remove_data_directory_on_diverged_timelines: true,
          parameters: {
            wal_level: 'replica',
            hot_standby: 'on',
            max_wal_senders: 10,
            max_replication_slots: 10,
            max_connections: 100,
            shared_buffers: '32MB',
            password_encryption: 'scram-sha-256',
            synchronous_commit: 'on',
            // After a failover, strict mode holds commits until a standby streams from the new
            // primary; a standby retries a failed connection (its slot not made yet) only after
            // this interval, 5 s by default: that default was most of the write outage.
            wal_retrieve_retry_interval: '500ms',
          },
        },
      },
      // pg_rewind of a crashed primary needs data checksums (or wal_log_hints).
      initdb: [{ encoding: 'UTF8' }, 'no-locale', 'data-checksums'],
      users: { [APP_USER]: { password: secrets.app, options: ['login'] } },
    },
    postgresql: {
      listen: `127.0.0.1:${node.pgPort}`,
      connect_address: `127.0.0.1:${node.pgPort}`,
      data_dir: dataDir(node),
      bin_dir: PG_BIN_DIR,
      pgpass: join(node.dir, 'pgpass'),
      authentication: {
        superuser: { username: 'postgres', password: secrets.superuser },
        replication: { username: REPLICATION_USER, password: secrets.replication },
      },
      parameters: { unix_socket_directories: node.dir },
      pg_hba: [
        `host replication ${REPLICATION_USER} ${loopback} scram-sha-256`,
        `host all all ${loopback} scram-sha-256`,
      ],
    },
    tags: { nofailover: false, noloadbalance: false, clonefrom: false, nosync: false },
  };
}

export async function planNodes(dir: string, count: number, taken: Set<number>): Promise<Omit<PgNode, 'patroniPid'>[]> {
  const nodes: Omit<PgNode, 'patroniPid'>[] = [];
  for (let i = 1; i <= count; i++) {
    const name = `pg${i}`;
    const nodeDir = join(dir, name);
    nodes.push({ name, pgPort: await freePort(taken), restPort: await freePort(taken), dir: nodeDir, log: join(nodeDir, 'patroni.log') });
  }
  return nodes;
}

/** Writes the node's folder and config (mode 600: it holds the passwords), owned by `runAs`. */
export function writeNode(node: Omit<PgNode, 'patroniPid'>, etcdClientPorts: number[], secrets: Secrets, runAs: RunAs | null): string {
  mkdirSync(node.dir, { recursive: true, mode: 0o700 });
  const yml = join(node.dir, 'patroni.yml');
  writeFileSync(yml, JSON.stringify(patroniConfig(node, etcdClientPorts, secrets), null, 2) + '\n', { mode: 0o600 });
  writeFileSync(node.log, '', { flag: 'a' });
  if (runAs) for (const f of [node.dir, yml, node.log]) chownSync(f, runAs.uid, runAs.gid);
  chmodSync(node.dir, 0o700);
  return yml;
}

/** Starts (or restarts) the node's Patroni, which brings its postgres up as primary or replica. */
export function startPatroni(node: Omit<PgNode, 'patroniPid'>, runAs: RunAs | null): PgNode {
  const yml = join(node.dir, 'patroni.yml');
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', HOME: node.dir };
  const patroniPid = spawnDetached('patroni', [yml], { log: node.log, cwd: node.dir, env, runAs });
  return { ...node, patroniPid };
}

/** The postmaster's pid from its pid file (null when postgres is not running or not yet started). */
export function postgresPid(node: Pick<PgNode, 'dir'>): number | null {
  const file = join(dataDir(node), 'postmaster.pid');
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

export interface MemberStatus {
  name: string;
  role: 'leader' | 'sync_standby' | 'replica' | string;
  state: string;
  host?: string;
  port?: number;
  timeline?: number;
  lag?: number | 'unknown';
}

/** Patroni's view of the cluster (`GET /cluster`) from the first node that answers. */
export async function clusterMembers(nodes: Pick<PgNode, 'restPort'>[]): Promise<MemberStatus[] | null> {
  for (const n of nodes) {
    const r = await getJson(`http://127.0.0.1:${n.restPort}/cluster`);
    if (r?.status === 200) return (r.body as { members: MemberStatus[] }).members;
  }
  return null;
}

/** The members when one leader runs, a sync standby streams from it and all `count` members run. */
export function healthy(members: MemberStatus[] | null, count: number): { leader: MemberStatus; sync: MemberStatus } | null {
  if (!members || members.length < count) return null;
  const leader = members.find((m) => m.role === 'leader' && m.state === 'running');
  const sync = members.find((m) => m.role === 'sync_standby' && (m.state === 'running' || m.state === 'streaming'));
  const allRunning = members.every((m) => m.state === 'running' || m.state === 'streaming');
  return leader && sync && allRunning ? { leader, sync } : null;
}

/**
 * Resolves when the cluster has a leader, a sync standby and every node running, unchanged for
 * `stableMs`: just after a failover the new leader hands the sync role over in two DCS writes, and
 * a leader that dies between them leaves no node allowed to take over (Patroni's rule that only the
 * recorded sync standby may be promoted).
 */
export async function waitClusterHealthy(nodes: Pick<PgNode, 'restPort'>[], timeoutMs: number, stableMs = 0): Promise<{ leader: MemberStatus; sync: MemberStatus; members: MemberStatus[] }> {
  let last: MemberStatus[] | null = null;
  let since = 0;
  let seen = '';
  try {
    return await waitFor('a leader, a sync standby and every PostgreSQL node running', async () => {
      last = await clusterMembers(nodes);
      const h = healthy(last, nodes.length);
      const key = h ? `${h.leader.name}/${h.sync.name}/${h.leader.timeline}` : '';
      if (key !== seen) [seen, since] = [key, Date.now()];
      return h && Date.now() - since >= stableMs && { ...h, members: last! };
    }, timeoutMs, 250);
  } catch (err) {
    const seen = last === null ? 'no Patroni REST API answered' : `Patroni reports ${JSON.stringify(last)}`;
    throw new Error(`${(err as Error).message}; ${seen}`);
  }
}

/** The current primary's node name, per Patroni (`GET /primary` answers 200 only on the leader). */
export async function currentPrimary(nodes: Pick<PgNode, 'restPort' | 'name'>[]): Promise<string | null> {
  for (const n of nodes) {
    const r = await getJson(`http://127.0.0.1:${n.restPort}/primary`);
    if (r?.status === 200) return n.name;
  }
  return null;
}
