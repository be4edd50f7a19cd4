import type { Principal } from '@ioc/protocol';
import type { Logger } from '../logger.js';
import type { ClusterBus } from '../cluster/bus.js';
import type { Db } from '../store/index.js';
import type { ApiKeys } from './api-keys.js';
import { principalOfKey, principalOfUser } from './principal.js';
import { SESSION_TOKEN_PREFIX, type Sessions } from './sessions.js';

/** Who a token stands for now, and when it ends unless used (null: a key, until revoked). */
export interface Standing {
  principal: Principal;
  expiresAt: number | null;
}

/**
 * As `resolvePrincipal`, but without counting as use: a console socket merely left open must
 * not keep its session from ending at the idle timeout.
 */
export async function standingOf(token: string | null | undefined, deps: { keys: ApiKeys; sessions: Sessions }): Promise<Standing | null> {
  if (!token) return null;
  if (token.startsWith(SESSION_TOKEN_PREFIX)) {
    const hit = await deps.sessions.verify(token, { touch: false });
    return hit ? { principal: principalOfUser(hit.user), expiresAt: hit.session.expiresAt } : null;
  }
  const key = await deps.keys.verify(token);
  return key ? { principal: principalOfKey(key), expiresAt: null } : null;
}

/** `changed`: a credential may have been revoked or a role changed; otherwise a periodic tick (for expiries). */
export type RevocationListener = (event: { changed: boolean }) => void;

/** The bus channel on which a server (or `ops`) says that something was revoked. */
export const REVOCATION_CHANNEL = 'auth.revoked';

/**
 * Tells the holders of open sockets that a session, key, user or device token may have been
 * revoked or changed, so that they re-check their sockets at once. Changes made in this process
 * call `notify()`; changes made by another process on the same SQLite file (the `ops` CLI) are
 * seen through `PRAGMA data_version`, which moves only when another connection commits, so
 * sockets are re-checked only when something may have changed, not on every tick.
 */
export class Revocations {
  private readonly listeners = new Set<RevocationListener>();
  private pending = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  private bus: ClusterBus | null = null;
  private readonly unsubscribe: Array<() => void> = [];

  constructor(private readonly log: Logger) {}

  on(listener: RevocationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * A revocation in this process. Listeners run once for a burst of calls, after the current
   * synchronous work: a revocation inside a transaction is judged after its commit (or rollback).
   */
  notify(): void {
    if (this.pending) return;
    this.pending = true;
    queueMicrotask(() => {
      this.pending = false;
      this.emit(true);
      // The other servers of the center re-check their sockets too (watchBus).
      this.bus?.publish(REVOCATION_CHANNEL, {}).catch((err: unknown) => this.log.warn({ err }, 'could not tell the other servers of a revocation; their sockets are re-checked at their next tick'));
    });
  }

  /**
   * Several servers on one PostgreSQL: a revocation made on any of them (or by `ops`) arrives on
   * the bus, and after a gap in the bus every socket is re-checked; every `everyMs` a tick for
   * expiries, as `watch` gives on SQLite.
   */
  watchBus(bus: ClusterBus, everyMs = 500): void {
    this.bus = bus;
    this.unsubscribe.push(
      bus.subscribe(REVOCATION_CHANNEL, (m) => {
        if (m.origin !== bus.serverId) this.emit(true);
      }),
      bus.onGap(() => this.emit(true)),
    );
    this.timer = setInterval(() => this.emit(false), everyMs);
    this.timer.unref();
  }

  /** Watches `db` for commits by other processes; every `everyMs` also a tick for expiries. */
  watch(db: Db, everyMs = 500): void {
    let version: number | null = null;
    const tick = (): void => {
      let now: number | null;
      try {
        now = dataVersion(db);
      } catch (err) {
        // A store that cannot answer now (busy, disk trouble) must not take the process down;
        // treat it as a change, so that sockets are re-checked as soon as it answers again.
        if (version !== null) this.log.warn({ err }, 'cannot read the store\'s data_version; re-checking open sockets when it answers');
        now = null;
      }
      const changed = now === null || now !== version;
      version = now;
      if (now !== null) this.emit(changed);
    };
    version = dataVersion(db);
    this.timer = setInterval(tick, everyMs);
    this.timer.unref();
  }

  close(): void {
    for (const off of this.unsubscribe.splice(0)) off();
    this.bus = null;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.listeners.clear();
  }

  private emit(changed: boolean): void {
    for (const listener of this.listeners) {
      try {
        listener({ changed });
      } catch (err) {
        this.log.error({ err }, 'a revocation listener failed');
      }
    }
  }
}

function dataVersion(db: Db): number {
  return db.pragma('data_version', { simple: true }) as number;
}
