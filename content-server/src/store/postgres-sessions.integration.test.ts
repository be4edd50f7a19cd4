import { afterAll, describe, expect, it } from 'vitest';
import { freshPostgresServers, stopEngines } from '../testing/engines.js';
import { IDLE_IN_TRANSACTION_MS } from './postgres-sql.js';

/**
 * A content server frozen in the middle of a transaction (its machine gone without a reset: the
 * connection stays open) must not hold its locks for ever: the failover test froze a server and
 * the whole center's ingest waited behind the audit chain's lock it held.
 */
describe('a server that stops talking inside a transaction', () => {
  afterAll(() => stopEngines());

  it('loses the transaction and its locks after IDLE_IN_TRANSACTION_MS, and the other servers go on', async () => {
    const [frozen, other] = await freshPostgresServers(2);
    let held!: () => void;
    const taken = new Promise<void>((r) => (held = r));
    // Takes the audit chain's kind of lock, then sends nothing more: as a process stopped by SIGSTOP.
    const stuck = frozen!.begin(async (tx) => {
      await tx.run("SELECT pg_advisory_xact_lock(hashtext('ioc.audit_chain'))");
      held();
      await new Promise((r) => setTimeout(r, IDLE_IN_TRANSACTION_MS * 3));
      await tx.run('SELECT 1');
    });
    const outcome = stuck.then(() => 'committed', (err: Error) => err.message);
    await taken;
    const started = Date.now();
    await other!.begin(async (tx) => {
      await tx.run("SELECT pg_advisory_xact_lock(hashtext('ioc.audit_chain'))");
    });
    const waited = Date.now() - started;
    expect(waited, 'the lock came free once the silent session was ended').toBeGreaterThanOrEqual(IDLE_IN_TRANSACTION_MS - 500);
    expect(waited, 'and not only after the stuck transaction gave up by itself').toBeLessThan(IDLE_IN_TRANSACTION_MS * 3);
    expect(await outcome).toMatch(/idle-in-transaction timeout|terminat|connection/i);
  }, 30_000);
});
