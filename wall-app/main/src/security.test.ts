import { describe, expect, it } from 'vitest';
import { denyWindowOpen, isAllowedNavigation, isPermissionAllowed, secureWebPreferences } from './security.js';

const server = 'http://ioc-server:8080';

describe('security', () => {
  it('locks the renderer down', () => {
    const prefs = secureWebPreferences('/opt/wall/preload.js');
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(prefs.preload).toBe('/opt/wall/preload.js');
  });

  it.each([
    'http://ioc-server:8080/wall/',
    'http://ioc-server:8080/wall/?wall=main&display=d2',
    'http://ioc-server:8080/wall',
    'http://IOC-SERVER:8080/wall/assets/index.js',
  ])('allows %s', (url) => {
    expect(isAllowedNavigation(server, url)).toBe(true);
  });

  it.each([
    ['another host', 'http://evil.example/wall/'],
    ['another port', 'http://ioc-server:9090/wall/'],
    ['another scheme', 'https://ioc-server:8080/wall/'],
    ['the console', 'http://ioc-server:8080/console/'],
    ['the API', 'http://ioc-server:8080/api/v1/catalog'],
    ['a look-alike path', 'http://ioc-server:8080/wallpaper'],
    ['a path escaping /wall/', 'http://ioc-server:8080/wall/../api/v1/catalog'],
    ['credentials in the URL', 'http://user:pw@ioc-server:8080/wall/'],
    ['a host suffix trick', 'http://ioc-server:8080.evil.example/wall/'],
    ['a local file', 'file:///etc/passwd'],
    ['javascript', 'javascript:alert(1)'],
    ['data', 'data:text/html,<h1>x</h1>'],
    ['garbage', 'not a url'],
  ])('refuses %s', (_what, url) => {
    expect(isAllowedNavigation(server, url)).toBe(false);
  });

  it('denies new windows and permissions', () => {
    expect(denyWindowOpen()).toEqual({ action: 'deny' });
    expect(isPermissionAllowed('media')).toBe(false);
    expect(isPermissionAllowed('notifications')).toBe(false);
  });
});
