import type { DisplayPresence, Wall } from '@ioc/protocol';

interface Entry {
  connected: number;
  lastSeen: number | null;
}

/**
 * Which displays have a renderer connected. Presence is synced to consoles but not persisted:
 * after a restart every display is "not seen" until its renderer reconnects.
 */
export class Presence {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners: Array<() => void> = [];

  constructor(private readonly now: () => number = Date.now) {}

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  connect(wallId: string, displayId: string): void {
    const e = this.entry(wallId, displayId);
    e.connected++;
    e.lastSeen = this.now();
    this.emit();
  }

  disconnect(wallId: string, displayId: string): void {
    const e = this.entry(wallId, displayId);
    e.connected = Math.max(0, e.connected - 1);
    e.lastSeen = this.now();
    this.emit();
  }

  /** A sign of life (clock probe): updates lastSeen without telling consoles. */
  touch(wallId: string, displayId: string): void {
    this.entry(wallId, displayId).lastSeen = this.now();
  }

  displays(wall: Wall): DisplayPresence[] {
    return wall.displays.map((d) => {
      const e = this.entries.get(`${wall.id}/${d.id}`);
      return { displayId: d.id, connected: (e?.connected ?? 0) > 0, lastSeen: e?.lastSeen ?? null };
    });
  }

  private entry(wallId: string, displayId: string): Entry {
    const key = `${wallId}/${displayId}`;
    let e = this.entries.get(key);
    if (!e) this.entries.set(key, (e = { connected: 0, lastSeen: null }));
    return e;
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
