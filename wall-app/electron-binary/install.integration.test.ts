// The optional @ioc/electron-binary package runs Electron's own installer. Here the installer
// reaches a mirror on this machine (Electron's real download host is not reachable here): where
// the network allows, the binary is fetched, checked and unpacked; where it does not, the script
// fails with a clear line and npm, the dependency being optional, goes on without it.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { storedZip } from './stored-zip.js';

const here = dirname(fileURLToPath(import.meta.url));
const repoModules = join(here, '..', '..', 'node_modules');
const electronPkg = JSON.parse(readFileSync(join(repoModules, 'electron', 'package.json'), 'utf8')) as { version: string };
const version = electronPkg.version;
const zipName = `electron-v${version}-linux-x64.zip`;
const installScript = (JSON.parse(readFileSync(join(here, 'package.json'), 'utf8')) as { scripts: { install: string } }).scripts.install;

/** A project folder with a copy of the `electron` package (its installer writes beside itself). */
function projectWithElectron(): string {
  const root = mkdtempSync(join(tmpdir(), 'ioc-electron-binary-'));
  const electronDir = join(root, 'node_modules', 'electron');
  mkdirSync(electronDir, { recursive: true });
  for (const f of ['install.js', 'package.json', 'checksums.json']) copyFileSync(join(repoModules, 'electron', f), join(electronDir, f));
  for (const dep of ['@electron', 'extract-zip']) symlinkSync(join(repoModules, dep), join(root, 'node_modules', dep));
  return root;
}

function runInstall(cwd: string, mirror: string): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_MIRROR: mirror, electron_use_remote_checksums: '1', electron_config_cache: join(cwd, 'cache') };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  delete env.npm_config_electron_mirror;
  const [cmd, ...args] = installScript.split(' ');
  return new Promise((resolve) => {
    const child = spawn(cmd === 'node' ? process.execPath : cmd!, args.map((a) => join(here, a)), { cwd, env });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('close', (code) => resolve({ code, output }));
  });
}

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

describe('@ioc/electron-binary', () => {
  it("fetches Electron's binary from the download host, checks it and unpacks it where the network allows", async () => {
    const binary = Buffer.from('#!/bin/sh\necho electron\n');
    const zip = storedZip([
      { name: 'electron', data: binary, mode: 0o755 },
      { name: 'version', data: Buffer.from(`v${version}`) },
    ]);
    const sums = `${createHash('sha256').update(zip).digest('hex')} *${zipName}\n`;
    const requested: string[] = [];
    const server: Server = createServer((req, res) => {
      requested.push(req.url ?? '');
      if (req.url === `/v${version}/${zipName}`) res.end(zip);
      else if (req.url === `/v${version}/SHASUMS256.txt`) res.end(sums);
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    cleanup.push(() => server.close());
    const root = projectWithElectron();
    cleanup.push(() => rmSync(root, { recursive: true, force: true }));

    const { code, output } = await runInstall(root, `http://127.0.0.1:${(server.address() as AddressInfo).port}/`);

    expect(code, output).toBe(0);
    expect(requested).toContain(`/v${version}/${zipName}`);
    expect(requested).toContain(`/v${version}/SHASUMS256.txt`);
    const dist = join(root, 'node_modules', 'electron', 'dist');
    expect(readFileSync(join(dist, 'electron'))).toEqual(binary);
    expect(readFileSync(join(root, 'node_modules', 'electron', 'path.txt'), 'utf8')).toBe('electron');
  });

  it('fails with one clear line, and installs nothing, where the binary cannot be downloaded', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    const root = projectWithElectron();
    cleanup.push(() => rmSync(root, { recursive: true, force: true }));

    const { code, output } = await runInstall(root, `http://127.0.0.1:${port}/`);

    expect(code).not.toBe(0);
    expect(output).toMatch(/ioc: Electron's binary could not be downloaded/);
    expect(existsSync(join(root, 'node_modules', 'electron', 'path.txt'))).toBe(false);
  });
});
