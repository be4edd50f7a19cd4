// CLUSTER_URLS: every content server of one center, told to the clients for failover. A wrong
// entry stops the start with a sentence; unset, the server is alone and its CSP unchanged.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { CONTENT_SECURITY_POLICY, contentSecurityPolicy } from './security-headers.js';

describe('CLUSTER_URLS', () => {
  it('is empty by default: a single server', () => {
    expect(loadConfig({}).clusterUrls).toEqual([]);
    expect(loadConfig({ CLUSTER_URLS: ' , ' }).clusterUrls).toEqual([]);
  });

  it('takes a comma list of origins, in its order, each once', () => {
    expect(loadConfig({ CLUSTER_URLS: 'https://a.ioc.example:8443, https://b.ioc.example:8443/,https://a.ioc.example:8443' }).clusterUrls).toEqual([
      'https://a.ioc.example:8443',
      'https://b.ioc.example:8443',
    ]);
  });

  it('refuses what is not an origin, naming the variable', () => {
    expect(() => loadConfig({ CLUSTER_URLS: 'https://a.ioc.example:8443/wall' })).toThrow('CLUSTER_URLS: "https://a.ioc.example:8443/wall" is not an origin');
    expect(() => loadConfig({ CLUSTER_URLS: 'b.ioc.example' })).toThrow('CLUSTER_URLS: "b.ioc.example" is not an origin');
    expect(() => loadConfig({ CLUSTER_URLS: 'ftp://b.ioc.example' })).toThrow('CLUSTER_URLS: "ftp://b.ioc.example": only http and https origins');
  });
});

describe('the pages’ CSP with peers', () => {
  it('is exactly the single server’s without CLUSTER_URLS', () => {
    expect(contentSecurityPolicy([])).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'self' data: blob:;");
  });

  it('lets a page connect to every server of the center, over HTTP(S) and WebSocket', () => {
    const csp = contentSecurityPolicy(['https://a.ioc.example:8443', 'http://b.ioc.example:8080']);
    expect(csp).toContain("connect-src 'self' data: blob: https://a.ioc.example:8443 wss://a.ioc.example:8443 http://b.ioc.example:8080 ws://b.ioc.example:8080;");
    // Only connect-src widens: scripts still come from the page's own server alone.
    expect(csp).toContain("script-src 'self';");
  });
});
