import { PROTOCOL_VERSION, type CommandResult, type ConsoleClientToServer, type ConsoleServerToClient } from '@ioc/protocol';
import type { Namespace } from 'socket.io';
import { can, type ApiKeys } from '../auth/index.js';
import { ackOf } from '../describe-issues.js';
import type { Logger } from '../logger.js';
import type { WallDomain } from '../wall/index.js';
import type { CommandService } from './command-service.js';

export interface ConsoleSocketData {
  keyId: number;
  keyName: string;
}

export type ConsoleNamespace = Namespace<ConsoleClientToServer, ConsoleServerToClient, Record<string, never>, ConsoleSocketData>;

/**
 * Console sockets. The handshake must carry an active operator or admin key in `auth.token`;
 * the key is checked again at each command so that revoking it takes effect at once.
 */
export function registerConsoleSocket(
  ns: ConsoleNamespace,
  deps: { keys: ApiKeys; wall: WallDomain; commands: CommandService; log: Logger },
): void {
  const { keys, wall, commands, log } = deps;
  ns.use((socket, next) => {
    const auth = socket.handshake.auth as { token?: unknown; protocolVersion?: unknown } | undefined;
    const key = keys.verify(typeof auth?.token === 'string' ? auth.token : null);
    if (!key || !can(key.role, 'command')) {
      log.info({ address: socket.handshake.address }, 'console refused: no valid operator key');
      return next(new Error('unauthorised'));
    }
    if (auth?.protocolVersion !== undefined && auth.protocolVersion !== PROTOCOL_VERSION) {
      return next(new Error(`protocol version ${String(auth.protocolVersion)} is not supported: this server speaks version ${PROTOCOL_VERSION}`));
    }
    socket.data = { keyId: key.id, keyName: key.name };
    next();
  });

  ns.on('connection', (socket) => {
    log.info({ keyName: socket.data.keyName }, 'console connected');
    socket.emit('console:state', wall.consoleState());
    socket.on('command', (cmd, ack) => {
      const reply = ackOf<CommandResult>(ack);
      if (!keys.isActive(socket.data.keyId)) {
        reply({ ok: false, clientId: null, error: { code: 'unauthorised', message: 'the key of this console has been revoked' } });
        socket.disconnect(true);
        return;
      }
      reply(commands.execute(cmd, socket.data));
    });
  });

  // Presence, scene and language changes: every console gets the new picture.
  wall.onConsoleChange(() => ns.emit('console:state', wall.consoleState()));
}
