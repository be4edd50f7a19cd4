import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { PostgresSql } from '../store/postgres-sql.js';
import { freshPostgresServers, freshSqliteStore, stopEngines } from '../testing/engines.js';
import { waitFor } from '../testing/harness.js';
import { LocalBus, type BusMessage, type ClusterBus } from './bus.js';
import { PgBus } from './pg-bus.js';

const received = (bus: ClusterBus, channel: string) => {
  const got: BusMessage[] = [];
  bus.subscribe(channel, (m) => got.push(m));
  return got;
};

describe('LocalBus (one server)', () => {
  afterAll(stopEngines);

  it('delivers a message sent in a transaction when it commits, and never when it rolls back', async () => {
    const { sql } = freshSqliteStore();
    const bus = new LocalBus('server-a');
    const got = received(bus, 'live.batch');
    await sql.begin(async (tx) => {
      await bus.publish('live.batch', { n: 1 }, tx);
      expect(got).toEqual([]);
    });
    await sql.begin(async (tx) => {
      await bus.publish('live.batch', { n: 2 }, tx);
      throw new Error('rolled back');
    }).catch(() => {});
    await bus.publish('live.batch', { n: 3 });
    expect(got.map((m) => m.body)).toEqual([{ n: 1 }, { n: 3 }]);
    expect(got[0]!.origin).toBe('server-a');
  });
});

describe('PgBus (several servers on PostgreSQL)', () => {
  afterAll(stopEngines);
  // NOTIFY channels are per database, not per schema: each case listens on its own.
  const channel = () => `ioc_bus_${randomBytes(4).toString('hex')}`;
  const servers = async (n: number) => {
    const ch = channel();
    const pools = await freshPostgresServers(n);
    const buses = await Promise.all(pools.map((p, i) => PgBus.start(`server-${'abc'[i]}`, p, { channel: ch })));
    return { pools, buses };
  };

  it('delivers a committed message to every server, the sender too, and a rolled-back one to none', async () => {
    const { pools, buses } = await servers(2);
    const [a, b] = buses as [PgBus, PgBus];
    const gotA = received(a, 'wall.state');
    const gotB = received(b, 'wall.state');
    await pools[0]!.begin(async (tx) => a.publish('wall.state', { scene: 'economy' }, tx));
    await pools[0]!.begin(async (tx) => {
      await a.publish('wall.state', { scene: 'never' }, tx);
      throw new Error('rolled back');
    }).catch(() => {});
    await b.publish('wall.state', { scene: 'overview' });
    await waitFor(() => gotA.length === 2 && gotB.length === 2, 5000, 'both messages on both servers');
    for (const got of [gotA, gotB]) expect(got.map((m) => [m.origin, m.body])).toEqual([['server-a', { scene: 'economy' }], ['server-b', { scene: 'overview' }]]);
    await Promise.all(buses.map((x) => x.close()));
  });

  it('gives every server the same order, the order of the commits', async () => {
    const { pools, buses } = await servers(3);
    const gots = buses.map((x) => received(x, 'live.batch'));
    // Two servers send 40 messages each at once, each in its own transaction.
    await Promise.all(
      [0, 1].map((s) => Promise.all(Array.from({ length: 40 }, (_, i) => pools[s]!.begin(async (tx) => buses[s]!.publish('live.batch', { s, i }, tx))))),
    );
    await waitFor(() => gots.every((g) => g.length === 80), 10_000, 'all 80 on every server');
    const order = (g: BusMessage[]) => g.map((m) => JSON.stringify(m.body));
    expect(order(gots[1]!)).toEqual(order(gots[0]!));
    expect(order(gots[2]!)).toEqual(order(gots[0]!));
    await Promise.all(buses.map((x) => x.close()));
  });

  it('carries a message bigger than a notification holds, in its place in the order', async () => {
    const { buses } = await servers(2);
    const got = received(buses[1]!, 'live.batch');
    const big = { points: Array.from({ length: 2000 }, (_, i) => ({ unit: String(i).padStart(2, '0'), value: i / 7 })) };
    await buses[0]!.publish('live.batch', { n: 1 });
    await buses[0]!.publish('live.batch', big);
    await buses[0]!.publish('live.batch', { n: 3 });
    await waitFor(() => got.length === 3, 5000, 'three messages');
    expect(got.map((m) => m.body)).toEqual([{ n: 1 }, big, { n: 3 }]);
    await Promise.all(buses.map((x) => x.close()));
  });

  it('reports a gap when its connection was lost, and hears the bus again after', async () => {
    const { pools, buses } = await servers(2);
    const [a, b] = buses as [PgBus, PgBus];
    let gaps = 0;
    b.onGap(() => gaps++);
    const got = received(b, 'wall.state');
    // The listener's connection dies (as in a failover): PostgreSQL ends the session.
    await (pools[0] as PostgresSql).run("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query ILIKE 'listen%' AND pid <> pg_backend_pid()");
    await waitFor(() => gaps >= 1, 10_000, 'a gap');
    await a.publish('wall.state', { after: true });
    await waitFor(() => got.length >= 1, 5000, 'the message after the gap');
    expect(got.at(-1)!.body).toEqual({ after: true });
    await Promise.all(buses.map((x) => x.close()));
  });
});
