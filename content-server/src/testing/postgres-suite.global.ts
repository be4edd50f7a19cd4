// Global setup of the integration-pg project (vitest.config.ts): ONE throwaway PostgreSQL cluster
// for the whole run, not one per file (an initdb and a start each, the suite's files running one
// after another on a 2-core machine). Each test server gets its own database in it.
import type { TestProject } from 'vitest/node';
import { startPostgres } from '../../../tests/support/postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    testPostgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Room for the pools (10 connections each) of the servers of every file running at once.
  const pg = await startPostgres({ settings: { max_connections: '300' }, timeoutMs: 60_000 });
  project.provide('testPostgresUrl', pg.url);
  return () => pg.stop();
}
