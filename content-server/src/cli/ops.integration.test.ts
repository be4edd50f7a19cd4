import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../config.js';
import { copyLayouts, getJson, postObservations, sendJson, startTestServer, type TestServer } from '../testing/harness.js';

const ops = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, [join(paths.packageDir, 'bin/ops.js'), ...args], { env: { ...process.env, ...env }, encoding: 'utf8', cwd: paths.repoDir });

describe('ops CLI', () => {
  let dataDir: string;
  let t: TestServer;
  beforeAll(async () => {
    // The CLI runs from dist/, as it does for operators.
    execFileSync(process.execPath, [join(paths.repoDir, 'node_modules/typescript/bin/tsc'), '-b', 'content-server'], { cwd: paths.repoDir, stdio: 'pipe' });
    dataDir = mkdtempSync(join(tmpdir(), 'ioc-ops-'));
    t = await startTestServer({ dataDir });
  }, 120_000);
  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates a key that then works for ingest, lists it and revokes it', async () => {
    const created = ops(['apikey', 'create', 'customs-feed', '--role', 'ingest'], { DATA_DIR: dataDir });
    expect(created.status).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^ioc_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toMatch(/cannot be shown again/);
    const body = { observations: [{ indicator: 'exports', unit: 'VN', period: '2024-12', value: 37.1, source: 'Customs' }] };
    expect(await postObservations(t.url, key, body)).toEqual({ status: 200, body: expect.objectContaining({ accepted: 1 }) });

    const listed = ops(['apikey', 'list'], { DATA_DIR: dataDir });
    expect(listed.stdout).toMatch(/customs-feed\s+ingest\s+no\s.*\sany$/m);
    // A unit's own key says which unit it reports for.
    expect(ops(['apikey', 'create', 'hanoi-stats', '--role', 'ingest', '--unit', '01'], { DATA_DIR: dataDir }).status).toBe(0);
    expect(ops(['apikey', 'list'], { DATA_DIR: dataDir }).stdout).toMatch(/hanoi-stats\s+ingest\s+no\s.*\s01$/m);
    expect(listed.stdout).not.toContain(key);

    expect(ops(['apikey', 'revoke', 'customs-feed'], { DATA_DIR: dataDir }).status).toBe(0);
    expect((await postObservations(t.url, key, body)).status).toBe(401);
    const again = ops(['apikey', 'revoke', 'customs-feed'], { DATA_DIR: dataDir });
    expect([again.status, again.stderr]).toEqual([1, `store: ${join(dataDir, 'ioc.sqlite')}\nno active key named "customs-feed"\n`]);
  });

  it('names the store each command works on, and never creates one unless told to (ops init)', async () => {
    const listed = ops(['apikey', 'list'], { DATA_DIR: dataDir });
    expect(listed.stderr).toBe(`store: ${join(dataDir, 'ioc.sqlite')}\n`);
    // A DATA_DIR that is not the server's: no empty store appears, the error says where and how.
    const elsewhere = mkdtempSync(join(tmpdir(), 'ioc-ops-elsewhere-'));
    try {
      for (const args of [['apikey', 'create', 'lost-feed'], ['apikey', 'list'], ['user', 'list'], ['audit', 'verify'], ['wall-device', 'list']]) {
        const r = ops(args, { DATA_DIR: elsewhere });
        expect([args, r.status, r.stdout]).toEqual([args, 1, '']);
        expect(r.stderr).toBe(
          `ops: no store at ${join(elsewhere, 'ioc.sqlite')}. Set DATA_DIR to the server's data folder (the server prints it at start: "data: ..."), or create a new store there with: DATA_DIR=${elsewhere} ops init\n`,
        );
      }
      expect(existsSync(join(elsewhere, 'ioc.sqlite'))).toBe(false);
      const init = ops(['init'], { DATA_DIR: elsewhere });
      // ops init also makes the audit key, outside the store and readable by its owner only.
      expect([init.status, init.stdout]).toEqual([0, `store: ${join(elsewhere, 'ioc.sqlite')} (created)\naudit key: ${join(elsewhere, 'audit.key')} (created, mode 0600: back it up apart from the data)\n`]);
      expect(statSync(join(elsewhere, 'audit.key')).mode & 0o777).toBe(0o600);
      expect(ops(['init'], { DATA_DIR: elsewhere }).stdout).toBe(`store: ${join(elsewhere, 'ioc.sqlite')} (already there; nothing changed)\naudit key: ${join(elsewhere, 'audit.key')} (already there; nothing changed)\n`);
      const created = ops(['apikey', 'create', 'new-feed'], { DATA_DIR: elsewhere });
      expect([created.status, created.stderr.split('\n')[0]]).toEqual([0, `store: ${join(elsewhere, 'ioc.sqlite')}`]);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses an unknown role', () => {
    const r = ops(['apikey', 'create', 'x', '--role', 'root'], { DATA_DIR: dataDir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/expected one of ingest, reader, operator, admin/);
  });

  it('checks layouts: exit 0 for the repository, exit 1 with every problem listed', () => {
    const good = ops(['layouts', 'check'], { DATA_DIR: dataDir });
    expect([good.status, good.stdout]).toEqual([0, expect.stringMatching(/0 problems/)]);
    const dir = copyLayouts();
    writeFileSync(join(dir, 'scenes/bad.json'), JSON.stringify({ id: 'bad', name: { vi: 'x', en: 'x' }, wall: 'side', panels: [{ id: 'p', type: 'kpi', indicator: 'cpi_yoy', unit: 'VN', rect: { x: 0, y: 0, w: 4000, h: 300 } }] }));
    const bad = ops(['layouts', 'check', dir], { DATA_DIR: dataDir });
    rmSync(dir, { recursive: true, force: true });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('scenes/bad.json wall: expected an existing wall id; "side" is not one (walls: main)');
    expect(bad.stdout).toMatch(/1 problem$/m);
  });

  it('checks layouts against the catalog the server of DATA_DIR runs with, indicators added through the API included', async () => {
    const cpi = (await getJson(`${t.url}/api/v1/catalog`)).body.indicators.find((i: { id: string }) => i.id === 'cpi_yoy');
    const added = { ...cpi, id: 'cpi_core', name: { vi: 'Lạm phát cơ bản', en: 'Core inflation' }, targets: {} };
    expect((await sendJson('PUT', `${t.url}/api/v1/catalog/indicators/cpi_core`, t.keys.admin, added)).status).toBe(200);
    const dir = copyLayouts();
    try {
      const scene = { id: 'core', name: { vi: 'Lạm phát cơ bản', en: 'Core inflation' }, wall: 'main', panels: [{ id: 'k', type: 'kpi', indicator: 'cpi_core', unit: 'VN', rect: { x: 40, y: 40, w: 440, h: 280 } }] };
      writeFileSync(join(dir, 'scenes/core.json'), JSON.stringify(scene));
      // The server of this store knows cpi_core (catalog-edits.integration.test.ts: layouts may use it), so the CLI must too.
      const check = ops(['layouts', 'check', dir], { DATA_DIR: dataDir });
      expect([check.status, check.stdout, check.stderr]).toEqual([0, expect.stringMatching(/6 scenes, .* 0 problems\n$/), `store: ${join(dataDir, 'ioc.sqlite')}\n`]);
      // Without the server's store the CLI knows only the shipped catalog, and says so.
      const elsewhere = mkdtempSync(join(tmpdir(), 'ioc-ops-nostore-'));
      const shipped = ops(['layouts', 'check', dir], { DATA_DIR: elsewhere });
      rmSync(elsewhere, { recursive: true, force: true });
      expect(shipped.status).toBe(1);
      expect(shipped.stdout).toContain('scenes/core.json panels[0].indicator:');
      expect(shipped.stderr).toContain(`store: none at ${join(elsewhere, 'ioc.sqlite')}; checking against the shipped catalog only`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says which invalid layout files the server of DATA_DIR serves from their last good version', () => {
    const dir = copyLayouts();
    try {
      writeFileSync(join(dir, 'scenes/overview.json'), '{ "id": "overview"');
      // The server above ran on DATA_DIR and kept the last good copy of every layout file there.
      const check = ops(['layouts', 'check'], { DATA_DIR: dataDir, LAYOUTS_DIR: dir });
      expect(check.status).toBe(1);
      expect(check.stdout).toContain('scenes/overview.json: invalid JSON');
      expect(check.stdout).toMatch(/^note: scenes\/overview\.json: the last good version of this file \(\d{4}-.+\) is shown until the file is fixed; the file is invalid: invalid JSON/m);
      expect(check.stdout).toContain('đang hiển thị phiên bản hợp lệ gần nhất của tệp này');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('checks device profiles, briefings and macros against each other too', () => {
    const good = ops(['layouts', 'check'], { DATA_DIR: dataDir });
    expect(good.stdout).toMatch(/1 walls, 5 scenes, 1 briefings, 9 devices, 2 macros, 0 problems/);
    const dir = copyLayouts();
    writeFileSync(join(dir, 'briefings/bad.json'), JSON.stringify({ id: 'bad', name: { vi: 'x', en: 'x' }, wall: 'main', steps: [{ scene: 'weather' }] }));
    writeFileSync(join(dir, 'macros/bad.json'), JSON.stringify({ name: 'room.mode.bad', label: { vi: 'x', en: 'x' }, help: { vi: 'x', en: 'x' }, roles: ['operator'], steps: [{ command: 'matrix.route', args: { device: 'display-left', input: 1, output: 1 } }] }));
    // An invalid profile claiming a valid one's id does not knock the valid one out.
    writeFileSync(join(dir, 'devices/bad.json'), JSON.stringify({ id: 'display-left', name: { vi: 'x', en: 'x' }, driver: 'lg', transport: { kind: 'tcp', host: 'x', port: 1 } }));
    const bad = ops(['layouts', 'check', dir], { DATA_DIR: dataDir });
    rmSync(dir, { recursive: true, force: true });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain('briefings/bad.json steps[0].scene: unknown scene "weather"');
    expect(bad.stdout).toContain('macros/bad.json steps[0].args.device: matrix.route cannot go to "display-left" (a samsung-mdc device)');
    expect(bad.stdout).toContain('devices/bad.json transport.kind: lg runs over serial, not tcp');
    expect(bad.stdout).toMatch(/3 problems$/m);
  });

  it('verifies the audit chain, and names the entry that was edited behind its back', async () => {
    // The server (ingest) and the CLI (keys) both appended to this store's chain above.
    const intact = ops(['audit', 'verify'], { DATA_DIR: dataDir });
    expect([intact.status, intact.stdout]).toEqual([0, expect.stringMatching(/^audit chain intact: \d+ entries/)]);
    // A key rotated while the server runs: a new keyed segment, taken up by the server's next entry.
    const rotated = ops(['audit', 'rotate-key'], { DATA_DIR: dataDir });
    expect([rotated.status, rotated.stdout]).toEqual([0, expect.stringMatching(/^audit key [0-9a-f]{16} now seals new entries \(was [0-9a-f]{16}\)/)]);
    const body = { observations: [{ indicator: 'exports', unit: 'VN', period: '2024-11', value: 36.2, source: 'Customs' }] };
    expect((await postObservations(t.url, t.keys.ingest, body)).status).toBe(200);
    const after = ops(['audit', 'verify'], { DATA_DIR: dataDir });
    expect([after.status, after.stdout]).toEqual([0, expect.stringMatching(/^audit chain intact: \d+ entries, .*key [0-9a-f]{16}: \d+-\d+; key [0-9a-f]{16}: \d+-\d+/)]);
    const tail = ops(['audit', 'tail', '--action', 'apikey.revoke'], { DATA_DIR: dataDir });
    expect(tail.stdout).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00  ok   cli.* apikey\.revoke customs-feed/m);

    const db = new Database(join(dataDir, 'ioc.sqlite'));
    const id = db.prepare("SELECT id FROM audit_log WHERE action = 'apikey.create' ORDER BY id LIMIT 1").pluck().get() as number;
    db.prepare("UPDATE audit_log SET actor = 'cli:someone-else' WHERE id = ?").run(id);
    db.close();
    const broken = ops(['audit', 'verify'], { DATA_DIR: dataDir });
    expect([broken.status, broken.stdout]).toEqual([1, `AUDIT CHAIN BROKEN at entry ${id}: entry ${id} was changed after it was written (its hash does not match its content)\n`]);
  });

  it('prints the bytes a driver would send, as hex pairs, without sending', () => {
    const encode = (...args: string[]) => ops(['device', 'encode', ...args], { DATA_DIR: dataDir });
    expect(encode('--driver', 'samsung-mdc', '--command', 'power', '--args', '{"on":true}', '--address', '1').stdout).toBe('AA 11 01 01 01 14\n');
    expect(encode('--driver', 'pjlink', '--command', 'power', '--args', '{"on":true}').stdout).toBe('25 31 50 4F 57 52 20 31 0D\n');
    expect(encode('--driver', 'lg', '--command', 'power', '--args', '{"on":true}', '--address', '1').stdout).toBe('6B 61 20 30 31 20 30 31 0D\n');
    const osc = encode('--driver', 'osc', '--command', 'osc.send', '--args', '{"address":"/oscillator/4/frequency","args":[{"type":"f","value":440}]}');
    expect(osc.stdout.replace(/ /g, '')).toBe('2F6F7363696C6C61746F722F342F6672657175656E6379002C66000043DC0000\n');
    const bad = encode('--driver', 'lg', '--command', 'volume', '--args', '{"level":300}');
    expect([bad.status, bad.stdout]).toEqual([2, '']);
    expect(bad.stderr).toMatch(/volume: level: .*100/);
    const unknown = encode('--driver', 'telnet-magic', '--command', 'power');
    expect([unknown.status, unknown.stderr]).toEqual([2, expect.stringContaining('unknown driver "telnet-magic"; drivers: osc, samsung-mdc')]);
  });
});
