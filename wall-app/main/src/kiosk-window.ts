import { secureWebPreferences, type SecureWebPreferences } from './security.js';
import type { Bounds } from './window-plan.js';

/** Behind every page, before the first paint and while a renderer restarts: never a desktop. */
export const KIOSK_BACKGROUND = '#000000';

/** The BrowserWindow options of a wall window; plain data so it can be tested. */
export interface KioskWindowOptions extends Bounds {
  frame: false;
  kiosk: true;
  fullscreen: true;
  autoHideMenuBar: true;
  skipTaskbar: true;
  /** Shown at once, black: a hidden window would let the desktop show until the page paints. */
  show: true;
  backgroundColor: string;
  webPreferences: SecureWebPreferences;
}

export function kioskWindowOptions(bounds: Bounds, preloadPath: string): KioskWindowOptions {
  return {
    ...bounds,
    frame: false,
    kiosk: true,
    fullscreen: true,
    autoHideMenuBar: true,
    skipTaskbar: true,
    show: true,
    backgroundColor: KIOSK_BACKGROUND,
    webPreferences: secureWebPreferences(preloadPath),
  };
}

/** Injected into every wall page: nobody uses a mouse on a wall, and a parked cursor shows. */
export const HIDE_CURSOR_CSS = '*, *::before, *::after { cursor: none !important; }';

/**
 * Chromium switches of the kiosk: keep every window painting and animating although the OS
 * may think it occluded or in the background, allow video without a click, and never show
 * crash or error dialogs over the wall.
 */
export const KIOSK_SWITCHES: readonly (readonly [string, string?])[] = [
  ['disable-renderer-backgrounding'],
  ['disable-background-timer-throttling'],
  ['disable-backgrounding-occluded-windows'],
  ['autoplay-policy', 'no-user-gesture-required'],
  ['noerrdialogs'],
  ['disable-session-crashed-bubble'],
];
