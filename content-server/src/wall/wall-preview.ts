import { USER_ROLES, type Principal } from '@ioc/protocol';
import { followCredentials } from '../auth/follow-credentials.js';
import type { Revocations, Standing } from '../auth/revocation.js';
import { actorOf } from '../auth/principal.js';
import type { Logger } from '../logger.js';
import { AUTHORISED_ROOM } from './wall-devices.js';
import type { WallNamespace, WallSocket } from './wall-socket.js';

/** Why a preview handshake was refused; the page shows it (socket.io's `connect_error`). */
export const PREVIEW_REFUSED = 'preview_refused';

/**
 * Console previews of a wall: the console's page opens the wall namespace with its own
 * credential (`auth: { preview: <session token or API key> }`, never in the address) and draws
 * the wall from the same state and live topics as the wall's renderers, through the same events.
 * A preview is read-only and is nobody's display: it joins no display's presence, reports no
 * clock, pairs nothing (`wall-socket.ts`, `wall-devices.ts` leave it out). Every person's role
 * may preview (a viewer follows the room); keys for ingest or reading data may not. A preview is
 * cut as soon as its credential ends (logout, expiry, a disabled user, a revoked key), as a
 * console socket is (`commands/console-guard.ts`).
 */
export function attachWallPreviews(ns: WallNamespace, deps: { standing: (token: string) => Promise<Standing | null>; revocations: Revocations; log: Logger; now?: () => number }): void {
  const { standing, log } = deps;
  const refuse = (message: string) => Object.assign(new Error(message), { data: { code: PREVIEW_REFUSED } });

  ns.use((socket, next) => {
    const auth = socket.handshake.auth as Record<string, unknown> | undefined;
    const token = auth?.preview;
    if (token === undefined) return next();
    if (typeof token !== 'string' || token === '' || token.length > 512) return next(refuse('a preview needs the console\'s credential / bản xem trước cần thông tin đăng nhập của bảng điều khiển'));
    if (auth?.token !== undefined) return next(refuse('a page is either a display (a device token) or a preview, not both'));
    standing(token).then(
      (s) => {
        if (!s || !previewer(s.principal)) {
          log.warn({ address: socket.handshake.address, who: s ? actorOf(s.principal) : null }, 'wall preview refused');
          return next(refuse('sign in to the console to preview the wall (people only; an ingest or reader key may not) / hãy đăng nhập bảng điều khiển để xem trước màn hình ghép'));
        }
        socket.data.viewer = s.principal;
        socket.data.previewToken = token;
        next();
      },
      (err: unknown) => {
        log.warn({ err, address: socket.handshake.address }, 'wall preview refused: the store could not check its credential');
        next(new Error('the server cannot check credentials now; retrying'));
      },
    );
  });

  const follow = followCredentials<WallSocket>({
    sockets: () => ns.sockets.values(),
    credential: (socket) => (socket.data.viewer && socket.data.previewToken ? { token: socket.data.previewToken, principal: socket.data.viewer } : null),
    standing,
    revocations: deps.revocations,
    log,
    what: 'a wall preview',
    ...(deps.now && { now: deps.now }),
    cut: (socket) => {
      log.info({ who: actorOf(socket.data.viewer!) }, 'wall preview cut: its session or key was revoked or has ended');
      socket.disconnect(true);
    },
    still: (socket, current) => {
      socket.data.viewer = current.principal;
    },
  });

  ns.on('connection', (socket) => {
    if (!socket.data.viewer) return;
    void socket.join(AUTHORISED_ROOM);
    socket.on('disconnect', () => follow.forget(socket));
    // Its session's end is learnt here; the handshake checked the credential itself.
    void follow.check(socket).catch((err: unknown) => log.warn({ err }, 'cannot re-check a wall preview now'));
  });
}

/** People may preview a wall; keys for ingest and for reading data may not. */
function previewer(p: Principal): boolean {
  return (USER_ROLES as readonly string[]).includes(p.role);
}
