import type { Revocations, Standing } from '../auth/revocation.js';
import type { Logger } from '../logger.js';
import type { CommandCatalog } from './catalog.js';
import type { ConsoleNamespace } from './console-socket.js';
import { actorOf } from '../auth/principal.js';

type ConsoleSocket = Parameters<Parameters<ConsoleNamespace['on']>[1]>[0];

/**
 * Keeps open console sockets true to their credentials. A console gets the live console state,
 * device statuses and warnings pushed to it without asking, so checking the token at each
 * command is not enough: when a session ends (logout, expiry, its user disabled) or a key is
 * revoked, its sockets are disconnected at once, and when a user's role changes the open
 * console gets the new `console:whoami` and catalog (its commands are judged by the new role
 * anyway). A disconnected console reconnects by itself and is then refused, which it shows.
 */
export function guardConsoleSockets(
  ns: ConsoleNamespace,
  deps: { standing: (token: string) => Promise<Standing | null>; revocations: Revocations; catalog: CommandCatalog; log: Logger; now?: () => number },
): void {
  const { standing, catalog, log } = deps;
  const now = deps.now ?? Date.now;
  // When each socket's session ends unless used (re-read at each check: use moves it).
  const expiry = new Map<string, number | null>();

  const check = async (socket: ConsoleSocket): Promise<void> => {
    const current = await standing(socket.data.token);
    if (!socket.connected) return;
    const was = socket.data.principal;
    if (!current || current.principal.id !== was.id || current.principal.kind !== was.kind) {
      log.info({ who: actorOf(was), role: was.role }, 'console cut: its session or key was revoked or has ended');
      expiry.delete(socket.id);
      socket.disconnect(true);
      return;
    }
    expiry.set(socket.id, current.expiresAt);
    if (current.principal.role !== was.role) {
      log.info({ who: actorOf(was), from: was.role, to: current.principal.role }, 'console role changed');
      socket.data.principal = current.principal;
      socket.emit('console:whoami', current.principal);
      socket.emit('console:catalog', { commands: catalog.served(current.principal.role) });
    }
  };

  ns.on('connection', (socket) => {
    socket.on('disconnect', () => expiry.delete(socket.id));
    // Nobody waits on a check: it acts on the socket itself; a store that cannot answer is logged.
    void check(socket).catch((err: unknown) => log.warn({ err }, 'cannot re-check a console socket now'));
  });

  deps.revocations.on(({ changed }) => {
    const t = now();
    for (const socket of [...ns.sockets.values()]) {
      const ends = expiry.get(socket.id);
      if (changed || (ends != null && ends <= t)) void check(socket).catch((err: unknown) => log.warn({ err }, 'cannot re-check a console socket now'));
    }
  });
}
