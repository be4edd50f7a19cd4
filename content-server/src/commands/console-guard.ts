import { followCredentials } from '../auth/follow-credentials.js';
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
  const { catalog, log } = deps;
  const follow = followCredentials<ConsoleSocket>({
    sockets: () => ns.sockets.values(),
    credential: (socket) => ({ token: socket.data.token, principal: socket.data.principal }),
    standing: deps.standing,
    revocations: deps.revocations,
    log,
    what: 'a console socket',
    ...(deps.now && { now: deps.now }),
    cut: (socket) => {
      const was = socket.data.principal;
      log.info({ who: actorOf(was), role: was.role }, 'console cut: its session or key was revoked or has ended');
      socket.disconnect(true);
    },
    still: (socket, current) => {
      const was = socket.data.principal;
      if (current.principal.role === was.role) return;
      log.info({ who: actorOf(was), from: was.role, to: current.principal.role }, 'console role changed');
      socket.data.principal = current.principal;
      socket.emit('console:whoami', current.principal);
      socket.emit('console:catalog', { commands: catalog.served(current.principal.role) });
    },
  });

  ns.on('connection', (socket) => {
    socket.on('disconnect', () => follow.forget(socket));
    void follow.check(socket).catch((err: unknown) => log.warn({ err }, 'cannot re-check a console socket now'));
  });
}
