import type { Principal } from '@ioc/protocol';
import type { Logger } from '../logger.js';
import type { Revocations, Standing } from './revocation.js';

/**
 * Keeps open sockets true to the credential they opened with (console sockets, wall previews):
 * each is checked when it connects (`check`) and again whenever a credential may have changed or
 * its session's end has passed. `credential(s)`: its token and principal, or null for a socket
 * not followed. `cut`: the credential ended or now names someone else. `still`: it stands (its
 * principal, as read now, may carry a new role).
 */
export function followCredentials<S extends { id: string; connected: boolean }>(deps: {
  sockets: () => Iterable<S>;
  credential: (s: S) => { token: string; principal: Principal } | null;
  standing: (token: string) => Promise<Standing | null>;
  revocations: Revocations;
  cut: (s: S) => void;
  still: (s: S, current: Standing) => void;
  log: Logger;
  what: string;
  now?: () => number;
}): { check(s: S): Promise<void>; forget(s: S): void } {
  const now = deps.now ?? Date.now;
  // When each socket's session ends unless used (re-read at each check: use moves it).
  const expiry = new Map<string, number | null>();

  const check = async (s: S): Promise<void> => {
    const c = deps.credential(s);
    if (!c) return;
    const current = await deps.standing(c.token);
    if (!s.connected) return;
    if (!current || current.principal.id !== c.principal.id || current.principal.kind !== c.principal.kind) {
      expiry.delete(s.id);
      deps.cut(s);
      return;
    }
    expiry.set(s.id, current.expiresAt);
    deps.still(s, current);
  };

  deps.revocations.on(({ changed }) => {
    const t = now();
    for (const s of [...deps.sockets()]) {
      if (!deps.credential(s)) continue;
      const ends = expiry.get(s.id);
      // Nobody waits on a check: it acts on the socket itself; a store that cannot answer is logged.
      if (changed || (ends != null && ends <= t)) void check(s).catch((err: unknown) => deps.log.warn({ err }, `cannot re-check ${deps.what} now`));
    }
  });

  return { check, forget: (s) => void expiry.delete(s.id) };
}
