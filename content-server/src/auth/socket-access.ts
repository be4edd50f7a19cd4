import { CONSOLE_EVENT_ACCESS, WALL_EVENT_ACCESS, allows, type Access, type Principal } from '@ioc/protocol';
import type { Audit } from '../audit/index.js';
import type { RefusalTally } from '../audit/refusal-tally.js';
import type { Logger } from '../logger.js';
import { actorOf } from './principal.js';

/** The parts of a socket the guard needs (both namespaces' sockets have them). */
interface GuardedSocket {
  id: string;
  use(fn: (packet: unknown[], next: (err?: Error) => void) => void): unknown;
}

/**
 * An audited refusal carries its row's write (`audited`), an audited read too (`answerAfter`);
 * neither rejects, and the event's answer waits for it.
 */
type Decide = (event: string, access: Access | undefined) => { ok: true; answerAfter?: Promise<void> } | { ok: false; ack: unknown; why: string; audited?: Promise<void> };

/**
 * Installs the one check of client events on a socket: an event is handled only when its
 * declared access (protocol `WALL_EVENT_ACCESS`, `CONSOLE_EVENT_ACCESS`) admits this socket.
 * An undeclared event is dropped; a refused one is answered on its ack (once its audit row, if
 * any, is in the log) and not handled.
 */
function guard(socket: GuardedSocket, table: Record<string, Access>, decide: Decide, log: Logger): void {
  socket.use((packet, next) => {
    const [event] = packet;
    const name = typeof event === 'string' ? event : '';
    const access = Object.hasOwn(table, name) ? table[name] : undefined;
    const verdict = decide(name, access);
    if (verdict.ok) {
      const written = verdict.answerAfter;
      const ack = packet[packet.length - 1];
      if (written && typeof ack === 'function') packet[packet.length - 1] = (...result: unknown[]) => void written.then(() => (ack as (...r: unknown[]) => void)(...result)).catch((err: unknown) => log.error({ err }, 'could not answer a socket event'));
      return next();
    }
    log.info({ socket: socket.id, event: name.slice(0, 64) }, `socket event refused: ${verdict.why}`);
    const ack = packet[packet.length - 1];
    if (typeof ack !== 'function') return;
    const answer = () => (ack as (r: unknown) => void)(verdict.ack);
    if (!verdict.audited) return answer();
    void verdict.audited.then(answer).catch((err: unknown) => log.error({ err }, 'could not answer a refused socket event'));
  });
}

/**
 * Wall sockets: public events for anyone; device events for an enrolled renderer (its wall is
 * then checked by the join), or for any page in the `open` mode.
 */
export function guardWallSocket(socket: GuardedSocket & { data: { device?: unknown; viewer?: Principal } }, deps: { open: () => boolean; log: Logger }): void {
  guard(
    socket,
    WALL_EVENT_ACCESS,
    (event, access) => {
      if (!access) return { ok: false, ack: { ok: false, error: `unknown event "${event.slice(0, 64)}"` }, why: 'undeclared event' };
      // A renderer (device token, or any page in the open mode), or a person's preview (wall-preview.ts).
      if (allows(access, socket.data.device || deps.open() ? 'device' : (socket.data.viewer ?? null))) return { ok: true };
      const why = 'this renderer is not enrolled: it shows a pairing code, which a technician assigns to a wall position (Ghép màn hình / Enroll displays)';
      return { ok: false, ack: { ok: false, error: why }, why };
    },
    deps.log,
  );
}

/** Reads over the console socket that are audited, like their HTTP routes. */
const AUDITED_EVENTS: Partial<Record<keyof typeof CONSOLE_EVENT_ACCESS, string>> = { 'commands:failed': 'read.command-log' };

/**
 * Console sockets: every socket has a principal (the handshake refused the others); each event
 * needs one of its declared roles. A refusal is audited as `access.forbidden`.
 */
export function guardConsoleSocket(socket: GuardedSocket & { data: { principal: Principal } }, deps: { audit: Audit; tally?: Pick<RefusalTally, 'count'>; log: Logger }): void {
  guard(
    socket,
    CONSOLE_EVENT_ACCESS,
    (event, access) => {
      const p = socket.data.principal;
      const actor = actorOf(p);
      if (!access) return { ok: false, ack: { ok: false, clientId: null, error: { code: 'invalid', message: `unknown event "${event.slice(0, 64)}"` } }, why: 'undeclared event' };
      if (allows(access, p)) {
        const audited = AUDITED_EVENTS[event as keyof typeof CONSOLE_EVENT_ACCESS];
        if (!audited) return { ok: true };
        // The event is handled at once (waiting here would let the socket's later events pass it);
        // its answer waits for the row instead, as an HTTP read's does (access-hook.ts, onSend).
        const written = deps.audit.write({ actor, role: p.role, action: audited, target: `console:${event}`, ok: true }).catch((err: unknown) => void deps.log.error({ err, event }, 'could not audit a console event'));
        return { ok: true, answerAfter: written };
      }
      const roles = 'roles' in access ? access.roles.join(', ') : '';
      const message = `the ${p.role} role may not send ${event} (allowed: ${roles}) / vai trò ${p.role} không có quyền này`;
      // Counted per caller, event and minute (the first written at once): a flood of refused events
      // is not a flood of rows, and its refusals wait on those rows only.
      const failed = (err: unknown) => void deps.log.error({ err, event }, 'could not audit a console refusal');
      let written: Promise<void>;
      try {
        written = (deps.tally ? deps.tally.count(actor, 'access.forbidden', { target: `console:${event}`, role: p.role, firstAtOnce: true }) : deps.audit.write({ actor, role: p.role, action: 'access.forbidden', target: `console:${event}`, ok: false })).catch(failed);
      } catch (err) {
        written = Promise.resolve(failed(err));
      }
      return { ok: false, ack: { ok: false, clientId: null, error: { code: 'forbidden', message } }, why: message, audited: written };
    },
    deps.log,
  );
}
