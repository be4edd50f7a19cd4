import { execFileSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { startPostgres, type TestPostgres } from './postgres.js';
import { ROOT, createApiKey, enrollCodes, tempDataDir } from './server.js';

/**
 * The store of a center of `servers` content servers, as an administrator prepares it: a throwaway
 * PostgreSQL, one data folder per server (`dirs[i]`), the center's audit key made by the first
 * `ops` run and copied to every folder. `env` is what each server and `ops` run needs
 * (DATABASE_URL); `apiKey` and `enrollCodes` run `ops` against the center's PostgreSQL.
 */
export interface TestCenter {
  databaseUrl: string;
  dirs: string[];
  env: Record<string, string>;
  apiKey(name: string, role: 'ingest' | 'reader' | 'operator' | 'admin'): string;
  enrollCodes(wallId: string, positions: string[], layoutsDir?: string): Record<string, string>;
  stop(): Promise<void>;
}

export async function prepareCenter(servers: number): Promise<TestCenter> {
  const pg: TestPostgres = await startPostgres();
  const folders = Array.from({ length: servers }, () => tempDataDir());
  const dirs = folders.map((f) => f.dir);
  const env = { DATABASE_URL: pg.url };
  // `ops init` makes the schema and the first folder's audit key, and opens the chain with it; the others get copies.
  execFileSync('node', [join(ROOT, 'content-server/bin/ops.js'), 'init'], { env: { ...process.env, DATA_DIR: dirs[0]!, ...env }, stdio: 'pipe' });
  for (const dir of dirs.slice(1)) copyFileSync(join(dirs[0]!, 'audit.key'), join(dir, 'audit.key'));
  return {
    databaseUrl: pg.url,
    dirs,
    env,
    apiKey: (name, role) => createApiKey(dirs[0]!, name, role, { env }),
    enrollCodes: (wallId, positions, layoutsDir) => enrollCodes(dirs[0]!, wallId, positions, layoutsDir, env),
    stop: async () => {
      await pg.stop();
      for (const f of folders) f.remove();
    },
  };
}
