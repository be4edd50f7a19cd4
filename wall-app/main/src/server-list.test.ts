import { describe, expect, it } from 'vitest';
import { parseConfig } from './config.js';
import { kioskServers, LoadTarget, onServer } from './server-list.js';

const base = { wallId: 'main', displays: [{ displayId: 'd1' }] };

describe('the servers of a kiosk', () => {
  it('are serverUrl alone by default, as before', () => {
    expect(kioskServers(parseConfig({ ...base, serverUrl: 'http://ioc-a:8080' }))).toEqual(['http://ioc-a:8080']);
  });

  it('are serverUrl first, then the listed servers, each once', () => {
    const config = parseConfig({ ...base, serverUrl: 'https://ioc-a:8443/', servers: ['https://ioc-a:8443', 'https://ioc-b:8443', 'https://ioc-c:8443/wall/'] });
    expect(kioskServers(config)).toEqual(['https://ioc-a:8443', 'https://ioc-b:8443', 'https://ioc-c:8443']);
  });

  it('refuses a server that is not an http(s) URL, naming the entry', () => {
    expect(() => parseConfig({ ...base, serverUrl: 'http://ioc-a:8080', servers: ['ftp://ioc-b'] })).toThrow(/servers\.0: expected an http:\/\/ or https:\/\/ URL/);
  });
});

describe('LoadTarget', () => {
  const page = 'http://ioc-a:8080/wall/?wall=main&display=d1';

  it('loads from the first server, then the next after each failed load, and comes back round', () => {
    const target = new LoadTarget(['http://ioc-a:8080', 'https://ioc-b:8443']);
    expect(target.url(page)).toBe(page);
    target.failed();
    expect(target.url(page)).toBe('https://ioc-b:8443/wall/?wall=main&display=d1');
    target.failed();
    expect(target.url(page)).toBe(page);
  });

  it('keeps path and query when moving a page to another origin', () => {
    expect(onServer('http://a:1/wall/?wall=x&display=y', 'http://b:2')).toBe('http://b:2/wall/?wall=x&display=y');
  });
});
