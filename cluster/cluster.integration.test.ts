// `npm run cluster -- up|down` as an operator runs it (the CLI in a child process), and the
// failover of the center it starts: kill -9 of a content server, of the primary's postgres and of
// an etcd member in turn, while wall pages, a source and an operator use the center
// (center-probe.ts) and a postgres.js writer writes on the printed multi-host URL.
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readState, type ClusterState, type UpResult } from './cluster.js';
import { etcdHealthy } from './etcd.js';
import { CenterProbe } from './center-probe.js';
import { freezeServer, killEtcdMember, killPrimaryPostgres, killServer, primaryNode, restartServer, thawServer } from './faults.js';
import { getJson, listening, waitFor } from './procs.js';
import { ProbeWriter } from './probe-writer.js';
import { anyAlive, down } from './stop.js';
import { ROOT } from './servers.js';

const TSX = join(ROOT, 'node_modules/.bin/tsx');
const CLI = join(ROOT, 'cluster/cli.ts');

function cli(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(TSX, [CLI, ...args], { cwd: ROOT, timeout: 240_000, env }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Running: present and not a zombie (a daemon outlives `up`, and its new parent may reap it late). */
const alive = (pid: number) => {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

describe('npm run cluster', () => {
  let parent: string;
  let dir: string;
  let up: UpResult;
  let state: ClusterState;

  beforeAll(async () => {
    parent = mkdtempSync(join(tmpdir(), 'ioc-cluster-'));
    chmodSync(parent, 0o755); // PostgreSQL runs as the postgres user and must enter the folder
    dir = join(parent, 'center');
    const r = await cli(['up', '--dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines, 'up prints exactly one line on stdout').toHaveLength(1);
    up = JSON.parse(lines[0]!) as UpResult;
    state = readState(dir)!;
  }, 240_000);

  afterAll(async () => {
    if (state && anyAlive(state)) await down(dir);
    rmSync(parent, { recursive: true, force: true });
  }, 120_000);

  it('prints one JSON line: two content servers, the multi-host URL, and every component running with its role', async () => {
    expect(up.servers).toHaveLength(2);
    for (const s of up.servers) {
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await getJson(`${s.url}/healthz`))?.status).toBe(200);
    }
    expect(up.databaseUrl).toMatch(/^postgres:\/\/ioc:[^@]+@127\.0\.0\.1:\d+,127\.0\.0\.1:\d+,127\.0\.0\.1:\d+\/ioc\?target_session_attrs=primary$/);
    const kinds = up.components.map((c) => c.kind).sort();
    expect(kinds).toEqual([...Array(2).fill('content-server'), ...Array(3).fill('etcd'), ...Array(3).fill('patroni'), ...Array(3).fill('postgres')]);
    for (const c of up.components) expect(alive(c.pid), `${c.kind} ${c.name} (pid ${c.pid})`).toBe(true);
    const pgRoles = up.components.filter((c) => c.kind === 'postgres').map((c) => c.role).sort();
    expect(pgRoles).toEqual(['primary', 'replica', 'sync_standby']);
    expect(statSync(join(dir, 'cluster.json')).mode & 0o777, 'cluster.json holds the passwords').toBe(0o600);
  });

  it("routes to the primary only: each node alone, asked with the URL's target_session_attrs, refuses unless it is the primary", async () => {
    const attrs = /target_session_attrs=([a-z-]+)/.exec(up.databaseUrl)?.[1];
    const primary = (await primaryNode(dir)).name;
    for (const n of state.nodes) {
      const sql = postgres(`postgres://ioc:${encodeURIComponent(state.secrets.app)}@127.0.0.1:${n.pgPort}/ioc?target_session_attrs=${attrs}`, { max: 1, connect_timeout: 5 });
      const standby = await sql`select pg_is_in_recovery() as standby`.then((rows) => rows[0]?.['standby'] as boolean, () => 'refused');
      await sql.end();
      expect(standby, `${n.name} (primary: ${primary})`).toBe(n.name === primary ? false : 'refused');
    }
  });

  it('refuses a second up on the folder of a running cluster, and says how to stop it', async () => {
    const r = await cli(['up', '--dir', dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`a cluster is already running in ${dir}`);
    expect(r.stderr).toContain(`npm run cluster -- down --dir ${dir}`);
    expect(anyAlive(readState(dir)!)).toBe(true);
  }, 60_000);

  it('keeps walls, ingest and commands going through kill -9 of a content server, a server frozen, kill -9 of the primary postgres and of an etcd member, losing and doubling nothing', async () => {
    // Two probes: the center as its users load it (4 wall pages, a source, an operator), and a
    // postgres.js writer on the multi-host URL (the database's own promise, without the servers).
    const writer = new ProbeWriter(up.databaseUrl);
    const probe = await CenterProbe.start(state);
    try {
      await writer.start();
      await probe.caughtUp(0, 60_000);

      // A content server: the one holding most pages. Its pages move to the other by themselves.
      const { server: victim, pages } = probe.busiest(state.servers);
      const server = await killServer(dir, victim.name);
      await probe.caughtUp(server.at, 30_000);
      for (const w of probe.walls) expect(w.origin, 'every page on the surviving server').not.toBe(victim.url);
      expect(probe.walls.filter((w) => w.moves.length > 0).length).toBe(pages);
      await restartServer(dir, victim.name);

      // A content server whose machine dies without a word (SIGSTOP: no reset reaches anyone):
      // its pages miss the heartbeat and move to the server started again.
      const survivor = state.servers.find((s) => s.name !== victim.name)!;
      const frozen = freezeServer(dir, survivor.name);
      try {
        await probe.caughtUp(frozen.at, 30_000);
        for (const w of probe.walls) expect(w.origin, 'every page away from the frozen server').toBe(victim.url);
      } finally {
        thawServer(dir, survivor.name);
      }

      // The primary's postgres: Patroni promotes the sync standby; servers, source and operator carry on.
      const old = await primaryNode(dir);
      const kill = await killPrimaryPostgres(dir);
      expect(kill.node).toBe(old.name);
      // (The killed postmaster's backends may still answer for a few ms: wait for another node.)
      const resumed = await waitFor('a write to be acknowledged by another node', () => writer.acks.find((a) => a.sent > kill.at && a.port !== old.pgPort), 60_000, 50);
      expect(resumed.at - kill.at, 'writes accepted again within the 10 s target (generous on a loaded machine)').toBeLessThan(30_000);
      await probe.caughtUp(kill.at, 60_000);
      expect((await primaryNode(dir)).name).not.toBe(old.name);

      // One etcd member: two of three keep the quorum.
      const etcd = killEtcdMember(dir, -1);
      await probe.caughtUp(etcd.at, 30_000);
      expect(await waitFor('a surviving etcd member to report healthy', async () => ((await etcdHealthy(state.etcd[0]!)) ? true : undefined), 20_000, 200), 'two of three etcd members keep a quorum').toBe(true);

      await writer.stop();
      await probe.stop();
      const db = await writer.check();
      expect(db.lost, 'acknowledged writes missing after the failovers').toEqual([]);
      expect(db.duplicated, 'rows stored twice').toEqual([]);
      const center = await probe.check();
      expect(center.observations.acknowledged).toBeGreaterThan(30);
      expect(center.observations.lost, 'acknowledged observations missing').toEqual([]);
      expect(center.observations.duplicated, 'observations stored twice').toEqual([]);
      expect(center.commands.acknowledged).toBeGreaterThan(5);
      // Only a command its server was running when killed may fail ("interrupted"), and it was sent again.
      expect(center.commands.failed.length, JSON.stringify(center.commands.failed)).toBeLessThanOrEqual(1);
      for (const c of center.commands.failed) expect(c.error).toMatch(/interrupted: the server stopped while the command ran/);
      expect(center.commands.lost, 'acknowledged commands missing from the command log or the audit log').toEqual([]);
      expect(center.commands.duplicated, 'commands executed twice').toEqual([]);
      expect(center.audit.ok, center.audit.output).toBe(true);
      for (const w of probe.walls) expect(w.errors, w.origin).toEqual([]);
    } finally {
      await writer.end();
      await probe.stop();
    }
  }, 300_000);

  it('down stops every process it started, says so, and frees every port', async () => {
    const before = readState(dir)!;
    const r = await cli(['down', '--dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    for (const s of before.servers) expect(r.stdout).toContain(`stopped content-server ${s.name} (pid ${s.pid})`);
    for (const n of before.nodes) expect(r.stdout).toContain(`stopped patroni patroni-${n.name} (pid ${n.patroniPid})`);
    expect(r.stdout).toMatch(/stopped etcd etcd1 \(pid \d+\)/);
    for (const c of up.components) expect(alive(c.pid), `${c.kind} ${c.name} (pid ${c.pid}) after down`).toBe(false);
    expect(anyAlive(before)).toBe(false);
    const ports = [...before.servers.map((s) => s.port), ...before.nodes.flatMap((n) => [n.pgPort, n.restPort]), ...before.etcd.flatMap((m) => [m.clientPort, m.peerPort])];
    for (const port of ports) expect(await listening(port), `port ${port} after down`).toBe(false);
  }, 120_000);
});

describe('npm run cluster: a start that fails', () => {
  it('stops what it had started and names the failing part with the end of its log', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'ioc-cluster-fail-'));
    try {
      chmodSync(parent, 0o755);
      // A Patroni that cannot start, found first on PATH: etcd is already running by then.
      const bin = join(parent, 'bin');
      mkdirSync(bin);
      writeFileSync(join(bin, 'patroni'), '#!/bin/sh\necho "FATAL: test patroni cannot start (config $1)"\nexit 3\n', { mode: 0o755 });
      const dir = join(parent, 'center');
      const r = await cli(['up', '--dir', dir], { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/patroni-pg\d \(patroni, pid \d+\) exited during the start/);
      expect(r.stderr).toContain('FATAL: test patroni cannot start');
      expect(r.stderr).toMatch(/stopped etcd etcd1 \(pid \d+\)/);
      const state = readState(dir)!;
      expect(state.etcd).toHaveLength(3);
      for (const m of state.etcd) expect(alive(m.pid), `etcd ${m.name} after the failed start`).toBe(false);
      expect(anyAlive(state)).toBe(false);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  }, 120_000);
});
