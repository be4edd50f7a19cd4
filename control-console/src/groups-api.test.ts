import { describe, expect, it } from 'vitest';
import { groupsApi, parseIdpGroups } from './groups-api.js';

function recorder(status: number, body: unknown) {
  const calls: Array<{ url: string; init: RequestInit | undefined }> = [];
  const fetcher = async (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    return new Response(body === null ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
  return { calls, api: groupsApi('ios_token', fetcher, 'http://h') };
}

describe('groups API of the console', () => {
  it('sends each change with the console token to the right route', async () => {
    const { calls, api } = recorder(200, { group: {} });
    expect(await api.create({ name: 'duty', role: 'operator', idpGroups: ['ioc-duty'] })).toBeNull();
    expect(await api.update(3, { disabled: true })).toBeNull();
    expect(await api.addMember(3, 'hoa nguyen')).toBeNull();
    expect(await api.removeMember(3, 'hoa')).toBeNull();
    expect(await api.remove(3)).toBeNull();
    expect(calls.map((c) => [c.init?.method, c.url])).toEqual([
      ['POST', 'http://h/api/v1/groups'],
      ['PATCH', 'http://h/api/v1/groups/3'],
      ['PUT', 'http://h/api/v1/groups/3/members/hoa%20nguyen'],
      ['DELETE', 'http://h/api/v1/groups/3/members/hoa'],
      ['DELETE', 'http://h/api/v1/groups/3'],
    ]);
    expect(calls[0]!.init?.headers).toMatchObject({ authorization: 'Bearer ios_token' });
    expect(JSON.parse(String(calls[1]!.init?.body))).toEqual({ disabled: true });
  });

  it("answers a refusal with the server's bilingual reason", async () => {
    const { api } = recorder(409, { errors: [{ index: null, field: 'group', message: 'Không thể tự bỏ quyền quản trị của mình / you cannot remove your own admin grant' }] });
    expect(await api.removeMember(1, 'minh')).toMatch(/you cannot remove your own admin grant/);
    await expect(api.list()).rejects.toThrow(/you cannot remove your own admin grant/);
  });

  it('reads identity provider groups typed with commas', () => {
    expect(parseIdpGroups(' ioc-duty, ,ioc-ops,ioc-duty ')).toEqual(['ioc-duty', 'ioc-ops']);
    expect(parseIdpGroups('')).toEqual([]);
  });
});
