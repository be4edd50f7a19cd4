import {
  ClockReportSchema,
  PROTOCOL_VERSION,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  WallJoinSchema,
  parseTopic,
  type SubscribeResult,
  type WallClientToServer,
  type WallJoinResult,
  type WallServerToClient,
} from '@ioc/protocol';
import type { Namespace, Socket } from 'socket.io';
import type { Principal } from '@ioc/protocol';
import { ackOf, describeIssues } from '../describe-issues.js';
import { serverNow, type LiveHub } from '../live/index.js';
import type { Logger } from '../logger.js';
import type { WallDomain } from './index.js';
import type { WallDevices } from './wall-devices.js';

export interface WallSocketData {
  wallId?: string;
  displayId?: string;
  /** The enrolled device whose token the socket presented (wall-devices.ts); absent without one. */
  device?: { id: number; name: string; wallId: string; displayId: string | null; rendererId: string | null };
  /** A console's preview of a wall: the person whose credential opened it (wall-preview.ts); nobody's display. */
  viewer?: Principal;
  /** The preview's credential, re-checked when credentials change (wall-preview.ts). */
  previewToken?: string;
}

export type WallNamespace = Namespace<WallClientToServer, WallServerToClient, Record<string, never>, WallSocketData>;
export type WallSocket = Socket<WallClientToServer, WallServerToClient, Record<string, never>, WallSocketData>;

export function wallRoom(wallId: string): string {
  return `wall:${wallId}`;
}

/**
 * Renderer sockets: join a wall as one of its displays, subscribe to live topics, probe the
 * clock. Every payload is validated; an invalid one is answered with an error and changes
 * nothing. `time:ping` answers with the server's wall time (sub-ms); `clock:report` keeps each
 * renderer's clock estimate for `GET /api/v1/walls/:id/renderers`. Live topics do not require
 * a join, so tools can listen, but like a join they need an enrolled device's token unless the
 * server runs with `wallAuth: 'open'` (`devices`, wall-devices.ts).
 */
