/** Electron's webPreferences subset we set; kept as plain data so it can be tested. */
export interface SecureWebPreferences {
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  navigateOnDragDrop: false;
  spellcheck: false;
  /** A wall is never "in the background": its clock and data must keep running. */
  backgroundThrottling: false;
  preload: string;
}

export function secureWebPreferences(preloadPath: string): SecureWebPreferences {
  return {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    backgroundThrottling: false,
    preload: preloadPath,
  };
}

/**
 * A wall window may only show the renderer: same origin as the content server (scheme, host
 * and port) and a path under `/wall/`. Everything else (other sites, `file:`, `javascript:`,
 * the server's API or console pages) is refused.
 */
export function isAllowedNavigation(serverUrl: string, target: string): boolean {
  let server: URL;
  let url: URL;
  try {
    server = new URL(serverUrl);
    url = new URL(target);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (url.origin !== server.origin) return false;
  if (url.username || url.password) return false;
  return url.pathname === '/wall' || url.pathname.startsWith('/wall/');
}

/** Answer for `setWindowOpenHandler`: a wall never opens windows. */
export function denyWindowOpen(): { action: 'deny' } {
  return { action: 'deny' };
}

/** Permissions a wall page may be granted (none: it only shows data). */
export function isPermissionAllowed(_permission: string): boolean {
  return false;
}
