import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, ROOT } from './server.js';

const OPS = join(ROOT, 'content-server/dist/cli/ops.js');

export interface DemoRoomLayouts {
  /** Pass as `LAYOUTS_DIR`; with `DEMO_ROOM=1` the server starts an emulator behind each device. */
  dir: string;
  /** The port each network device profile now points at, by device id. */
  ports: Record<string, number>;
  /** Every device of the room (network and serial). */
  deviceIds: string[];
  remove: () => void;
}

/**
 * A copy of the repository's `layouts/` whose device profiles point at free loopback ports, so
 * that the demo room's emulators never collide with another run (or a developer's own server
 * on the default ports).
 */
export async function demoRoomLayouts(): Promise<DemoRoomLayouts> {
  const dir = mkdtempSync(join(tmpdir(), 'ioc-e2e-layouts-'));
  cpSync(join(ROOT, 'layouts'), dir, { recursive: true });
  const ports: Record<string, number> = {};
  const deviceIds: string[] = [];
  const devices = join(dir, 'devices');
  for (const file of readdirSync(devices).filter((f) => f.endsWith('.json'))) {
    const path = join(devices, file);
    const profile = JSON.parse(readFileSync(path, 'utf8')) as { id: string; transport: { kind: string; port?: number; path?: string } };
    deviceIds.push(profile.id);
    if (profile.transport.kind === 'serial') {
      // The demo room makes a pty pair at this path: one per run, in the run's own folder.
      profile.transport.path = join(dir, `tty-${profile.id}`);
      writeFileSync(path, `${JSON.stringify(profile, null, 2)}\n`);
      continue;
    }
    if (profile.transport.kind !== 'tcp' && profile.transport.kind !== 'udp') continue;
    // freePort() probes TCP; a UDP port free at the same number is as likely, and the demo room
    // reports (and the test then shows) a port it could not take.
    profile.transport.port = await freePort();
    ports[profile.id] = profile.transport.port;
    writeFileSync(path, `${JSON.stringify(profile, null, 2)}\n`);
  }
  return { dir, ports, deviceIds, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export type UserRole = 'viewer' | 'operator' | 'presenter' | 'technician' | 'admin';

/** Runs `ops user add` as an administrator would, with the password on standard input. */
export function createUser(dataDir: string, username: string, role: UserRole, password: string, displayName?: string): void {
  const args = [OPS, 'user', 'add', username, '--role', role, '--password-stdin', ...(displayName ? ['--name', displayName] : [])];
  execFileSync('node', args, { env: { ...process.env, DATA_DIR: dataDir }, input: `${password}\n`, encoding: 'utf8' });
}
