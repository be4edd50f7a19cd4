// Electron main process: one fullscreen kiosk window per configured display, restarted when
// its renderer dies or hangs. Kept thin; the decisions live in the modules imported below.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, powerSaveBlocker, screen, session } from 'electron';
import { loadConfig, resolveConfigPath, type WallShellConfig } from './config.js';
import { IPC_CHANNELS, IpcSenderGuard } from './ipc-channels.js';
import { RestartPolicy } from './restart-policy.js';
import { denyWindowOpen, isAllowedNavigation, isPermissionAllowed, secureWebPreferences } from './security.js';
import { planWindows, type WindowSpec } from './window-plan.js';

const PRELOAD = fileURLToPath(new URL('../../preload/dist/preload.js', import.meta.url));
/** A page that sent heartbeats and then stopped this long ago is treated as hung. */
const HEARTBEAT_TIMEOUT_MS = 30_000;

interface WallWindow {
  spec: WindowSpec;
  win: BrowserWindow;
  webContentsId: number;
  policy: RestartPolicy;
  lastHeartbeat: number | null;
  restartTimer: NodeJS.Timeout | null;
}

const log = (...args: unknown[]): void => console.log('[wall:main]', ...args);
const windows = new Map<string, WallWindow>();
const guard = new IpcSenderGuard();
let quitting = false;

function readConfig(): WallShellConfig {
  const source = resolveConfigPath(process.argv, process.env, process.platform);
  log(`config: ${source.path}${source.explicit ? '' : ' (default path)'}`);
  return loadConfig(source, (path) => {
    try {
      return readFileSync(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  });
}

function scheduleRestart(entry: WallWindow, reason: string): void {
  if (quitting || entry.restartTimer || entry.win.isDestroyed()) return;
  const delay = entry.policy.failed(Date.now());
  log(`display ${entry.spec.displayId}: ${reason}; reloading in ${delay} ms`);
  entry.restartTimer = setTimeout(() => {
    entry.restartTimer = null;
    entry.lastHeartbeat = null;
    if (!entry.win.isDestroyed()) void entry.win.loadURL(entry.spec.url).catch(() => undefined);
  }, delay);
}

function openWindow(spec: WindowSpec): void {
  const win = new BrowserWindow({
    ...spec.bounds,
    frame: false,
    kiosk: true,
    fullscreen: true,
    autoHideMenuBar: true,
    backgroundColor: '#070b14',
    show: false,
    webPreferences: secureWebPreferences(PRELOAD),
  });
  const contents = win.webContents;
  const entry: WallWindow = { spec, win, webContentsId: contents.id, policy: new RestartPolicy(), lastHeartbeat: null, restartTimer: null };
  windows.set(spec.displayId, entry);
  guard.register(entry.webContentsId);

  win.once('ready-to-show', () => win.show());
  contents.on('did-finish-load', () => entry.policy.started(Date.now()));
  contents.on('did-fail-load', (_e, code, description, _url, isMainFrame) => {
    if (isMainFrame) scheduleRestart(entry, `load failed (${code} ${description})`);
  });
  contents.on('render-process-gone', (_e, details) => scheduleRestart(entry, `renderer gone (${details.reason})`));
  // Crashing the hung renderer ends in render-process-gone, which schedules the restart.
  win.on('unresponsive', () => {
    log(`display ${spec.displayId}: unresponsive`);
    contents.forcefullyCrashRenderer();
  });
  win.on('closed', () => {
    guard.unregister(entry.webContentsId);
    if (entry.restartTimer) clearTimeout(entry.restartTimer);
    if (windows.get(spec.displayId) === entry) windows.delete(spec.displayId);
  });
  void win.loadURL(spec.url).catch(() => undefined);
}

function replan(config: WallShellConfig): void {
  const screens = screen.getAllDisplays().map((d) => ({ id: d.id, bounds: d.bounds }));
  const plan = planWindows(config, screens);
  for (const u of plan.unplaced) log(`display ${u.displayId} not shown: ${u.reason}`);
  const wanted = new Set(plan.windows.map((w) => w.displayId));
  for (const [displayId, entry] of windows) if (!wanted.has(displayId)) entry.win.destroy();
  for (const spec of plan.windows) {
    const entry = windows.get(spec.displayId);
    if (!entry) {
      openWindow(spec);
      continue;
    }
    const b = entry.spec.bounds;
    if (b.x !== spec.bounds.x || b.y !== spec.bounds.y || b.width !== spec.bounds.width || b.height !== spec.bounds.height) {
      // A kiosk window only moves to another screen once it leaves kiosk mode.
      entry.win.setKiosk(false);
      entry.win.setBounds(spec.bounds);
      entry.win.setKiosk(true);
    }
    entry.spec = spec;
  }
}

function watchHeartbeats(): void {
  ipcMain.on(IPC_CHANNELS.heartbeat, (event) => {
    const isMainFrame = event.senderFrame !== null && event.senderFrame === event.sender.mainFrame;
    if (!guard.accepts(event.sender.id, IPC_CHANNELS.heartbeat, isMainFrame)) return;
    for (const entry of windows.values()) if (entry.webContentsId === event.sender.id) entry.lastHeartbeat = Date.now();
  });
  setInterval(() => {
    const now = Date.now();
    for (const entry of windows.values()) {
      if (entry.lastHeartbeat !== null && now - entry.lastHeartbeat > HEARTBEAT_TIMEOUT_MS && !entry.restartTimer) {
        log(`display ${entry.spec.displayId}: no heartbeat for ${now - entry.lastHeartbeat} ms`);
        entry.lastHeartbeat = null;
        entry.win.webContents.forcefullyCrashRenderer();
      }
    }
  }, 5_000).unref();
}

function hardenContents(config: WallShellConfig): void {
  app.on('web-contents-created', (_e, contents) => {
    const guardNavigation = (event: Electron.Event, url: string): void => {
      if (!isAllowedNavigation(config.serverUrl, url)) {
        event.preventDefault();
        log(`navigation refused: ${url}`);
      }
    };
    contents.on('will-navigate', guardNavigation);
    contents.on('will-redirect', guardNavigation);
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(denyWindowOpen);
  });
  session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(isPermissionAllowed(permission)));
  session.defaultSession.setPermissionCheckHandler((_wc, permission) => isPermissionAllowed(permission));
}

async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();
  let config: WallShellConfig;
  try {
    config = readConfig();
  } catch (err) {
    dialog.showErrorBox('IOC wall: configuration', (err as Error).message);
    app.exit(1);
    return;
  }
  powerSaveBlocker.start('prevent-display-sleep');
  hardenContents(config);
  watchHeartbeats();
  let timer: NodeJS.Timeout | null = null;
  const replanSoon = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => replan(config), 500);
  };
  screen.on('display-added', replanSoon);
  screen.on('display-removed', replanSoon);
  screen.on('display-metrics-changed', replanSoon);
  replan(config);
}

// With every screen unplugged all windows close; stay alive until one comes back.
app.on('window-all-closed', () => undefined);
app.on('before-quit', () => {
  quitting = true;
});
void start();
