import type { WallShellConfig } from './config.js';

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A screen as Electron reports it (`screen.getAllDisplays()`), reduced to what we use. */
export interface ScreenInfo {
  id: number;
  bounds: Bounds;
}

/** One kiosk window to open. */
export interface WindowSpec {
  displayId: string;
  screenId: number;
  bounds: Bounds;
  url: string;
}

export interface UnplacedDisplay {
  displayId: string;
  reason: string;
}

export interface WindowPlan {
  windows: WindowSpec[];
  unplaced: UnplacedDisplay[];
}

/**
 * Screens in a stable order: top to bottom, then left to right. Operating systems list them
 * in different orders, and `screenIndex` in the config refers to this one.
 */
export function orderScreens(screens: readonly ScreenInfo[]): ScreenInfo[] {
  return [...screens].sort((a, b) => a.bounds.y - b.bounds.y || a.bounds.x - b.bounds.x || a.id - b.id);
}

/** `serverUrl/wall/?wall=..&display=..`, whatever the server URL's trailing slash or path. */
export function wallUrl(serverUrl: string, wallId: string, displayId: string): string {
  const url = new URL('/wall/', serverUrl);
  url.searchParams.set('wall', wallId);
  url.searchParams.set('display', displayId);
  return url.toString();
}

/**
 * One window per configured display, on the screen at its `screenIndex` (default: its place
 * in the config list). Displays whose screen is absent, or whose screen is already taken, are
 * reported in `unplaced` instead.
 */
export function planWindows(config: WallShellConfig, screens: readonly ScreenInfo[]): WindowPlan {
  const ordered = orderScreens(screens);
  const taken = new Map<number, string>();
  const windows: WindowSpec[] = [];
  const unplaced: UnplacedDisplay[] = [];
  config.displays.forEach((display, i) => {
    const index = display.screenIndex ?? i;
    const screen = ordered[index];
    if (!screen) {
      unplaced.push({ displayId: display.displayId, reason: `no screen at index ${index} (${ordered.length} connected)` });
      return;
    }
    const owner = taken.get(screen.id);
    if (owner !== undefined) {
      unplaced.push({ displayId: display.displayId, reason: `screen ${index} is already used by display ${owner}` });
      return;
    }
    taken.set(screen.id, display.displayId);
    windows.push({
      displayId: display.displayId,
      screenId: screen.id,
      bounds: { ...screen.bounds },
      url: wallUrl(config.serverUrl, config.wallId, display.displayId),
    });
  });
  return { windows, unplaced };
}
