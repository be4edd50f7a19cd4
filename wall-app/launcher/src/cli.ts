// `ioc-wall-launcher [--config <path>]`: the wall in Chromium kiosk windows, without Electron.
import { readFileSync } from 'node:fs';
import { ConfigError, launcherConfigPath, loadLauncherConfig, startLauncher } from './launcher.js';

/** How often every display's state is written to the log, ms. */
const STATUS_LOG_MS = 60_000;

const log = (line: string): void => console.log(`${new Date().toISOString()} [wall:launcher] ${line}`);

const path = launcherConfigPath(process.argv.slice(2), process.env);
let launcher;
try {
  launcher = startLauncher(
    loadLauncherConfig(path, (p) => {
      try {
        return readFileSync(p, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    }),
    { log },
  );
} catch (err) {
  process.stderr.write(`ioc-wall-launcher: ${err instanceof ConfigError ? err.message : String(err)}\n`);
  process.exit(2);
}
log(`config: ${path}`);
const statusTimer = setInterval(() => launcher.statusLines().forEach(log), STATUS_LOG_MS);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping every chromium`);
    clearInterval(statusTimer);
    void launcher.stop().then(() => process.exit(0));
  });
}
