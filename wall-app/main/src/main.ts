// Electron main process: one black fullscreen kiosk window per configured display, supervised.
// Kept thin: it only wires Electron events to the modules imported below, where the decisions
// live and are tested (window-supervisor, restart-policy, window-plan, security, kiosk-window).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, powerSaveBlocker, screen, session } from 'electron';
import { loadConfig, resolveConfigPath, type WallShellConfig } from './config.js';
import { IPC_CHANNELS, IpcSenderGuard, parseHeartbeat } from './ipc-channels.js';
import { HIDE_CURSOR_CSS, KIOSK_SWITCHES, kioskWindowOptions } from './kiosk-window.js';
import { denyWindowOpen, isAllowedNavigation, isPermissionAllowed } from './security.js';
import { kioskServers, LoadTarget } from './server-list.js';
import { planWindows, type Bounds, type WindowSpec } from './window-plan.js';
import { WindowSupervisor, type WindowHandle } from './window-supervisor.js';

const PRELOAD = fileURLToPath(new URL('../../preload/dist/preload.js', import.meta.url));
/** How often heartbeat deadlines are checked, ms. */
const TICK_MS = 250;
/** How often every window's state is written to the log, ms. */
const STATUS_LOG_MS = 60_000;

const log = (line: string): void => console.log(`${new Date().toISOString()} [wall:main] ${line}`);
const guard = new IpcSenderGuard();
/** Handles by webContents id, to route heartbeats. */
const byContents = new Map<number, ElectronWindow>();

/** A BrowserWindow behind the supervisor's WindowHandle. */
class ElectronWindow implements WindowHandle {
  readonly win: BrowserWindow;
  readonly contentsId: number;
  /** The server this window's page loads from (the next after a failed load). */
  private readonly target: LoadTarget;

  constructor(spec: WindowSpec, supervisor: () => WindowSupervisor<ElectronWindow>, servers: readonly string[]) {
    this.target = new LoadTarget(servers);
    this.win = new BrowserWindow(kioskWindowOptions(spec.bounds, PRELOAD));
    this.win.removeMenu();
    const contents = this.win.webContents;
    this.contentsId = contents.id;
    guard.register(this.contentsId);
    byContents.set(this.contentsId, this);
    contents.on('dom-ready', () => void contents.insertCSS(HIDE_CURSOR_CSS).catch(() => undefined));
    contents.on('did-fail-load', (_e, code, description, _url, isMainFrame) => {
      if (!isMainFrame) return;
      this.target.failed();
      supervisor().loadFailed(this, `${code} ${description}`);
    });
    contents.on('render-process-gone', (_e, details) => supervisor().rendererGone(this, details.reason));
    this.win.on('unresponsive', () => supervisor().unresponsive(this));
    this.win.on('closed', () => {
      guard.unregister(this.contentsId);
      byContents.delete(this.contentsId);
    });
    this.load(spec.url);
  }

  load(url: string): void {
    if (!this.win.isDestroyed()) void this.win.loadURL(this.target.url(url)).catch(() => undefined);
  }

  crashRenderer(): void {
    if (!this.win.isDestroyed()) this.win.webContents.forcefullyCrashRenderer();
  }

  place(bounds: Bounds): void {
    if (this.win.isDestroyed()) return;
    // A kiosk window only moves to another screen once it leaves kiosk mode.
    this.win.setKiosk(false);
    this.win.setBounds(bounds);
    this.win.setKiosk(true);
  }

  destroy(): void {
    if (!this.win.isDestroyed()) this.win.destroy();
  }
}

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

function hardenContents(config: WallShellConfig): void {
  app.on('web-contents-created', (_e, contents) => {
    const guardNavigation = (event: Electron.Event, url: string): void => {
      if (!kioskServers(config).some((server) => isAllowedNavigation(server, url))) {
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

function supervise(config: WallShellConfig): WindowSupervisor<ElectronWindow> {
  const supervisor: WindowSupervisor<ElectronWindow> = new WindowSupervisor<ElectronWindow>({
    create: (spec) => new ElectronWindow(spec, () => supervisor, kioskServers(config)),
    plan: () => planWindows(config, screen.getAllDisplays().map((d) => ({ id: d.id, bounds: d.bounds }))),
    now: () => performance.now(),
    setTimer: (fn, ms) => setTimeout(fn, ms),
    clearTimer: (timer) => clearTimeout(timer as NodeJS.Timeout),
    log,
  });
  ipcMain.on(IPC_CHANNELS.heartbeat, (event, payload: unknown) => {
    const isMainFrame = event.senderFrame !== null && event.senderFrame === event.sender.mainFrame;
    if (!guard.accepts(event.sender.id, IPC_CHANNELS.heartbeat, isMainFrame)) return;
    const handle = byContents.get(event.sender.id);
    if (handle) supervisor.heartbeat(handle, parseHeartbeat(payload));
  });
  setInterval(() => supervisor.tick(), TICK_MS);
  setInterval(() => supervisor.statusLines().forEach(log), STATUS_LOG_MS);
  screen.on('display-added', () => supervisor.displaysChanged());
  screen.on('display-removed', () => supervisor.displaysChanged());
  screen.on('display-metrics-changed', () => supervisor.displaysChanged());
  app.on('before-quit', () => supervisor.stop());
  supervisor.apply();
  return supervisor;
}

async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  for (const [name, value] of KIOSK_SWITCHES) app.commandLine.appendSwitch(name, value);
  Menu.setApplicationMenu(null);
  await app.whenReady();
  let config: WallShellConfig;
  try {
    config = readConfig();
  } catch (err) {
    dialog.showErrorBox('IOC wall: configuration', (err as Error).message);
    app.exit(1);
    return;
  }
  const blocker = powerSaveBlocker.start('prevent-display-sleep');
  log(`display sleep blocked: ${powerSaveBlocker.isStarted(blocker)}`);
  hardenContents(config);
  supervise(config);
}

// With every screen unplugged all windows close; stay alive until one comes back.
app.on('window-all-closed', () => undefined);
void start();
