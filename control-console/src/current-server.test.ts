import { describe, expect, it } from 'vitest';
import { apiClient } from './api-failure.js';
import { currentServer } from './current-server.js';
import { groupsApi } from './groups-api.js';

// The console's API calls take the current server at each call: after a move to another server
// (the socket does it, socket-adapter.ts), the admin screens' next call goes there too.
describe('the console’s API calls and the current server', () => {
  it('follow the current server after a failover, and keep an explicit origin', async () => {
    const urls: string[] = [];
    const fetcher = async (url: string) => {
      urls.push(url);
      return new Response('{"groups":[]}', { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const groups = groupsApi('ios_token', fetcher);
    const pinned = apiClient('/api/v1/users', 'ios_token', fetcher, 'http://pinned:8080');
    await groups.list();
    currentServer().learn(['http://ioc-a:8080', 'http://ioc-b:8080']);
    currentServer().moveOn();
    await groups.list();
    await pinned.call('GET', '');
    expect(urls).toEqual(['/api/v1/groups', 'http://ioc-a:8080/api/v1/groups', 'http://pinned:8080/api/v1/users']);
  });
});
