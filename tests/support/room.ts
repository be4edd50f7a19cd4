import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './server.js';

const OPS = join(ROOT, 'content-server/dist/cli/ops.js');

export interface DemoRoomLayouts {
  /** Pass as `LAYOUTS_DIR`; with `DEMO_ROOM=1` the server starts an emulator behind each device. */
  dir: string;
  /** Every device of the room (network and serial). */
  deviceIds: string[];
  remove: () => void;
}

/**
 * A private copy of the repository's `layouts/`. Its device profiles are the demo room's: the
 * server gives each an emulator on a port (or a pty under its DATA_DIR) of its own run, so a
 * test never collides with another run or a developer's own server.
 */
export async function demoRoomLayouts(): Promise<DemoRoomLayouts> {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-e2e-layouts-'));
  cpSync(join(ROOT, 'layouts'), dir, { recursive: true });
  const devices = join(dir, 'devices');
  const deviceIds = readdirSync(devices)
    .filter((f) => f.endsWith('.json'))
    .map((f) => (JSON.parse(readFileSync(join(devices, f), 'utf8')) as { id: string }).id);
  return { dir, deviceIds, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export type UserRole = 'viewer' | 'operator' | 'presenter' | 'technician' | 'admin';

/** Runs `ops user add` as an administrator would, with the password on standard input. */
export function createUser(dataDir: string, username: string, role: UserRole, password: string, displayName?: string): void {
  const args = [OPS, 'user', 'add', username, '--role', role, '--password-stdin', ...(displayName ? ['--name', displayName] : [])];
  execFileSync('node', args, { env: { ...process.env, DATA_DIR: dataDir }, input: `${password}\n`, encoding: 'utf8' });
}
