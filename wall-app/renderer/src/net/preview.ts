import { CONSOLE_KEY_STORAGE } from '@ioc/protocol';

/**
 * A console's preview of the wall (`/wall/?wall=main&canvas=1&preview=1`, shown by the console in
 * a frame of its own page): the page draws the wall with the credential of the person signed in
 * to the console, read from the console's session storage (a frame of the same origin shares its
 * page's), never from the address. Null when the address asks for no preview.
 */
export function previewCredential(search: string, storage: Pick<Storage, 'getItem'> | null): { credential: string | null } | null {
  const asked = new URLSearchParams(search).get('preview');
  if (asked === null || asked === '' || asked === '0' || asked === 'false') return null;
  try {
    return { credential: storage?.getItem(CONSOLE_KEY_STORAGE) ?? null };
  } catch {
    return { credential: null };
  }
}
