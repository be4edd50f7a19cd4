import { PROTOCOL_VERSION, type CommandResult, type ConsoleClientToServer, type ConsoleServerToClient, type FailedCommand, type FailedCommandsResult, type Principal } from '@ioc/protocol';
import type { Namespace } from 'socket.io';
import { ackOf } from '../describe-issues.js';
import type { DevicesDomain } from '../devices/index.js';
import type { Logger } from '../logger.js';
import type { WallDomain } from '../wall/index.js';
import type { CommandCatalog } from './catalog.js';
import type { LoggedCommand } from './command-log.js';
import type { CommandActor, CommandService } from './command-service.js';

export interface ConsoleSocketData {
  principal: Principal;
  token: string;
}

export type ConsoleNamespace = Namespace<ConsoleClientToServer, ConsoleServerToClient, Record<string, never>, ConsoleSocketData>;

export interface ConsoleAuth {
  /** Who a token (a session token or an API key) stands for, or null. */
  resolve(token: string | null): Promise<Principal | null>;
}

export const actorOf = (p: Principal): CommandActor => ({ kind: p.kind, id: p.id, name: p.name, role: p.role });

/** A logged failed command as consoles see it. */
export function failedOf(c: LoggedCommand): FailedCommand {
  const error = c.result && !c.result.ok ? c.result.error : null;
  return { clientId: c.clientId, name: c.name, args: c.args, actor: c.actor, role: c.role, target: c.target, receivedAt: c.receivedAt, error, resendOf: c.resendOf };
}

/**
 * Console sockets. The handshake must carry a session token or an API key in `auth.token`
 * for anyone but an ingest or reader key (a viewer gets a read-only console); the token is checked again
 * at each command so that a revoked session or key stops at once. The catalog's role rules are
 * enforced by the command service, not here and not in the console.
 */
export function registerConsoleSocket(
  ns: ConsoleNamespace,
  deps: { auth: ConsoleAuth; wall: WallDomain; devices: DevicesDomain; catalog: CommandCatalog; commands: CommandService; log: Logger; servers?: readonly string[] },
): void {
  const { auth, wall, devices, catalog, commands, log } = deps;
  ns.use((socket, next) => {
    const hs = socket.handshake.auth as { token?: unknown; protocolVersion?: unknown } | undefined;
    const token = typeof hs?.token === 'string' ? hs.token : null;
    auth.resolve(token).then(
      (principal) => {
        if (!principal || principal.role === 'ingest' || principal.role === 'reader') {
          log.info({ address: socket.handshake.address }, 'console refused: no valid session or key');
          return next(new Error('unauthorised'));
        }
        if (hs?.protocolVersion !== undefined && hs.protocolVersion !== PROTOCOL_VERSION) {
          return next(new Error(`protocol version ${String(hs.protocolVersion)} is not supported: this server speaks version ${PROTOCOL_VERSION}`));
        }
        socket.data = { principal, token: token! };
        next();
      },
      (err: unknown) => {
        // The store did not answer: refused like a bad token (the console retries), and said in the log.
        log.warn({ err, address: socket.handshake.address }, 'console refused: the store could not check its token');
        next(new Error('unauthorised'));
      },
    );
  });

  ns.on('connection', (socket) => {
    const { principal } = socket.data;
    log.info({ who: `${principal.kind}:${principal.name}`, role: principal.role }, 'console connected');
    socket.emit('console:whoami', principal);
    socket.emit('console:servers', [...(deps.servers ?? [])]);
    // The walls are read from the store; the catalog and devices follow them, as they always have.
    void wall
      .consoleState()
      .then(
        (state) => void socket.emit('console:state', state),
        (err: unknown) => log.error({ err }, 'reading the walls for a console failed'),
      )
      .finally(() => {
        socket.emit('console:catalog', { commands: catalog.served(principal.role) });
        socket.emit('devices:status', devices.list());
      });

    /** The principal if the token is still good; otherwise answers and hangs up. */
    const stillValid = async (reply: (r: CommandResult) => void): Promise<Principal | null> => {
      const now = await auth.resolve(socket.data.token);
      if (now) return now;
      reply({ ok: false, clientId: null, error: { code: 'unauthorised', message: 'the session or key of this console is no longer valid; sign in again' } });
      socket.disconnect(true);
      return null;
    };
    socket.on('command', async (cmd, ack) => {
      const reply = ackOf<CommandResult>(ack);
      const who = await stillValid(reply);
      // Returned, not voided: the edge's wrapper answers and audits a rejection (socket-guard.ts).
      return who ? commands.execute(cmd, actorOf(who)).then(reply) : undefined;
    });
    socket.on('commands:failed', async (req, ack) => {
      const reply = ackOf<FailedCommandsResult>(ack);
      const who = await auth.resolve(socket.data.token);
      if (!who) return reply({ ok: false, error: { code: 'unauthorised', message: 'the session or key of this console is no longer valid; sign in again' } });
      if (who.role !== 'technician' && who.role !== 'admin') return reply({ ok: false, error: { code: 'forbidden', message: `the ${who.role} role may not read the command log (allowed: technician, admin)` } });
      const limit = typeof req?.limit === 'number' && Number.isInteger(req.limit) ? Math.min(Math.max(req.limit, 1), 200) : 50;
      reply({ ok: true, commands: (await commands.log.list({ status: 'failed', limit })).map(failedOf) });
    });
    socket.on('command:resend', async (req, ack) => {
      const reply = ackOf<CommandResult>(ack);
      const who = await stillValid(reply);
      if (!who) return;
      const ok = typeof req?.clientId === 'string' && typeof req.newClientId === 'string';
      if (!ok) return reply({ ok: false, clientId: null, error: { code: 'invalid', message: 'expected { clientId, newClientId }' } });
      return commands.resend(req.clientId, actorOf(who), req.newClientId).then(reply);
    });
  });

  // Presence, scene and language changes: every console gets the new picture.
  wall.onConsoleChange((state) => ns.emit('console:state', state));
  devices.onStatus((s) => ns.emit('device:status', s));
}
