import { AUTHORISED_ROOM, type WallDomain, type WallNamespace } from '../wall/index.js';
import type { MapFeedDomain } from './index.js';

/**
 * The map feed on the wall namespace: a wall gets `map:feed` once its `wall:join` succeeded
 * (WallDomain.onJoined), and again after
 * every change, only where data may go (never to a pairing screen).
 */
export function registerMapFeedSockets(wallNs: WallNamespace, feed: MapFeedDomain, wall: WallDomain): void {
  wall.onJoined((socket) => feed.sendCurrent((current) => socket.emit('map:feed', current)));
  feed.onChange((current) => wallNs.to(AUTHORISED_ROOM).emit('map:feed', current));
}
