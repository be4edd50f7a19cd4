import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_CONFIG, loadConfig, parseConfig, resolveConfigPath } from './config.js';

const good = { serverUrl: 'http://ioc-server:8080', wallId: 'main', displays: [{ displayId: 'd1', screenIndex: 0 }, { displayId: 'd2' }] };

describe('config', () => {
  it('finds the path in --config, then IOC_WALL_CONFIG, then the platform default', () => {
    expect(resolveConfigPath(['electron', '.', '--config', '/a.json'], { IOC_WALL_CONFIG: '/b.json' }, 'linux')).toEqual({ path: '/a.json', explicit: true });
    expect(resolveConfigPath(['electron', '--config=/c.json'], {}, 'linux')).toEqual({ path: '/c.json', explicit: true });
    expect(resolveConfigPath(['electron'], { IOC_WALL_CONFIG: '/b.json' }, 'linux')).toEqual({ path: '/b.json', explicit: true });
    expect(resolveConfigPath([], {}, 'linux')).toEqual({ path: '/etc/ioc-wall/wall.json', explicit: false });
    expect(resolveConfigPath([], { ProgramData: 'D:\\PD' }, 'win32').path).toBe('D:\\PD\\ioc-wall\\wall.json');
  });

  it('accepts a valid config', () => {
    expect(parseConfig(good)).toEqual(good);
  });

  it.each([
    ['no server', { ...good, serverUrl: undefined }, 'serverUrl'],
    ['a non-http server', { ...good, serverUrl: 'ftp://x/' }, 'serverUrl'],
    ['a bad wall id', { ...good, wallId: 'Main Wall' }, 'wallId'],
    ['no displays', { ...good, displays: [] }, 'displays'],
    ['a negative screen', { ...good, displays: [{ displayId: 'd1', screenIndex: -1 }] }, 'displays.0.screenIndex'],
    ['a duplicate display', { ...good, displays: [{ displayId: 'd1' }, { displayId: 'd1' }] }, 'displays.1.displayId'],
    ['an unknown key', { ...good, fullscreen: false }, '(root)'],
  ])('refuses %s, naming the field', (_what, json, field) => {
    expect(() => parseConfig(json)).toThrow(ConfigError);
    expect(() => parseConfig(json)).toThrow(field);
  });

  it('loads files: default when the default file is absent, errors otherwise', () => {
    expect(loadConfig({ path: '/etc/ioc-wall/wall.json', explicit: false }, () => null)).toEqual(DEFAULT_CONFIG);
    expect(() => loadConfig({ path: '/x.json', explicit: true }, () => null)).toThrow('not found');
    expect(() => loadConfig({ path: '/x.json', explicit: true }, () => '{oops')).toThrow('not valid JSON');
    expect(loadConfig({ path: '/x.json', explicit: true }, () => JSON.stringify(good)).wallId).toBe('main');
  });
});