export function registerWallSocket(
  ns: WallNamespace,
  deps: { wall: WallDomain; hub: LiveHub; topicProblem: (topic: string) => string | null; log: Logger; devices: WallDevices; shownIndicators?: () => ReadonlySet<string>; servers?: readonly string[] },
): void {
  const { wall, hub, topicProblem, log, devices } = deps;
  /** Topics of indicators no scene shows: not a wall device's to receive (in the open mode, anyone's). */
  const notShown = (topics: readonly string[]): string[] => {
    const shown = deps.shownIndicators?.();
    return shown ? topics.filter((t) => !shown.has(parseTopic(t)?.indicator ?? '')) : [];
  };
  ns.on('connection', (socket) => {
    const live = hub.connect((batch) => socket.emit('live', batch));
    const leave = () => {
      const { wallId, displayId, ...who } = socket.data;
      if (!wallId || !displayId) return;
      void socket.leave(wallRoom(wallId));
      // A preview is nobody's display: it never counted in presence or clocks.
      if (!who.viewer) {
        wall.presence.disconnect(wallId, displayId);
        wall.renderers.left(socket.id);
      }
      // The position goes; who the socket is (device or preview) stays.
      socket.data = who;
    };

    // Async: the wall's state is read from the store. The edge's wrapper answers a rejection (socket-guard.ts).
    socket.on('wall:join', async (join, ack) => {
      const reply = ackOf<WallJoinResult>(ack);
      const r = WallJoinSchema.safeParse(join);
      if (!r.success) return reply({ ok: false, error: `invalid wall:join: ${describeIssues(r.error.issues)}` });
      const { protocolVersion, wallId, displayId } = r.data;
      if (protocolVersion !== PROTOCOL_VERSION) {
        return reply({ ok: false, error: `protocol version ${protocolVersion} is not supported: this server speaks version ${PROTOCOL_VERSION}; update the wall app` });
      }
      // Before anything about the walls: an unenrolled page learns nothing of them.
      const refused = await devices.joinRefusal(socket, wallId, displayId);
      if (refused) {
        log.warn({ wallId, displayId, device: socket.data.device?.id ?? null, socket: socket.id }, `wall:join refused: ${refused}`);
        return reply({ ok: false, error: refused });
      }
      const w = wall.layouts.wall(wallId);
      if (!w) return reply({ ok: false, error: `unknown wall "${wallId}" (walls: ${wall.layouts.walls().map((x) => x.id).join(', ')})` });
      if (!w.displays.some((d) => d.id === displayId)) {
        return reply({ ok: false, error: `wall "${wallId}" has no display "${displayId}" (displays: ${w.displays.map((d) => d.id).join(', ')})` });
      }
      const state = await wall.currentState(wallId);
      if (!state) return reply({ ok: false, error: `wall "${wallId}" has no scene to show` });
      leave();
      void socket.join(wallRoom(wallId));
      socket.data = { ...socket.data, wallId, displayId };
      if (socket.data.viewer) log.info({ wallId, displayId, socket: socket.id, viewer: socket.data.viewer.name }, 'wall preview joined');
      else {
        wall.presence.connect(wallId, displayId);
        wall.renderers.joined(socket.id, wallId, displayId);
        log.info({ wallId, displayId, socket: socket.id }, 'display joined');
      }
      reply({ ok: true, epoch: hub.epoch, serverTime: serverNow(), state, servers: [...(deps.servers ?? [])] });
      wall.joined(socket);
    });

    socket.on('live:subscribe', async (req, ack) => {
      const reply = ackOf<SubscribeResult>(ack);
      const r = SubscribeRequestSchema.safeParse(req);
      if (!r.success) return reply({ ok: false, error: `invalid live:subscribe: ${describeIssues(r.error.issues)}` });
      const refused = await devices.listenRefusal(socket);
      if (refused) return reply({ ok: false, error: refused });
      const outside = socket.data.device ? notShown(r.data.topics) : [];
      if (outside.length > 0) {
        log.warn({ device: socket.data.device?.id, topics: outside.slice(0, 5) }, 'live:subscribe refused: topics no scene shows');
        return reply({ ok: false, error: `no scene of the walls shows ${outside.slice(0, 5).join(', ')}: a wall device may not receive it / không cảnh nào trên tường hiển thị dữ liệu này` });
      }
      // A typo in a layout should say so, not show an empty panel forever.
      const problems = r.data.topics.map(topicProblem).filter((p) => p !== null);
      if (problems.length > 0) return reply({ ok: false, error: problems.join('; ') });
      reply({ ok: true, epoch: hub.epoch });
      // Answered already (the topics are valid); a snapshot the store could not read drops its
      // topic, which the wall asks for again when it reconnects.
      void live.subscribe(r.data).catch((err: unknown) => log.error({ err, socket: socket.id }, 'live snapshot read failed'));
    });

    socket.on('live:unsubscribe', (req) => {
      const r = UnsubscribeRequestSchema.safeParse(req);
      if (!r.success) return log.debug({ socket: socket.id, error: describeIssues(r.error.issues) }, 'invalid live:unsubscribe ignored');
      live.unsubscribe(r.data.topics);
    });

    socket.on('time:ping', (clientSent, ack) => {
      const reply = ackOf<{ clientSent: number; serverTime: number }>(ack);
      const { wallId, displayId } = socket.data;
      if (wallId && displayId && !socket.data.viewer) wall.presence.touch(wallId, displayId);
      // The server's clock is read last, as close as possible to the answer leaving.
      reply({ clientSent: typeof clientSent === 'number' ? clientSent : Number.NaN, serverTime: serverNow() });
    });

    socket.on('clock:report', (report) => {
      const r = ClockReportSchema.safeParse(report);
      if (!r.success) return log.debug({ socket: socket.id, error: describeIssues(r.error.issues) }, 'invalid clock:report ignored');
      wall.renderers.report(socket.id, r.data);
    });

    socket.on('disconnect', (reason) => {
      live.close();
      if (socket.data.wallId) log.info({ wallId: socket.data.wallId, displayId: socket.data.displayId, reason }, 'display left');
      leave();
    });
  });
}
