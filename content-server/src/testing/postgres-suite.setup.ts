// Setup file of the integration-pg project (vitest.config.ts), run in each test file: test servers
// use the project's shared cluster, and what the file made in it is dropped when the file ends.
import { afterAll, inject } from 'vitest';
import { SHARED_POSTGRES_ENV, stopEngines } from './engines.js';

process.env[SHARED_POSTGRES_ENV] = inject('testPostgresUrl');
afterAll(stopEngines);
