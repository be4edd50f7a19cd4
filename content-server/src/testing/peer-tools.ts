// Test support (not compiled into dist): whether an external peer program (liblo's oscsend and
// oscdump) is installed, and what a test does when it is not. In CI (`CI=true`) `.ci/run`
// installs these tools, so a missing one is a broken machine, not a reason to skip: the test
// must fail there. Outside CI a developer without the package gets a skip that says why.
import { spawnSync } from 'node:child_process';

/** Whether `cmd` is found on PATH. */
export function onPath(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

export interface PeerTools {
  /** Skip the tests that need the tools (outside CI, tools missing). */
  skip: boolean;
  /** The tools that are missing (empty when all are installed). */
  missing: string[];
}

/**
 * Checks that the tools of a Debian package are installed. Outside CI, a missing tool prints one
 * line naming the package and the skip; in CI it throws, so the test file fails instead of
 * passing with its interoperability tests silently skipped.
 */
export function requirePeerTools(suite: string, tools: readonly string[], debianPackage: string, env: NodeJS.ProcessEnv = process.env): PeerTools {
  const missing = tools.filter((t) => !onPath(t));
  if (missing.length === 0) return { skip: false, missing };
  const why = `${missing.join(', ')} not on PATH (apt-get install ${debianPackage})`;
  if (env.CI === 'true') throw new Error(`${suite}: ${why}; CI installs it (.ci/run), so this must not be skipped`);
  console.warn(`${suite}: skipped, ${why}`);
  return { skip: true, missing };
}
