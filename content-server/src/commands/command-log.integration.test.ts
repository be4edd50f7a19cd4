import type { CommandResult } from '@ioc/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { ENGINES, freshPostgres, freshSql, stopEngines, testPostgres } from '../testing/engines.js';
import { PostgresSql } from '../store/postgres-sql.js';
import { CommandLog } from './command-log.js';

const command = (clientId: string, owner = 'user#1') => ({ clientId, name: 'display.power', args: { device: 'disp-1', on: true }, actor: 'user:lan', owner, role: 'operator', target: 'disp-1' });
const done = (clientId: string): CommandResult => ({ ok: true, clientId, name: 'display.power', duplicate: false, durationMs: 3.5 });

afterAll(() => stopEngines());

describe.each(ENGINES)('the command log on %s', (engine) => {
  it('claims a client id once, records how the command ended, and lists the newest first', async () => {
    const log = new CommandLog(await freshSql(engine));
    expect(await log.begin(command('c-1'), 1_000)).toBe(true);
    expect(await log.begin(command('c-1', 'user#2'), 1_001)).toBe(false);
    expect(await log.get('c-1')).toMatchObject({ clientId: 'c-1', principal: 'user#1', status: 'running', result: null, args: { device: 'disp-1', on: true }, receivedAt: 1_000 });
    await log.finish('c-1', done('c-1'), 1_200);
    expect(await log.get('c-1')).toMatchObject({ status: 'done', finishedAt: 1_200, result: { ok: true, durationMs: 3.5 } });
    expect(await log.begin({ ...command('c-2'), resendOf: 'c-1' }, 2_000)).toBe(true);
    await log.finish('c-2', { ok: false, clientId: 'c-2', error: { code: 'failed', message: 'no reply' } }, 2_100);
    expect((await log.list()).map((c) => c.clientId)).toEqual(['c-2', 'c-1']);
    expect(await log.list({ status: 'failed' })).toMatchObject([{ clientId: 'c-2', resendOf: 'c-1', status: 'failed' }]);
    expect(await log.get('nope')).toBeNull();
  });

  it('gives a client id sent to two servers at once to exactly one of them', async () => {
    const sql = await freshSql(engine);
    const log = new CommandLog(sql);
    const claims = await Promise.all(Array.from({ length: 8 }, (_, i) => log.begin(command('same-id', `user#${i}`))));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect((await log.get('same-id'))!.principal).toBe(`user#${claims.indexOf(true)}`);
  });

  it('fails the commands a stop cut off, once', async () => {
    const log = new CommandLog(await freshSql(engine));
    await log.begin(command('cut-1'));
    await log.begin(command('ok-1'));
    await log.finish('ok-1', done('ok-1'));
    const gone = async () => false;
    expect(await log.failInterrupted(gone, 5_000)).toBe(1);
    expect(await log.get('cut-1')).toMatchObject({ status: 'failed', finishedAt: 5_000, result: { ok: false, error: { message: expect.stringMatching(/^interrupted/) } } });
    expect(await log.failInterrupted(gone)).toBe(0);
  });

  it('fails only the commands of servers that stopped, asking once per server', async () => {
    const log = new CommandLog(await freshSql(engine));
    await log.begin({ ...command('on-a-1'), runner: 'server-a' });
    await log.begin({ ...command('on-a-2'), runner: 'server-a' });
    await log.begin({ ...command('on-b'), runner: 'server-b' });
    const asked: string[] = [];
    const alive = async (id: string) => {
      asked.push(id);
      return id === 'server-b';
    };
    expect(await log.failInterrupted(alive)).toBe(2);
    expect(asked.sort()).toEqual(['server-a', 'server-b']);
    expect((await log.get('on-a-1'))!.status).toBe('failed');
    expect((await log.get('on-a-2'))!.status).toBe('failed');
    expect((await log.get('on-b'))!.status).toBe('running');
  });
});

describe('two servers on one PostgreSQL', () => {
  it('claim a client id each sends at the same moment exactly once', async () => {
    const first = await freshPostgres();
    const { schema } = (await first.get<{ schema: string }>('SELECT current_schema() AS schema'))!;
    const second = new PostgresSql((await testPostgres()).url, { schema, max: 4 });
    try {
      const logs = [new CommandLog(first), new CommandLog(second)];
      for (let round = 0; round < 20; round++) {
        const claims = await Promise.all(logs.map((log, i) => log.begin(command(`race-${round}`, `server#${i}`))));
        expect(claims.filter(Boolean), `round ${round}`).toHaveLength(1);
      }
    } finally {
      await second.close();
    }
  });
});
