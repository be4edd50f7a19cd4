#!/usr/bin/env node
// Run by `npm test` before anything else: the tests drive real programs (Debian's chromium, socat
// for serial ptys, liblo-tools as an independent OSC peer, PostgreSQL 15 for the store's second
// engine, started throwaway by tests/support/postgres.ts, pgBackRest for its backups; Patroni and
// etcd for the failover cluster of npm run cluster and its test). A machine without one of them would
// build for minutes and then fail by the hundred; instead say once what is missing and how to
// install it. Plain JavaScript so it runs before the build.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Each tool the suite runs, the Debian package that has it, and how the suite finds it. */
export const TOOLS = [
  { pkg: 'chromium', what: 'headless browser of the end-to-end tests', path: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
  { pkg: 'socat', what: 'serial port pairs (ptys)', command: 'socat' },
  { pkg: 'liblo-tools', what: 'the independent OSC peer (oscdump, oscsend)', command: 'oscdump' },
  { pkg: 'liblo-tools', what: 'the independent OSC peer (oscdump, oscsend)', command: 'oscsend' },
  { pkg: 'postgresql', what: 'PostgreSQL 15 server for the store tests and benches', path: join(process.env.PG_BINDIR ?? '/usr/lib/postgresql/15/bin', 'postgres') },
  { pkg: 'patroni', what: 'the failover manager of npm run cluster and its failover test', command: 'patroni' },
  { pkg: 'etcd-server', what: "Patroni's consensus store (etcd) for npm run cluster", command: 'etcd' },
  { pkg: 'pgbackrest', what: 'PostgreSQL backups and point-in-time restores (ops backup, the restore drill)', command: 'pgbackrest' },
];

function executable(file) {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function onPath(command, pathVar = process.env.PATH ?? '') {
  return pathVar.split(delimiter).some((dir) => dir !== '' && executable(join(dir, command)));
}

/** The Debian packages missing on this machine, each once, in the order of TOOLS. */
export function missingPackages(env = process.env) {
  const missing = [];
  for (const t of TOOLS) {
    const present = t.path !== undefined ? executable(t.path) : onPath(t.command, env.PATH ?? '');
    if (!present && !missing.includes(t.pkg)) missing.push(t.pkg);
  }
  return missing;
}

export function installLine(missing) {
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  return `${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${missing.join(' ')}`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const missing = missingPackages();
  // `.ci/run` asks for the bare list to install it before running exactly `npm ci && npm test`.
  if (process.argv.includes('--list')) {
    console.log(missing.join(' '));
    process.exit(0);
  }
  if (missing.length > 0) {
    const why = TOOLS.filter((t) => missing.includes(t.pkg)).map((t) => `${t.pkg} (${t.what})`);
    console.error(`npm test: missing Debian packages: ${[...new Set(why)].join(', ')}. Install them with: ${installLine(missing)}`);
    process.exit(1);
  }
}
