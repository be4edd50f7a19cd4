// Faults for the failover test and bench: kill -9 a part of a running cluster (recorded in
// `<dir>/cluster.json`), and bring it back as an operator's supervisor (systemd) would.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readState, type ClusterState } from './cluster.js';
import { startEtcdMember, waitEtcdHealthy } from './etcd.js';
import { currentPrimary, postgresPid, startPatroni, waitClusterHealthy, type MemberStatus } from './patroni.js';
import { isOurs, signal, waitFor } from './procs.js';
import { startServer, waitServerReady } from './servers.js';
import { serverUser } from './stop.js';

function load(dir: string): ClusterState {
  const state = readState(dir);
  if (!state) throw new Error(`no cluster in ${dir}`);
  return state;
}

function save(state: ClusterState): void {
  writeFileSync(join(state.dir, 'cluster.json'), JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });
}

export async function primaryNode(dir: string): Promise<ClusterState['nodes'][number]> {
  const state = load(dir);
  const name = await waitFor('Patroni to name a primary', () => currentPrimary(state.nodes), 60_000, 200);
  return state.nodes.find((n) => n.name === name)!;
}

/** kill -9 of the primary's postmaster only; its Patroni lives on. Returns the node and the kill's time. */
export async function killPrimaryPostgres(dir: string): Promise<{ node: string; pid: number; at: number }> {
  const node = await primaryNode(dir);
  const pid = postgresPid(node);
  if (pid === null || !isOurs(pid, node.dir)) throw new Error(`the primary ${node.name} has no running postgres`);
  const at = Date.now();
  signal(pid, 'SIGKILL');
  return { node: node.name, pid, at };
}

/** kill -9 of the whole primary node: its Patroni, then its postmaster, as when the machine dies. */
export async function killPrimaryNode(dir: string): Promise<{ node: string; at: number }> {
  const node = await primaryNode(dir);
  const pid = postgresPid(node);
  const at = Date.now();
  signal(node.patroniPid, 'SIGKILL');
  if (pid !== null && isOurs(pid, node.dir)) signal(pid, 'SIGKILL');
  await waitFor(`node ${node.name} to be gone`, () => !isOurs(node.patroniPid, node.dir) && (pid === null || !isOurs(pid, node.dir)), 10_000, 20);
  return { node: node.name, at };
}

/** Starts a killed node's Patroni again (it rejoins as a replica, rewound if needed). */
export function restartNode(dir: string, name: string): void {
  const state = load(dir);
  const i = state.nodes.findIndex((n) => n.name === name);
  const node = state.nodes[i]!;
  if (isOurs(node.patroniPid, node.dir)) return;
  state.nodes[i] = startPatroni(node, serverUser());
  save(state);
}

/** kill -9 of one etcd member (`index` into the members, default: the last). */
export function killEtcdMember(dir: string, index = -1): { member: string; at: number } {
  const state = load(dir);
  const m = state.etcd.at(index)!;
  const at = Date.now();
  signal(m.pid, 'SIGKILL');
  return { member: m.name, at };
}

export async function restartEtcdMember(dir: string, name: string): Promise<void> {
  const state = load(dir);
  const i = state.etcd.findIndex((m) => m.name === name);
  const m = state.etcd[i]!;
  await waitFor(`etcd member ${name} to be gone`, () => !isOurs(m.pid, m.dataDir), 10_000, 20);
  state.etcd[i] = startEtcdMember(m, state.etcd, state.etcdToken, state.dir);
  save(state);
  await waitEtcdHealthy([state.etcd[i]!], 60_000);
}

function runningServer(dir: string, name: string): ClusterState['servers'][number] {
  const s = load(dir).servers.find((x) => x.name === name);
  if (!s || !isOurs(s.pid, s.dataDir)) throw new Error(`content server ${name} is not running`);
  return s;
}

/** kill -9 of a content server, as when its machine dies. */
export async function killServer(dir: string, name: string): Promise<{ pid: number; at: number }> {
  const s = runningServer(dir, name);
  const at = Date.now();
  signal(s.pid, 'SIGKILL');
  await waitFor(`content server ${name} to be gone`, () => !isOurs(s.pid, s.dataDir), 10_000, 20);
  return { pid: s.pid, at };
}

/**
 * SIGSTOP of a content server: it neither answers nor closes its connections, as when its
 * machine dies (power, cable) and no reset reaches the clients. `thawServer` lets it go on.
 */
export function freezeServer(dir: string, name: string): { pid: number; at: number } {
  const s = runningServer(dir, name);
  const at = Date.now();
  signal(s.pid, 'SIGSTOP');
  return { pid: s.pid, at };
}

export function thawServer(dir: string, name: string): void {
  const s = load(dir).servers.find((x) => x.name === name);
  if (s && isOurs(s.pid, s.dataDir)) signal(s.pid, 'SIGCONT');
}

/** Starts a killed content server again on its port and data folder, and waits until it answers. */
export async function restartServer(dir: string, name: string, timeoutMs = 60_000): Promise<void> {
  const state = load(dir);
  const i = state.servers.findIndex((x) => x.name === name);
  const { pid: _old, ...plan } = state.servers[i]!;
  state.servers[i] = startServer(plan, state.databaseUrl, { clusterUrls: state.servers.map((x) => x.url) });
  save(state);
  await waitServerReady(state.servers[i]!, timeoutMs);
}

/** Resolves when the cluster is whole again and settled: a leader, a sync standby, every node running. */
export async function waitWhole(dir: string, timeoutMs = 120_000, stableMs = 3000): Promise<{ leader: MemberStatus; sync: MemberStatus }> {
  const state = load(dir);
  return waitClusterHealthy(state.nodes, timeoutMs, stableMs);
}
