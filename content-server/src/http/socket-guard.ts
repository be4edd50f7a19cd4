import { refusalSource, type RefusalTally } from '../audit/refusal-tally.js';
import type { Label, Principal } from '@ioc/protocol';
import type { Namespace, Socket } from 'socket.io';
import type { Audit } from '../audit/index.js';
import type { Logger } from '../logger.js';
import { checkJsonValue, type JsonBounds } from './json-bounds.js';
import { auditActorOf } from '../auth/principal.js';
import type { Failure } from '../store/index.js';

/**
 * The engine's frame limit, for both namespaces (they share one engine.io server): the largest
 * legitimate client message is a console command or a wall's subscription list, a few KiB.
 */
export const SOCKET_MAX_BUFFER_BYTES = 64 * 1024;
/** Per namespace: what each one's events carry at most, counted on the decoded arguments. */
export const WALL_SOCKET_BOUNDS: JsonBounds = { depth: 8, items: 2_000, chars: 32 * 1024 };
export const CONSOLE_SOCKET_BOUNDS: JsonBounds = { depth: 16, items: 2_000, chars: 48 * 1024 };
/** Every client event takes a payload and an ack at most. */
const MAX_ARGS = 2;

export interface SocketGuardOptions {
  /** The events clients may send on this namespace (`WALL_CLIENT_EVENTS`, `CONSOLE_CLIENT_EVENTS`). */
  events: readonly string[];
  bounds: JsonBounds;
  /** The ack of a refused or failed event in this namespace's result shape. */
  ackError(code: 'invalid' | 'failed', text: Label): unknown;
  audit: Audit;
  /** Refusals are counted per source and minute here (one audit row each minute), not one row each. */
  tally?: Pick<RefusalTally, 'count'>;
  log: Logger;
  /**
   * Maps a handler's error to a failure of the store, the disk or a folder, and notes it for
   * /healthz (HealthMonitor.noteError); null for a bug. A failure is answered with its own text
   * (what is wrong, nothing stored), as HTTP answers it with a 503/507.
   */
  failures?: (err: unknown, what: string) => Failure | null;
}

/** A console's error result (`CommandResult`, `FailedCommandsResult`, `WarningAckResult` all read it). */
export const consoleAckError = (code: 'invalid' | 'failed', text: Label): unknown => ({ ok: false, clientId: null, error: { code, message: text.en, text } });
/** A wall's error result (`WallJoinResult`, `SubscribeResult`, `PairingResult`). */
export const wallAckError = (_code: 'invalid' | 'failed', text: Label): unknown => ({ ok: false, error: text.en, text });

function actorOf(socket: Socket): { actor: string; role: string | null } {
  return auditActorOf((socket.data as { principal?: Principal } | undefined)?.principal);
}

type Listener = (...args: unknown[]) => unknown;

/**
 * Installs the edge of a namespace; call it before any other handler of the namespace is
 * registered. Each socket gets (1) a middleware that refuses an unknown event and arguments past
 * the bounds before any handler runs (answered through the ack when there is one, audited as
 * `edge.refused`) and (2) its handlers of client events wrapped so that a throw or a rejected
 * promise is answered, logged and audited (`socket.error`) instead of reaching the process.
 */
