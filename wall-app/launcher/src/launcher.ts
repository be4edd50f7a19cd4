import type { RestartPolicyOptions } from '../../main/src/restart-policy.js';
import { launchSpec } from './chromium-args.js';
import { defaultProfileDir, type LauncherConfig } from './config.js';
import { DisplaySupervisor, type DisplayStatus } from './display-supervisor.js';

export { ConfigError, launcherConfigPath, loadLauncherConfig, parseLauncherConfig, type LauncherConfig, type LauncherConfigInput } from './config.js';
export type { DisplayStatus } from './display-supervisor.js';

export interface LauncherOptions {
  log?: (line: string) => void;
  restart?: Partial<RestartPolicyOptions>;
  env?: Readonly<Record<string, string | undefined>>;
}

export interface Launcher {
  status(): DisplayStatus[];
  /** One line per display, for the periodic heartbeat log. */
  statusLines(): string[];
  /** Stops supervising and ends every Chromium it started. */
  stop(): Promise<void>;
}

/** Starts one supervised kiosk Chromium per configured display. */
export function startLauncher(config: LauncherConfig, opts: LauncherOptions = {}): Launcher {
  const log = opts.log ?? ((line: string) => console.log(`${new Date().toISOString()} [wall:launcher] ${line}`));
  const profileRoot = config.profileDir ?? defaultProfileDir(opts.env ?? process.env);
  const displays = config.displays.map((d) => new DisplaySupervisor(launchSpec(config, d, profileRoot), config.heartbeat, log, opts.restart));
  log(`wall ${config.wallId} on ${config.serverUrl}: ${displays.length} display(s), profiles in ${profileRoot}`);
  for (const d of displays) d.start();
  return {
    status: () => displays.map((d) => d.status()),
    statusLines: () =>
      displays.map((d) => {
        const s = d.status();
        const beat = s.lastBeatAgoMs === null ? 'none' : `${s.lastBeatAgoMs} ms ago`;
        return `display ${s.displayId}: ${s.phase}${s.ready ? ', ready' : ''}, pid ${s.pid ?? '-'}, last heartbeat ${beat}, ${s.restarts} restart(s)`;
      }),
    stop: async () => {
      await Promise.all(displays.map((d) => d.stop()));
    },
  };
}
