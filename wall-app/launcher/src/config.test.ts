import { describe, expect, it } from 'vitest';
import { launchSpec } from './chromium-args.js';
import { ConfigError, defaultProfileDir, launcherConfigPath, loadLauncherConfig, parseLauncherConfig } from './config.js';

const good = {
  serverUrl: 'http://ioc-server:8080',
  wallId: 'main',
  displays: [
    { displayId: 'd1', x: 0, y: 0, width: 1920, height: 1080, debuggingPort: 9301 },
    { displayId: 'd2', x: 1920, y: 0, width: 1920, height: 1080 },
  ],
};

describe('launcher config', () => {
  it('fills defaults', () => {
    const cfg = parseLauncherConfig(good);
    expect(cfg.chromium).toBe('/usr/bin/chromium');
    expect(cfg.heartbeat).toEqual({ intervalMs: 250, timeoutMs: 1000, loadTimeoutMs: 20_000 });
    expect(cfg.extraArgs).toEqual([]);
  });

  it.each([
    ['no server', { ...good, serverUrl: undefined }, 'serverUrl'],
    ['a non-http server', { ...good, serverUrl: 'file:///x' }, 'serverUrl'],
    ['no displays', { ...good, displays: [] }, 'displays'],
    ['a display without a size', { ...good, displays: [{ displayId: 'd1', x: 0, y: 0 }] }, 'displays.0.width'],
    ['a duplicate display', { ...good, displays: [good.displays[1], good.displays[1]] }, 'displays.1.displayId: duplicate display d2'],
    ['a port used twice', { ...good, displays: [good.displays[0], { ...good.displays[1], debuggingPort: 9301 }] }, 'displays.1.debuggingPort: port 9301 is already used by display d1'],
    ['a heartbeat timeout too short', { ...good, heartbeat: { timeoutMs: 5 } }, 'heartbeat.timeoutMs'],
    ['an argument that is not a switch', { ...good, extraArgs: ['rm'] }, 'extraArgs.0'],
    ['an unknown key', { ...good, kiosk: false }, '(root)'],
  ])('refuses %s, naming the field', (_what, json, message) => {
    expect(() => parseLauncherConfig(json)).toThrow(ConfigError);
    expect(() => parseLauncherConfig(json)).toThrow(message);
  });

  it('finds its file and explains a missing or broken one', () => {
    expect(launcherConfigPath(['--config', '/a.json'], { IOC_WALL_LAUNCHER_CONFIG: '/b.json' })).toBe('/a.json');
    expect(launcherConfigPath(['--config=/c.json'], {})).toBe('/c.json');
    expect(launcherConfigPath([], { IOC_WALL_LAUNCHER_CONFIG: '/b.json' })).toBe('/b.json');
    expect(launcherConfigPath([], {})).toBe('/etc/ioc-wall/launcher.json');
    expect(() => loadLauncherConfig('/x.json', () => null)).toThrow('launcher config not found: /x.json');
    expect(() => loadLauncherConfig('/x.json', () => '{')).toThrow('/x.json is not valid JSON');
    expect(defaultProfileDir({ XDG_STATE_HOME: '/var/lib/wall' })).toBe('/var/lib/wall/ioc-wall-launcher');
  });
});

describe('chromium arguments', () => {
  it('opens the display page as a kiosk app window at the display position, with its own profile and DevTools port', () => {
    const cfg = parseLauncherConfig({ ...good, extraArgs: ['--force-device-scale-factor=1'] });
    const spec = launchSpec(cfg, cfg.displays[0]!, '/var/lib/wall');
    expect(spec.url).toBe('http://ioc-server:8080/wall/?wall=main&display=d1');
    expect(spec.args).toEqual(
      expect.arrayContaining([
        '--kiosk',
        '--app=http://ioc-server:8080/wall/?wall=main&display=d1',
        '--window-position=0,0',
        '--window-size=1920,1080',
        '--user-data-dir=/var/lib/wall/d1',
        '--remote-debugging-port=9301',
        '--noerrdialogs',
        '--disable-session-crashed-bubble',
        '--autoplay-policy=no-user-gesture-required',
      ]),
    );
    expect(spec.args.at(-1)).toBe('--force-device-scale-factor=1');
    const d2 = launchSpec(cfg, cfg.displays[1]!, '/var/lib/wall');
    expect(d2.args).toContain('--window-position=1920,0');
    expect(d2.args).toContain('--remote-debugging-port=0');
  });
});
