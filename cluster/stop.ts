// Stopping the cluster, from the process that started it (a failed `up`) or from any other
// (`down`): servers first (they hold database sessions), then Patroni (each stops its postgres
// cleanly), then any postgres left without its Patroni, then etcd, which Patroni needed to stop.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { EtcdMember } from './etcd.js';
import { postgresPid, type PgNode } from './patroni.js';
import { isOurs, stopProcess } from './procs.js';
import type { ContentServer } from './servers.js';

export interface Component {
  name: string;
  kind: 'postgres' | 'etcd' | 'patroni' | 'content-server';
  pid: number;
  role: string;
  port?: number;
  /** What identifies the process as this cluster's (a folder in its command line or environment). */
  marker?: string;
  log?: string;
}

interface Stoppable {
  dir: string;
  etcd: EtcdMember[];
  nodes: PgNode[];
  servers: ContentServer[];
}

export interface Stopped {
  name: string;
  kind: Component['kind'];
  pid: number;
}

/** Stops every process of the cluster that still runs; returns those it stopped. */
export async function stopAll(state: Stoppable, say: (line: string) => void = () => undefined): Promise<Stopped[]> {
  const stopped: Stopped[] = [];
  const stop = async (name: string, kind: Component['kind'], pid: number, marker: string, sig: NodeJS.Signals, graceMs: number) => {
    if (await stopProcess(pid, marker, sig, graceMs)) {
      stopped.push({ name, kind, pid });
      say(`stopped ${kind} ${name} (pid ${pid})`);
    }
  };
  await Promise.all(state.servers.map((s) => stop(s.name, 'content-server', s.pid, s.dataDir, 'SIGTERM', 10_000)));
  // Patroni's SIGTERM stops its postgres (fast shutdown) before it exits.
  await Promise.all(
    state.nodes.map(async (n) => {
      const pg = postgresPid(n);
      const running = pg !== null && isOurs(pg, n.dir);
      await stop(`patroni-${n.name}`, 'patroni', n.patroniPid, n.dir, 'SIGTERM', 30_000);
      if (running && !isOurs(pg, n.dir)) {
        stopped.push({ name: n.name, kind: 'postgres', pid: pg });
        say(`stopped postgres ${n.name} (pid ${pg}, by its Patroni)`);
      }
    }),
  );
  await Promise.all(
    state.nodes.map((n) => {
      const pid = postgresPid(n);
      return pid === null ? undefined : stop(n.name, 'postgres', pid, n.dir, 'SIGINT', 15_000);
    }),
  );
  await Promise.all(state.etcd.map((m) => stop(m.name, 'etcd', m.pid, m.dataDir, 'SIGTERM', 10_000)));
  return stopped;
}

/** `cluster down`: stops what `up` started in `dir` and records when. */
export async function down(dir: string, say: (line: string) => void = () => undefined): Promise<Stopped[]> {
  const file = join(resolve(dir), 'cluster.json');
  if (!existsSync(file)) throw new Error(`no cluster in ${resolve(dir)}: there is no cluster.json (was it started with npm run cluster -- up --dir ${dir}?)`);
  const state = JSON.parse(readFileSync(file, 'utf8')) as Stoppable & { stoppedAt?: string };
  const stopped = await stopAll(state, say);
  writeFileSync(file, JSON.stringify({ ...state, stoppedAt: new Date().toISOString() }, null, 2) + '\n', { mode: 0o600 });
  return stopped;
}

/** Whether any process of the cluster still runs. */
export function anyAlive(state: Stoppable): boolean {
  return (
    state.servers.some((s) => isOurs(s.pid, s.dataDir)) ||
    state.nodes.some((n) => isOurs(n.patroniPid, n.dir) || (postgresPid(n) !== null && isOurs(postgresPid(n)!, n.dir))) ||
    state.etcd.some((m) => isOurs(m.pid, m.dataDir))
  );
}

/** PostgreSQL refuses to run as root: as root, Patroni and its postgres run as the `postgres` user. */
export function serverUser(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) throw new Error('running as root and there is no `postgres` user to run PostgreSQL as (it comes with the Debian package `postgresql`)');
  return { uid: Number(uid), gid: Number(gid) };
}
