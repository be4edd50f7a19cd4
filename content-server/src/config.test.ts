import { describe, expect, it } from 'vitest';
import { databaseUrlFromEnv, loadConfig } from './config.js';

describe('DATABASE_URL', () => {
  it('is unset by default: the embedded SQLite store', () => {
    expect(loadConfig({}).databaseUrl).toBeNull();
    expect(databaseUrlFromEnv('  ')).toBeNull();
  });
  it('takes a PostgreSQL URL with one or several hosts', () => {
    const url = 'postgres://ioc:pw@10.0.0.1:5432,10.0.0.2:5432/ioc?target_session_attrs=primary';
    expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
    expect(databaseUrlFromEnv('postgresql://ioc@db/ioc')).toBe('postgresql://ioc@db/ioc');
  });
  it('stops the start on anything else, rather than falling back to SQLite', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://db/ioc' })).toThrow(/DATABASE_URL must be postgres:\/\//);
    expect(() => databaseUrlFromEnv('postgres://db')).toThrow(/with the database name/);
  });
});
