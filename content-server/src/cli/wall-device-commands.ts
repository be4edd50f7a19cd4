import { formatVnTimestamp, renderersOf, type Wall } from '@ioc/protocol';
import type { Command } from 'commander';
import type { Audit } from '../audit/index.js';
import { DeviceCodes } from '../wall/device-codes.js';
import { DeviceTokens, positionName } from '../wall/device-tokens.js';
import { parseLayoutFile, readLayoutFiles } from '../wall/layouts-validate.js';
import type { OpsStore } from './store-access.js';

export interface WallDeviceCommandContext {
  /** Runs `fn` on the store the environment names, with its audit log (store-access.ts `withOpsStore`). */
  withStore: <T>(fn: (s: OpsStore) => Promise<T>) => Promise<T>;
  actor: () => string;
  layoutsDir: () => string;
}

function wallsIn(dir: string): Map<string, Wall> {
  const walls = new Map<string, Wall>();
  for (const f of readLayoutFiles(dir).files) {
    const r = parseLayoutFile(f);
    if (r.ok && r.layout.kind === 'wall') walls.set(r.layout.wall.id, r.layout.wall);
  }
  return walls;
}

function fail(message: string): void {
  process.stderr.write(`${message}\n`);
  process.exitCode = 1;
}

/**
 * `ops wall-device`: enroll wall displays without the pairing screen (provisioning a kiosk by
 * its configuration, test benches), list them, revoke them. A revocation reaches a connected
 * renderer within seconds: the servers re-check their devices when they hear of it (store watch,
 * or on PostgreSQL the notice on their bus) and every 5 s.
 */
export function registerWallDeviceCommands(program: Command, ctx: WallDeviceCommandContext): void {
  const cmd = program.command('wall-device').description('enrolled wall displays (device tokens)');
  const withTokens = (fn: (tokens: DeviceTokens, audit: Audit, codes: DeviceCodes, revoked: () => void) => Promise<void>) =>
    ctx.withStore(async ({ store, audit, revoked }) => {
      const tokens = new DeviceTokens(store.sql);
      await fn(tokens, audit, new DeviceCodes(store.sql, tokens), revoked);
    });

  cmd
    .command('enroll <wallId> <positions...>')
    .description('enroll a device at each position (a display id, or renderer:<id>); prints a single-use code valid 10 minutes for the page address (&code=), or with --token the token itself (for a kiosk configuration file, never an address)')
    .option('--name <name>', 'a name for the device (default: its position)')
    .option('--token', 'print the device token instead of an enrollment code', false)
    .action(async (wallId: string, positions: string[], opts: { name?: string; token: boolean }) => {
      const wall = wallsIn(ctx.layoutsDir()).get(wallId);
      if (!wall) return fail(`no wall "${wallId}" in ${ctx.layoutsDir()}/walls (set LAYOUTS_DIR as the server has it)`);
      const parsed = positions.map((p) => (p.startsWith('renderer:') ? { wallId, displayId: null, rendererId: p.slice('renderer:'.length) } : { wallId, displayId: p, rendererId: null }));
      const bad = parsed.filter((p) => (p.displayId !== null ? !wall.displays.some((d) => d.id === p.displayId) : !renderersOf(wall).some((r) => r.id === p.rendererId)));
      if (bad.length) return fail(`wall "${wallId}" has no ${bad.map(positionName).join(', ')} (displays: ${wall.displays.map((d) => d.id).join(', ')}; renderers: ${renderersOf(wall).map((r) => `renderer:${r.id}`).join(', ')})`);
      await withTokens(async (tokens, audit, codes) => {
        for (const position of parsed) {
          const { token, device } = await tokens.create(position, { ...(opts.name && parsed.length === 1 && { name: opts.name }), by: ctx.actor() });
          await audit.write({ actor: ctx.actor(), action: 'wall.device.enroll', target: `device:${device.id}`, detail: { name: device.name, position: positionName(device), printed: opts.token ? 'token' : 'code' }, ok: true });
          const secret = opts.token ? token : await codes.issue(device.id);
          process.stdout.write(parsed.length === 1 ? `${secret}\n` : `${position.displayId ?? `renderer:${position.rendererId}`} ${secret}\n`);
        }
      });
      process.stderr.write(
        opts.token
          ? `${parsed.length} device${parsed.length === 1 ? '' : 's'} enrolled. Store the token${parsed.length === 1 ? '' : 's'} now: they cannot be shown again. Never put a token in an address.\n`
          : `${parsed.length} device${parsed.length === 1 ? '' : 's'} enrolled. Open each page as /wall/?wall=${wallId}&display=<id>&code=<code> within 10 minutes: the page trades the code, once, for its token.\n`,
      );
    });

  cmd
    .command('list')
    .description('enrolled devices (never their tokens)')
    .option('--all', 'revoked ones too', false)
    .action(async (opts: { all: boolean }) => {
      await withTokens(async (tokens) => {
        const rows = await tokens.list({ all: opts.all });
        if (rows.length === 0) return void process.stdout.write('no devices\n');
        for (const d of rows) {
          const seen = d.lastSeenAt ? formatVnTimestamp(d.lastSeenAt, true) : 'never';
          process.stdout.write(`${String(d.id).padEnd(5)} ${positionName(d).padEnd(28)} ${d.name.padEnd(28)} by ${d.enrolledBy} at ${d.enrolledTime}, seen ${seen}${d.revokedAt ? ', REVOKED' : ''}\n`);
        }
      });
    });

  cmd
    .command('revoke <id>')
    .description('revoke a device: its renderer is disconnected and shows a pairing code again')
    .action(async (id: string) => {
      await withTokens(async (tokens, audit, _codes, revoked) => {
        const n = Number(id);
        const device = Number.isSafeInteger(n) && n > 0 ? await tokens.revoke(n) : null;
        if (device) revoked();
        await audit.write({ actor: ctx.actor(), action: 'wall.device.revoke', target: `device:${id}`, detail: device ? { name: device.name, position: positionName(device) } : { error: 'no such active device' }, ok: device !== null });
        if (!device) return fail(`no active wall device ${id}`);
        process.stdout.write(`device ${id} (${positionName(device)}) revoked\n`);
      });
    });
}
