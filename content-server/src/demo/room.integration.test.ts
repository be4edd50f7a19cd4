import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DeviceStatus } from '@ioc/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiKeys } from '../auth/index.js';
import { paths } from '../config.js';
import { getJson, openTestStore, sendJson, startTestServer, testDatabase, waitFor } from '../testing/harness.js';
import { ptyPair } from '../testing/pty.js';
import { freePort } from '../testing/free-port.js';

const DEMO_DEVICES = ['display-left', 'display-lobby', 'display-right', 'display-side', 'lights', 'matrix', 'mixer', 'projector', 'router'];

interface Instance {
  url: string;
  dataDir: string;
  operator: string;
  child: ChildProcess;
}

/** `npm start` as a user runs it: the real entry point, its own PORT and DATA_DIR, the demo room on. */
async function startInstance(): Promise<Instance> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ioc-instance-'));
  const store = await openTestStore(dataDir);
  const { databaseUrl } = await testDatabase(dataDir);
  const operator = (await new ApiKeys(store.sql).create('room-test', 'operator')).key;
  await store.close();
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', join(paths.packageDir, 'src/main.ts')], {
    cwd: paths.repoDir,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO: '0', DEMO_ROOM: '1', LOG_LEVEL: 'error', ...(databaseUrl && { DATABASE_URL: databaseUrl }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('IOC content server on')) resolve();
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before it listened: ${out}`)));
  });
  return { url: `http://127.0.0.1:${port}`, dataDir, operator, child };
}

async function stop(i: Instance): Promise<void> {
  if (i.child.exitCode === null && i.child.signalCode === null) {
    await new Promise<void>((resolve) => {
      i.child.once('exit', () => resolve());
      i.child.kill('SIGTERM');
    });
  }
  rmSync(i.dataDir, { recursive: true, force: true });
}

async function devices(i: Instance): Promise<DeviceStatus[]> {
  return (await getJson(`${i.url}/api/v1/devices`, i.operator)).body.devices as DeviceStatus[];
}

describe('the demo room', () => {
  const instances: Instance[] = [];
  afterAll(async () => {
    await Promise.all(instances.map(stop));
  });

  it('runs twice on one machine (own PORT and DATA_DIR): both start and each reaches its own emulators', async () => {
    instances.push(await startInstance());
    instances.push(await startInstance());
    const [a, b] = instances as [Instance, Instance];
    for (const i of [a, b]) {
      await waitFor(async () => (await devices(i)).filter((d) => d.status === 'online').length === DEMO_DEVICES.length, 20_000, `every demo device of ${i.url} online`);
      expect((await devices(i)).map((d) => d.id).sort()).toEqual(DEMO_DEVICES);
    }
    // With the first instance gone, the second's devices still answer: they were its own.
    await stop(a);
    instances.shift();
    for (const device of ['display-left', 'display-lobby']) {
      const power = await sendJson('POST', `${b.url}/api/v1/commands`, b.operator, { clientId: `power-${device}`, name: 'display.power', args: { device, on: true }, confirmed: true });
      expect(power.status).toBe(200);
      expect(power.body).toMatchObject({ ok: true, exchanges: [{ device, ok: true }] });
    }
  }, 90_000);

  it('is the only way demo devices exist: with DEMO_ROOM=0 the server has none and opens nothing of the demo', async () => {
    const t = await startTestServer({ demoRoom: false });
    try {
      expect(t.server.devices.list()).toEqual([]);
      expect((await getJson(`${t.url}/api/v1/devices`)).body.devices).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('makes its serial links in a folder of this run under DATA_DIR, and removes the links of runs that are gone', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ioc-room-data-'));
    // A link left by a run that died (pid far above pid_max), pointing at someone's terminal.
    const terminal = await ptyPair();
    const stale = join(dataDir, 'demo-room', 'run-99999999');
    mkdirSync(stale, { recursive: true });
    symlinkSync(terminal.server, join(stale, 'tty-display-lobby'));
    const t = await startTestServer({ dataDir, demoRoom: true });
    try {
      const lobby = t.server.devices.get('display-lobby')!;
      const path = lobby.profile.transport.kind === 'serial' ? lobby.profile.transport.path : '';
      expect(path.startsWith(join(dataDir, 'demo-room', `run-${process.pid}`))).toBe(true);
      expect(existsSync(stale)).toBe(false);
      await waitFor(() => lobby.status().status === 'online', 10_000, 'the lobby display on its pty');
      expect((await lobby.send('power', { on: true })).ok).toBe(true);
    } finally {
      await t.close();
      terminal.close();
    }
    // The run's folder goes with the run.
    expect(existsSync(join(dataDir, 'demo-room', `run-${process.pid}`))).toBe(false);
    rmSync(dataDir, { recursive: true, force: true });
  });
});