export function guardNamespace(ns: Namespace, opts: SocketGuardOptions): void {
  const known = new Set(opts.events);
  /**
   * Writes the row of a refused or failed event; resolves once it is in the log, or once its
   * failure is logged (never rejects). Edge refusals go through the tally: a flood of them waits
   * on the rows the tally writes anyway (one per source, event and minute), not on a row each.
   */
  const record = (socket: Socket, action: string, event: string, detail: Record<string, unknown>): Promise<void> => {
    const failed = (err: unknown) => void opts.log.error({ err }, 'could not audit a socket refusal');
    try {
      const target = `${ns.name} ${event}`.slice(0, 200);
      const full = { address: socket.handshake.address, ...detail };
      const written =
        action === 'edge.refused' && opts.tally
          ? opts.tally.count(refusalSource(actorOf(socket).actor, socket.handshake.address), action, { target, detail: full, firstAtOnce: true })
          : opts.audit.write({ ...actorOf(socket), action, target, detail: full, ok: false });
      return written.catch(failed);
    } catch (err) {
      failed(err);
      return Promise.resolve();
    }
  };
  /** Answers after the row is written: whoever reads the log on hearing the refusal finds it. */
  const answerAfter = (written: Promise<void>, ack: ((r: unknown) => void) | null, result: unknown) => {
    if (!ack) return;
    void written.then(() => ack(result)).catch((err: unknown) => opts.log.error({ err }, 'could not answer a refused socket event'));
  };

  ns.on('connection', (socket) => {
    socket.use((packet, next) => {
      const [event, ...args] = packet as unknown[];
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (r: unknown) => void) : null;
      const name = typeof event === 'string' ? event.slice(0, 64) : '(not a name)';
      let text: Label | null = null;
      let reason = '';
      if (typeof event !== 'string' || !known.has(event)) {
        text = { en: `unknown event "${name}" on ${ns.name}`, vi: `sự kiện không được hỗ trợ "${name}" trên ${ns.name}` };
        reason = 'unknown-event';
      } else if (args.length > MAX_ARGS - (ack ? 1 : 0)) {
        text = { en: `too many arguments for "${name}"`, vi: `quá nhiều tham số cho "${name}"` };
        reason = 'arguments';
      } else {
        const found = checkJsonValue(args, opts.bounds);
        if (found) {
          text = { en: `${found.text.en} (event "${name}")`, vi: `${found.text.vi} (sự kiện "${name}")` };
          reason = found.kind;
        }
      }
      if (!text) return next();
      opts.log.info({ namespace: ns.name, event: name, reason, address: socket.handshake.address }, 'socket event refused at the edge');
      answerAfter(record(socket, 'edge.refused', name, { reason }), ack, opts.ackError('invalid', text));
    });
    wrapListeners(socket, known, (event, err, ack) => {
      const failure = opts.failures?.(err, `${ns.name} ${event}`) ?? null;
      if (failure) {
        // The monitor has logged and (when the store takes it) audited the cause once; a row per
        // refused event would be written into the very store that fails.
        ack?.(opts.ackError('failed', failure.text));
        return;
      }
      opts.log.error({ err, namespace: ns.name, event }, 'socket handler failed');
      answerAfter(record(socket, 'socket.error', event, { error: String((err as Error)?.message ?? err).slice(0, 300) }), ack, opts.ackError('failed', { en: 'internal error; the server log has the details', vi: 'lỗi nội bộ; nhật ký máy chủ có chi tiết' }));
    });
  });
}

/**
 * Wraps every listener later registered on `socket` for a client event: the handlers are written
 * by each domain, and one that throws must not take the process down with it.
 */
function wrapListeners(socket: Socket, events: ReadonlySet<string>, fail: (event: string, err: unknown, ack: ((r: unknown) => void) | null) => void): void {
  const wrap = (event: string | symbol, fn: Listener): Listener => {
    if (typeof event !== 'string' || !events.has(event)) return fn;
    return function (this: unknown, ...args: unknown[]) {
      const last = args[args.length - 1];
      let acked = false;
      const ack = typeof last === 'function' ? (r: unknown) => ((acked = true), (last as (r: unknown) => void)(r)) : null;
      if (ack) args[args.length - 1] = ack;
      const failed = (err: unknown) => fail(event, err, ack && !acked ? ack : null);
      try {
        const out = fn.apply(this, args);
        if (out && typeof (out as Promise<unknown>).then === 'function') (out as Promise<unknown>).then(undefined, failed);
        return out;
      } catch (err) {
        failed(err);
        return undefined;
      }
    };
  };
  const on = socket.on.bind(socket) as (event: string | symbol, fn: Listener) => Socket;
  const once = socket.once.bind(socket) as (event: string | symbol, fn: Listener) => Socket;
  const patched = socket as unknown as Record<'on' | 'addListener' | 'once', (event: string | symbol, fn: Listener) => Socket>;
  patched.on = patched.addListener = (event, fn) => on(event, wrap(event, fn));
  patched.once = (event, fn) => once(event, wrap(event, fn));
}
