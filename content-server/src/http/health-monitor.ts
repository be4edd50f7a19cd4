import { accessSync, constants, statSync } from 'node:fs';
import type { Health, HealthCause, HealthCauseCode } from '@ioc/protocol';
import type { FastifyInstance } from 'fastify';
import type { Audit } from '../audit/index.js';
import type { Logger } from '../logger.js';
import { failureOf, type Failure, type Store } from '../store/index.js';
import { makeFailure } from '../store/failures.js';

/** Below this much free disk the store is about to fail writes: degraded before it does. */
export const MIN_DISK_FREE_BYTES = 16 * 1024 * 1024;
/** After SQLITE_FULL, the room the store must have again before it is called recovered. */
export const MIN_STORE_ROOM_BYTES = 4 * 1024 * 1024;

interface Known {
  failure: Failure;
  since: number;
  refused: number;
}

/**
 * What /healthz reports and what recovers on its own. A failure seen by a request (SQLITE_FULL,
 * SQLITE_BUSY, ...) is kept until a probe shows it gone: a rolled-back write for the store's
 * failures, a look at the file, the disk or the folder for the others. Nothing here needs a
 * restart: once the cause goes, the next request succeeds and /healthz says ok again.
 * The store cannot hold the audit of its own failure, so the first refusal and the recovery
 * are audited when the store takes writes (best effort) and always logged.
 */
export class HealthMonitor {
  private known = new Map<string, Known>();
  private folders: Array<{ role: string; path: string }> = [];

  constructor(private readonly deps: { store: Store; audit: Audit; log: Logger }) {}

  /** A folder the server writes into, named by its role in what /healthz says. */
  watchFolder(role: string, path: string): void {
    this.folders.push({ role, path });
  }

  /** A request was refused for `failure`: remember it until it goes. */
  note(failure: Failure, what?: string): void {
    const key = keyOf(failure);
    const k = this.known.get(key);
    if (k) {
      k.refused += 1;
      return;
    }
    this.known.set(key, { failure, since: Date.now(), refused: 1 });
    this.deps.log.error({ code: failure.code, cause: failure.cause, folder: failure.folder, what }, `degraded: ${failure.text.en}`);
    this.tryAudit('system.degraded', failure, { cause: failure.cause ?? null, what: what ?? null });
  }

  /** Maps an error to a failure and notes it; null for anything else (a bug: the caller answers 500). */
  noteError(err: unknown, what?: string): Failure | null {
    const failure = failureOf(err);
    if (failure) this.note(failure, what);
    return failure;
  }

  /** A write must not start while the store file is not the one open: it would be lost. */
  refuseWrite(): Failure | null {
    return this.deps.store.fileMoved() ? makeFailure('store_file_moved', 'stat') : null;
  }

  /** The live state: probes what is known to have failed, and looks at the file, disk and folders. */
  async check(): Promise<Health> {
    const { store } = this.deps;
    const live: Failure[] = [];
    if (!(await store.ping())) live.push(makeFailure('store_unreachable', 'ping'));
    if (store.fileMoved()) live.push(makeFailure('store_file_moved', 'stat'));
    const free = store.diskFree();
    if (free !== null && free < MIN_DISK_FREE_BYTES) live.push(makeFailure('disk_full', 'statfs'));
    for (const f of this.folders) if (!writable(f.path)) live.push(makeFailure('folder_missing', 'access', f.role));
    for (const [key, k] of [...this.known]) {
      if (this.known.get(key) !== k) continue;
      const still = live.some((l) => keyOf(l) === key) || (await this.probe(k.failure, live));
      if (still) continue;
      this.known.delete(key);
      this.deps.log.info({ code: k.failure.code, folder: k.failure.folder, refused: k.refused }, `recovered: ${k.failure.code}`);
      this.tryAudit('system.recovered', k.failure, { since: k.since, refused: k.refused });
    }
    const causes = new Map<string, HealthCause>();
    for (const f of [...live, ...[...this.known.values()].map((k) => k.failure)]) causes.set(keyOf(f), { code: f.code, text: f.text });
    return { status: causes.size ? 'degraded' : 'ok', causes: [...causes.values()] };
  }

  /** Whether a failure seen earlier is still there (live checks were done by the caller). */
  private async probe(f: Failure, live: readonly Failure[]): Promise<boolean> {
    switch (f.code) {
      case 'store_file_moved':
      case 'disk_full':
      case 'store_unreachable':
        return false;
      case 'folder_missing':
        // Seen by a request on a path, not a watched folder: gone once a watched check passes.
        return live.some((l) => l.code === 'folder_missing');
      case 'store_full': {
        // A small write may still fit in free pages while a batch does not: wait for real room.
        const free = this.deps.store.diskFree();
        return this.deps.store.roomLeft() < MIN_STORE_ROOM_BYTES || (free !== null && free < MIN_DISK_FREE_BYTES) || (await this.deps.store.probeWrite()) !== null;
      }
      case 'store_corrupt':
        return !(await this.deps.store.quickCheck());
      default:
        return (await this.deps.store.probeWrite()) !== null;
    }
  }

  private tryAudit(action: string, f: Failure, detail: Record<string, unknown>): void {
    if (f.code !== 'folder_missing' && f.code !== 'disk_full' && action === 'system.degraded') return;
    const failed = (err: unknown) => this.deps.log.warn({ err, action }, 'could not audit a change of health; it is in this log');
    try {
      // Not awaited: a change of health is noted where a failure is caught, which must not wait
      // on the store that may be what failed.
      void this.deps.audit.write({ actor: 'system', action, target: f.code, detail: { ...detail, ...(f.folder && { folder: f.folder }) }, ok: action === 'system.recovered' }).catch(failed);
    } catch (err) {
      failed(err);
    }
  }
}

function keyOf(f: { code: HealthCauseCode; folder?: string }): string {
  return f.folder ? `${f.code}:${f.folder}` : f.code;
}

function writable(path: string): boolean {
  try {
    if (!statSync(path).isDirectory()) return false;
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Before the routes (hooks reach the routes registered after them, scoped error handlers
 * included): a failure of the environment that a route threw is noted for /healthz; a request
 * that may write (any method but GET, HEAD, OPTIONS) is refused before any work while the
 * store file is not the one open, since what it stored would be lost.
 */
export function installHealthHooks(app: FastifyInstance, health: HealthMonitor): void {
  app.addHook('onError', async (request, _reply, err) => {
    health.noteError(err, `${request.method} ${request.url.split('?')[0]}`);
  });
  app.addHook('onRequest', async (request, reply) => {
    if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return;
    const failure = health.refuseWrite();
    if (!failure) return;
    health.note(failure, `${request.method} ${request.url.split('?')[0]}`);
    return reply.code(failure.status).send({ errors: [{ index: null, field: '(server)', message: failure.text.en, text: failure.text }] });
  });
}
