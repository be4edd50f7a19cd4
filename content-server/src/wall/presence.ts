import type { DisplayPresence, Wall } from '@ioc/protocol';
import type { ClusterBus } from '../cluster/bus.js';
import { PeerAnnouncements } from '../cluster/peer-announcements.js';

interface Entry {
  connected: number;
  lastSeen: number | null;
}

/** One server's presence as it tells the others: every display it has seen, whole. */
interface Announcement {
  entries: Array<[key: string, connected: number, lastSeen: number | null]>;
  /** The enrolled devices with a socket on that server (absent: none): at most one entry per enrolled device. */
  devices?: number[];
}

const CHANNEL = 'wall.presence';
/** Each server repeats its presence this often; a server not heard for `PEER_SILENT_MS` is gone, and so are its renderers. */
export { PEER_REPEAT_MS as PRESENCE_REPEAT_MS, PEER_SILENT_MS } from '../cluster/peer-announcements.js';

/** A peer's presence as kept. */
interface PeerPresence {
  entries: Map<string, Entry>;
  devices: readonly number[];
}

/**
 * Which displays have a renderer connected, across every server of the center: a renderer may
 * be connected to any of them. Each server keeps its own renderers and tells the others its whole
 * presence on each change (cluster/peer-announcements.ts); a server's view is the sum. A server
 * that stops speaking (it died) drops out after `PEER_SILENT_MS`.
 * Presence is not persisted: after a restart every display is "not seen" until its renderer
 * reconnects. The announcement also names the enrolled devices with a socket on the server, so
 * the device list of any server says which are connected (wall/wall-devices.ts).
 */
export class Presence {
  private readonly entries = new Map<string, Entry>();
  /** Sockets per enrolled device on this server (wall/wall-devices.ts tells, with several servers). */
  private readonly devices = new Map<number, number>();
  private readonly peers: PeerAnnouncements<PeerPresence, Announcement> | null;
  private readonly listeners: Array<() => void> = [];

  constructor(
    private readonly now: () => number = Date.now,
    bus: ClusterBus | null = null,
  ) {
    this.peers = bus
      ? new PeerAnnouncements<PeerPresence, Announcement>(bus, CHANNEL, {
          local: () => ({ entries: [...this.entries].map(([k, e]) => [k, e.connected, e.lastSeen]), ...(this.devices.size > 0 && { devices: [...this.devices.keys()] }) }),
          read: ({ entries, devices }) => ({ entries: new Map(entries.map(([k, connected, lastSeen]) => [k, { connected, lastSeen }])), devices: devices ?? [] }),
          changed: () => this.emit(),
          now,
        })
      : null;
  }

  /** Starts repeating this server's presence and forgetting silent peers (several servers only). */
  start(): void {
    this.peers?.start();
  }

  stop(): void {
    this.peers?.stop();
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  connect(wallId: string, displayId: string): void {
    const e = this.entry(wallId, displayId);
    e.connected++;
    e.lastSeen = this.now();
    this.changed();
  }

  disconnect(wallId: string, displayId: string): void {
    const e = this.entry(wallId, displayId);
    e.connected = Math.max(0, e.connected - 1);
    e.lastSeen = this.now();
    this.changed();
  }

  /** An enrolled device's socket connected to this server: the others are told (consoles show nothing new). */
  deviceConnected(id: number): void {
    this.devices.set(id, (this.devices.get(id) ?? 0) + 1);
    this.peers?.announce();
  }

  deviceDisconnected(id: number): void {
    const n = (this.devices.get(id) ?? 0) - 1;
    if (n > 0) this.devices.set(id, n);
    else this.devices.delete(id);
    this.peers?.announce();
  }

  /** The enrolled devices with a socket on another server of the center. */
  devicesOnPeers(): Set<number> {
    const out = new Set<number>();
    for (const [, p] of this.peers?.peers() ?? []) for (const id of p.devices) out.add(id);
    return out;
  }

  /** A sign of life (clock probe): updates lastSeen without telling consoles. */
  touch(wallId: string, displayId: string): void {
    this.entry(wallId, displayId).lastSeen = this.now();
  }

  displays(wall: Wall): DisplayPresence[] {
    return wall.displays.map((d) => {
      const key = `${wall.id}/${d.id}`;
      let connected = this.entries.get(key)?.connected ?? 0;
      let lastSeen = this.entries.get(key)?.lastSeen ?? null;
      for (const [, p] of this.peers?.peers() ?? []) {
        const e = p.entries.get(key);
        if (!e) continue;
        connected += e.connected;
        if (e.lastSeen !== null && (lastSeen === null || e.lastSeen > lastSeen)) lastSeen = e.lastSeen;
      }
      return { displayId: d.id, connected: connected > 0, lastSeen };
    });
  }

  /** Forgets peers not heard for PEER_SILENT_MS and repeats this server's presence. */
  tick(): void {
    this.peers?.tick();
  }

  private entry(wallId: string, displayId: string): Entry {
    const key = `${wallId}/${displayId}`;
    let e = this.entries.get(key);
    if (!e) this.entries.set(key, (e = { connected: 0, lastSeen: null }));
    return e;
  }

  private changed(): void {
    this.emit();
    this.peers?.announce();
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
