import type { CommandCatalogResponse } from './command-catalog/wire.js';
import type { CommandEnvelope, CommandResult, FailedCommandsResult } from './commands.js';
import type { DeviceStatus } from './devices.js';
import type { Principal } from './identity.js';
import type { LiveBatch, SubscribeRequest, UnsubscribeRequest } from './live.js';
import type { ConsoleState, WallJoin, WallState } from './wall-state.js';
import type { ClockReport } from './clock.js';
import type { DeviceEnrolled, DeviceIdentity, PairingCode, PairingRequest, PairingResult } from './wall-devices.js';
import type { MapFeed } from './map-feed.js';
import type { WarningAckRequest, WarningAckResult, WarningChange, WarningsSnapshot } from './warnings.js';

/** Socket.io namespace of wall renderers (read-only data and scene pushes). */
export const WALL_NAMESPACE = '/wall';
/** Socket.io namespace of control consoles (commands; needs a token in `auth.token`). */
export const CONSOLE_NAMESPACE = '/console';

export type Ack<T> = (result: T) => void;

/**
 * Answer to `wall:join`. `servers`: the public origins of every content server of the center
 * (`CLUSTER_URLS`; empty for a single server), where the renderer goes if this one dies
 * (current-server.ts).
 */
export type WallJoinResult =
  | { ok: true; epoch: string; serverTime: number; state: WallState; servers: string[] }
  | { ok: false; error: string };

/** Answer to `live:subscribe`. */
export type SubscribeResult = { ok: true; epoch: string } | { ok: false; error: string };

/** Events the server emits to a wall renderer. */
export interface WallServerToClient {
  live: (batch: LiveBatch) => void;
  'wall:state': (state: WallState) => void;
  /** Warnings not resolved (after `wall:join`); then each change as `warning:changed`. */
  'warnings:snapshot': (snapshot: WarningsSnapshot) => void;
  'warning:changed': (change: WarningChange) => void;
  /** The map's incidents and flows (after `wall:join`, then after every change): all the map's events and flows layers draw. */
  'map:feed': (feed: MapFeed) => void;
  /** A renewed pairing code (the previous one expired), to a renderer waiting for enrollment. */
  'pairing:code': (code: PairingCode) => void;
  /** A technician assigned this renderer's code: its device token (keep it) and position. */
  'device:enrolled': (enrolled: DeviceEnrolled) => void;
  /** On connection with a valid device token: the position it is enrolled at. */
  'device:identity': (identity: DeviceIdentity) => void;
  /** This renderer's token was revoked; the server disconnects it next. */
  'device:revoked': () => void;
}

/** Events a wall renderer emits to the server. */
export interface WallClientToServer {
  'wall:join': (join: WallJoin, ack: Ack<WallJoinResult>) => void;
  'live:subscribe': (req: SubscribeRequest, ack: Ack<SubscribeResult>) => void;
  'live:unsubscribe': (req: UnsubscribeRequest) => void;
  /** Clock probe: the server answers with its time (epoch ms). */
  'time:ping': (clientSent: number, ack: Ack<{ clientSent: number; serverTime: number }>) => void;
  /** The renderer's clock estimate (offset to the server, its error); kept per renderer by the server. */
  'clock:report': (report: ClockReport) => void;
  /** A renderer without a device token asks for a pairing code to show. */
  'pairing:request': (req: PairingRequest, ack: Ack<PairingResult>) => void;
}

/** Events the server emits to a console. */
export interface ConsoleServerToClient {
  'console:state': (state: ConsoleState) => void;
  /** Who this console acts for (sent on connect). */
  'console:whoami': (who: Principal) => void;
  /** Every content server of the center (`CLUSTER_URLS`, sent on connect; empty: a single server), for failover. */
  'console:servers': (servers: string[]) => void;
  /** The command catalog as this console's role sees it (on connect and when macros change). */
  'console:catalog': (catalog: CommandCatalogResponse) => void;
  /** Every device's status (on connect). */
  'devices:status': (devices: DeviceStatus[]) => void;
  /** One device's status, whenever it changes. */
  'device:status': (device: DeviceStatus) => void;
  /** Warnings not resolved (on connect); then each change as `warning:changed`. */
  'warnings:snapshot': (snapshot: WarningsSnapshot) => void;
  'warning:changed': (change: WarningChange) => void;
}

/** Events a console emits to the server. */
export interface ConsoleClientToServer {
  command: (cmd: CommandEnvelope, ack: Ack<CommandResult>) => void;
  /** Technician, admin: the latest failed commands, newest first. */
  'commands:failed': (req: { limit?: number }, ack: Ack<FailedCommandsResult>) => void;
  /** Admin: run a failed command again, under a new client id. */
  'command:resend': (req: { clientId: string; newClientId: string }, ack: Ack<CommandResult>) => void;
  /** Operator and above: acknowledge a warning (audited as `warning.ack`). */
  'warning:ack': (req: WarningAckRequest, ack: Ack<WarningAckResult>) => void;
}

/**
 * Every event a client may send, at run time (the maps above are types only): the server's edge
 * guards, the fuzz pass and the access test walk these. The `Record` makes the compiler name an
 * event added to a map above and missing here.
 */
export const WALL_CLIENT_EVENTS = Object.keys({
  'wall:join': true,
  'live:subscribe': true,
  'live:unsubscribe': true,
  'time:ping': true,
  'clock:report': true,
  'pairing:request': true,
} satisfies Record<keyof WallClientToServer, true>) as Array<keyof WallClientToServer>;

export const CONSOLE_CLIENT_EVENTS = Object.keys({
  command: true,
  'commands:failed': true,
  'command:resend': true,
  'warning:ack': true,
} satisfies Record<keyof ConsoleClientToServer, true>) as Array<keyof ConsoleClientToServer>;
