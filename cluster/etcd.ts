// The DCS of Patroni: an etcd 3.4 cluster (Debian's etcd-server) of N members on loopback, so that
// losing one member of three leaves a quorum. Plain HTTP on loopback here; docs/deployment.md says
// which certificates the same members use across machines.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, getJson, spawnDetached, waitFor } from './procs.js';

export interface EtcdMember {
  name: string;
  clientPort: number;
  peerPort: number;
  /** `<dir>/etcd/<name>`: its data folder; it also marks the process as ours. */
  dataDir: string;
  log: string;
  pid: number;
}

/** Plans N members (names, ports, folders) without starting them. */
export async function planEtcd(dir: string, count: number, taken: Set<number>): Promise<Omit<EtcdMember, 'pid'>[]> {
  const members: Omit<EtcdMember, 'pid'>[] = [];
  for (let i = 1; i <= count; i++) {
    const name = `etcd${i}`;
    members.push({ name, clientPort: await freePort(taken), peerPort: await freePort(taken), dataDir: join(dir, 'etcd', name), log: join(dir, 'etcd', `${name}.log`) });
  }
  return members;
}

function args(m: Omit<EtcdMember, 'pid'>, all: Omit<EtcdMember, 'pid'>[], token: string): string[] {
  const initialCluster = all.map((o) => `${o.name}=http://127.0.0.1:${o.peerPort}`).join(',');
  return [
    '--name', m.name,
    '--data-dir', m.dataDir,
    '--listen-client-urls', `http://127.0.0.1:${m.clientPort}`,
    '--advertise-client-urls', `http://127.0.0.1:${m.clientPort}`,
    '--listen-peer-urls', `http://127.0.0.1:${m.peerPort}`,
    '--initial-advertise-peer-urls', `http://127.0.0.1:${m.peerPort}`,
    '--initial-cluster', initialCluster,
    '--initial-cluster-state', 'new',
    '--initial-cluster-token', token,
    '--logger', 'zap',
  ];
}

/** Starts one planned member (a restart reuses its data folder: `--initial-cluster-state` is then ignored). */
export function startEtcdMember(m: Omit<EtcdMember, 'pid'>, all: Omit<EtcdMember, 'pid'>[], token: string, cwd: string): EtcdMember {
  mkdirSync(join(m.dataDir, '..'), { recursive: true });
  const pid = spawnDetached('etcd', args(m, all, token), { log: m.log, cwd });
  return { ...m, pid };
}

/** `GET /health`: true when the member answers and its cluster has a leader (a quorum). */
export async function etcdHealthy(m: Pick<EtcdMember, 'clientPort'>): Promise<boolean> {
  const r = await getJson(`http://127.0.0.1:${m.clientPort}/health`);
  return r !== null && r.status === 200 && (r.body as { health?: string }).health === 'true';
}

/** Resolves when every listed member reports a healthy cluster. */
export async function waitEtcdHealthy(members: Pick<EtcdMember, 'clientPort' | 'name'>[], timeoutMs: number): Promise<void> {
  for (const m of members) await waitFor(`etcd member ${m.name} (port ${m.clientPort}) to report a healthy cluster`, () => etcdHealthy(m), timeoutMs);
}
