import { currentServer } from './current-server.js';

/** `fetch` as the console uses it (tests pass their own). */
export type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

/** The error message of an API answer (`{errors: [{message}]}`), or its status. */
export async function failure(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { errors?: Array<{ message?: string }> };
    return body.errors?.map((e) => e.message).join('; ') || `HTTP ${res.status}`;
  } catch {
    return `HTTP ${res.status}`;
  }
}

/**
 * Calls of one API (`/api/v1/users`, `/api/v1/groups`, ...) as the console's admin screens make
 * them: the console's token on each, JSON bodies, never cached. `change` resolves with null when
 * done, or the server's reason (in both languages); `read` throws it. An empty `origin`: the
 * current server (current-server.ts), read at each call so that a failover is followed.
 */
export function apiClient(base: string, token: string, fetcher: Fetch, origin: string) {
  const call = (method: string, path: string, body?: unknown) =>
    fetcher(`${origin || currentServer().origin}${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
      cache: 'no-store',
    });
  return {
    call,
    async read<T>(path: string): Promise<T> {
      const res = await call('GET', path);
      if (!res.ok) throw new Error(await failure(res));
      return (await res.json()) as T;
    },
    async change(method: string, path: string, body?: unknown): Promise<string | null> {
      const res = await call(method, path, body);
      return res.ok ? null : failure(res);
    },
  };
}
