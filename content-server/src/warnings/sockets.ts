import { WarningAckRequestSchema, type WarningAckResult } from '@ioc/protocol';
import type { ConsoleAuth, ConsoleNamespace } from '../commands/index.js';
import { ackOf, describeIssues } from '../describe-issues.js';
import { AUTHORISED_ROOM, type WallDomain, type WallNamespace } from '../wall/index.js';
import type { WarningsDomain } from './index.js';

/**
 * Warnings on the two namespaces, registered beside (after) the wall and console handlers:
 * a wall gets `warnings:snapshot` once its `wall:join` succeeded (WallDomain.onJoined), a console on connect; both get
 * every `warning:changed`. Consoles acknowledge with `warning:ack`; the role is checked by the
 * domain (operator and above), with the token resolved again so a revoked session stops at once.
 */
export function registerWarningSockets(wallNs: WallNamespace, consoleNs: ConsoleNamespace, deps: { warnings: WarningsDomain; auth: ConsoleAuth; wall: WallDomain }): void {
  const { warnings, auth } = deps;
  // After the wall's own handler has answered a join that succeeded.
  deps.wall.onJoined((socket) => void warnings.sendSnapshot((list) => socket.emit('warnings:snapshot', { warnings: list })));

  consoleNs.on('connection', (socket) => {
    void warnings.sendSnapshot((list) => socket.emit('warnings:snapshot', { warnings: list }));
    socket.on('warning:ack', async (req, ack) => {
      const reply = ackOf<WarningAckResult>(ack);
      const who = await auth.resolve(socket.data.token);
      if (!who) {
        reply({ ok: false, error: { code: 'unauthorised', message: 'the session or key of this console is no longer valid; sign in again' } });
        socket.disconnect(true);
        return;
      }
      const r = WarningAckRequestSchema.safeParse(req);
      if (!r.success) return reply({ ok: false, error: { code: 'invalid', message: `invalid warning:ack: ${describeIssues(r.error.issues)}` } });
      reply(await warnings.acknowledge(r.data.id, who, r.data.note || null));
    });
  });

  warnings.onChange((change) => {
    // Only to renderers allowed data (enrolled, or any in `open` mode): never to a pairing screen.
    wallNs.to(AUTHORISED_ROOM).emit('warning:changed', change);
    consoleNs.emit('warning:changed', change);
  });
}
