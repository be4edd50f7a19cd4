import { join } from 'node:path';
import { wallUrl } from '../../main/src/window-plan.js';
import type { LauncherConfig, LauncherDisplay } from './config.js';

/** What it takes to start one display's Chromium. */
export interface LaunchSpec {
  displayId: string;
  url: string;
  executable: string;
  args: string[];
  profileDir: string;
}

/**
 * The switches of a kiosk Chromium: one app window without browser UI at the display's
 * position, its own profile (two Chromiums on one profile would merge into one process), no
 * crash bubbles, infobars, keyring prompts or first-run pages, video without a click, and every
 * window painting although the desktop may call it occluded. The DevTools port is how the
 * launcher supervises it (bound to 127.0.0.1).
 */
export function launchSpec(config: LauncherConfig, display: LauncherDisplay, profileRoot: string): LaunchSpec {
  const url = wallUrl(config.serverUrl, config.wallId, display.displayId);
  const profileDir = join(profileRoot, display.displayId);
  return {
    displayId: display.displayId,
    url,
    executable: config.chromium,
    profileDir,
    args: [
      '--kiosk',
      `--app=${url}`,
      `--window-position=${display.x},${display.y}`,
      `--window-size=${display.width},${display.height}`,
      `--user-data-dir=${profileDir}`,
      `--remote-debugging-port=${display.debuggingPort ?? 0}`,
      '--noerrdialogs',
      '--disable-session-crashed-bubble',
      '--disable-infobars',
      '--autoplay-policy=no-user-gesture-required',
      '--no-first-run',
      '--no-default-browser-check',
      '--password-store=basic',
      '--disable-features=Translate',
      '--disable-component-update',
      '--disable-background-timer-throttling',
      '--disable-renderer-backgrounding',
      '--disable-backgrounding-occluded-windows',
      '--overscroll-history-navigation=0',
      ...config.extraArgs,
    ],
  };
}
