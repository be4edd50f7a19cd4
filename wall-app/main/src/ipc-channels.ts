import { z } from 'zod';

/**
 * Every IPC channel between a wall window and the main process. The preload imports only the
 * types of this file (a sandboxed preload cannot load local modules), so a channel it uses
 * that is missing here fails the type check.
 */
export const IPC_CHANNELS = {
  /**
   * Renderer -> main, a few times a second from the page's frame loop: proves that its main
   * thread runs and paints. Payload: `HeartbeatStatus`.
   */
  heartbeat: 'wall:heartbeat',
} as const;

export type IpcChannel = (typeof IPC_CHANNELS)[keyof typeof IPC_CHANNELS];

const KNOWN: ReadonlySet<string> = new Set(Object.values(IPC_CHANNELS));

export function isIpcChannel(name: string): name is IpcChannel {
  return KNOWN.has(name);
}

/** What a heartbeat says about the page, besides being alive. */
export const HeartbeatStatusSchema = z.strictObject({
  /** The page shows its current scene completely (`document.documentElement.dataset.ready`). */
  ready: z.boolean(),
});
export type HeartbeatStatus = z.infer<typeof HeartbeatStatusSchema>;

/** Validates a heartbeat payload from a renderer; anything malformed counts as "alive, not ready". */
export function parseHeartbeat(payload: unknown): HeartbeatStatus {
  const result = HeartbeatStatusSchema.safeParse(payload);
  return result.success ? result.data : { ready: false };
}

/** The API the preload exposes on `window.iocWall`. */
export interface WallShellApi {
  heartbeat(status?: HeartbeatStatus): void;
}

/**
 * Main accepts IPC only from the webContents of windows it created itself; anything else (a
 * stray frame, a devtools extension) is dropped.
 */
export class IpcSenderGuard {
  readonly #owned = new Set<number>();

  register(webContentsId: number): void {
    this.#owned.add(webContentsId);
  }

  unregister(webContentsId: number): void {
    this.#owned.delete(webContentsId);
  }

  accepts(webContentsId: number, channel: string, isMainFrame: boolean): boolean {
    return isMainFrame && this.#owned.has(webContentsId) && isIpcChannel(channel);
  }
}
