import { MyActionsSchema, type MyAction } from '@ioc/protocol';
import { apiClient, type Fetch } from './api-failure.js';

/**
 * One's own record (`GET /api/v1/audit/mine`) for the console's "My actions" view: every role
 * may read its own lines, newest first. Throws the server's reason, or a plain one when the
 * answer is not what the protocol says.
 */
export function myActionsApi(token: string, fetcher: Fetch = (u, i) => globalThis.fetch(u, i), origin = '') {
  const api = apiClient('/api/v1/audit/mine', token, fetcher, origin);
  return {
    async list(limit: number): Promise<MyAction[]> {
      const parsed = MyActionsSchema.safeParse(await api.read<unknown>(`?limit=${limit}`));
      if (!parsed.success) throw new Error('the server answered with something that is not a list of actions');
      return parsed.data.actions;
    },
  };
}
