/** The part of `window.iocWall` (Electron preload) that the heartbeat uses. */
export interface KioskShell {
  heartbeat(status?: { ready: boolean }): void;
}

export interface HeartbeatDeps {
  requestFrame(cb: (t: number) => void): void;
  /** Whether the tile shows its current scene completely. */
  isReady(): boolean;
}

/** Beats a few times a second, so that main's 1.5 s deadline tolerates a slow frame or two. */
export const HEARTBEAT_EVERY_MS = 250;

const browserDeps = (): HeartbeatDeps => ({
  requestFrame: (cb) => requestAnimationFrame(cb),
  isReady: () => document.documentElement.dataset['ready'] === 'true',
});

/**
 * Tells the kiosk shell that this page is alive, from the frame loop: a hung main thread or a
 * renderer that stopped painting stops the beats, and the shell restarts the window.
 */
export function startKioskHeartbeat(shell: KioskShell, deps: HeartbeatDeps = browserDeps()): void {
  let last = -Infinity;
  const frame = (t: number): void => {
    if (t - last >= HEARTBEAT_EVERY_MS) {
      last = t;
      shell.heartbeat({ ready: deps.isReady() });
    }
    deps.requestFrame(frame);
  };
  deps.requestFrame(frame);
}
