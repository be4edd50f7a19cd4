import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./check-tools.mjs', import.meta.url));
const bin = mkdtempSync(join(tmpdir(), 'ioc-tools-'));
afterAll(() => rmSync(bin, { recursive: true, force: true }));

function tool(name: string): string {
  const file = join(bin, name);
  writeFileSync(file, '#!/bin/sh\n');
  chmodSync(file, 0o755);
  return file;
}

function check(env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [script], { env, encoding: 'utf8' });
}

describe('npm test: the tools check that runs first', () => {
  it('names each missing Debian package once, with the command that installs them, on one line, and stops', () => {
    tool('socat');
    tool('oscdump'); // liblo-tools without oscsend is still liblo-tools missing
    const r = check({ PATH: bin, CHROMIUM_PATH: join(bin, 'no-chromium'), PG_BINDIR: join(bin, 'no-postgresql') });
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/missing Debian packages: chromium \(.+\), liblo-tools \(.+\), postgresql \(.+\), patroni \(.+\), etcd-server \(.+\), pgbackrest \(.+\)\. Install them with: (sudo )?apt-get update && (sudo )?apt-get install -y --no-install-recommends chromium liblo-tools postgresql patroni etcd-server pgbackrest$/);
    expect(lines[0]).not.toMatch(/socat/);
  });

  it('says nothing and lets the tests run when every tool is there', () => {
    tool('socat');
    tool('oscdump');
    tool('oscsend');
    tool('postgres'); // PG_BINDIR points at the server binaries of another install
    tool('patroni');
    tool('etcd');
    tool('pgbackrest');
    const r = check({ PATH: bin, CHROMIUM_PATH: tool('chromium'), PG_BINDIR: bin });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  });
});
