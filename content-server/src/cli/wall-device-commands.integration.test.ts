import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEVICE_TOKEN_REFUSED, PROTOCOL_VERSION, type DeviceIdentity } from '@ioc/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../config.js';
import { nextEvent, sendJson, startTestServer, wallClient, type TestServer } from '../testing/harness.js';

const ops = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, [join(paths.packageDir, 'bin/ops.js'), ...args], { env: { ...process.env, ...env }, encoding: 'utf8', cwd: paths.repoDir });

describe('ops wall-device', () => {
  let dataDir: string;
  let t: TestServer;
  beforeAll(async () => {
    // The CLI runs from dist/, as it does for operators.
    execFileSync(process.execPath, [join(paths.repoDir, 'node_modules/typescript/bin/tsc'), '-b', 'content-server'], { cwd: paths.repoDir, stdio: 'pipe' });
    dataDir = mkdtempSync(join(tmpdir(), 'ioc-ops-devices-'));
    t = await startTestServer({ dataDir, wallAuth: 'enrolled' });
  }, 120_000);
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('enrolls displays with single-use codes a page trades for a token the server accepts, lists them, and refuses unknown positions', async () => {
    const bad = ops(['wall-device', 'enroll', 'main', 'd9'], { DATA_DIR: dataDir });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/wall "main" has no main\/d9 \(displays: d1, d2/);

    const out = ops(['wall-device', 'enroll', 'main', 'd1', 'd2'], { DATA_DIR: dataDir });
    expect(out.status).toBe(0);
    const lines = out.stdout.trim().split('\n').map((l) => l.split(' '));
    expect(lines.map((l) => l[0])).toEqual(['d1', 'd2']);
    // A code for the page's address, never a token (an address ends up in logs).
    expect(out.stdout).not.toMatch(/iow_/);
    expect(lines[1]![1]).toMatch(/^iwc_/);
    const trade = (code: string) => sendJson('POST', `${t.url}/api/v1/wall-devices/exchange`, null, { code });
    const traded = await trade(lines[1]![1]!);
    expect(traded).toMatchObject({ status: 200, body: { token: expect.stringMatching(/^iow_/), device: { wallId: 'main', displayId: 'd2' } } });
    expect((await t.server.audit.recent(1, 'wall.device.exchange'))[0]).toMatchObject({ actor: 'device:main/d2', ok: true });
    // Once only: a second trade, or a made-up code, is refused alike.
    for (const code of [lines[1]![1]!, 'iwc_madeup']) expect(await trade(code)).toMatchObject({ status: 404, body: { errors: [{ field: 'code' }] } });
    lines[1]![1] = traded.body.token;
    const s = wallClient(t.url, lines[1]![1]);
    expect(await nextEvent<DeviceIdentity>(s, 'device:identity')).toMatchObject({ wallId: 'main', displayId: 'd2' });
    expect(await s.emitWithAck('wall:join', { protocolVersion: PROTOCOL_VERSION, wallId: 'main', displayId: 'd2' })).toMatchObject({ ok: true });

    const list = ops(['wall-device', 'list'], { DATA_DIR: dataDir });
    expect(list.stdout).toMatch(/main\/d1/);
    expect(list.stdout).toMatch(/main\/d2/);
    expect((await t.server.audit.recent(2, 'wall.device.enroll')).every((r) => r.actor.startsWith('cli') && r.ok)).toBe(true);

    // Revoked from another process: the server notices within its sweep and disconnects.
    const id = (await t.server.wallDevices.list()).find((d) => d.displayId === 'd2')!.id;
    const gone = nextEvent(s, 'device:revoked', 10_000);
    expect(ops(['wall-device', 'revoke', String(id)], { DATA_DIR: dataDir }).status).toBe(0);
    await gone;
    const again = wallClient(t.url, lines[1]![1]);
    expect((await nextEvent<Error & { data?: { code?: string } }>(again, 'connect_error')).data?.code).toBe(DEVICE_TOKEN_REFUSED);
    again.disconnect();
    s.disconnect();
  });
});
