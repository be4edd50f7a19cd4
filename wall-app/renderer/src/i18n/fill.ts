import type { Language } from '@ioc/protocol';

type Tree = { readonly [key: string]: string | Tree };

/** `{{name}}` placeholders filled from `vars`; a placeholder without a value is left as written. */
export function fill(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => (k in vars ? String(vars[k]) : `{{${k}}}`));
}

/**
 * Looks up `path` (`warnings.more`) in a messages tree of the shape the wall's i18n uses
 * (`{ vi: {...}, en: {...} }`) and fills `{{name}}` placeholders. With a `count`, the key
 * `<path>_one` is used for a count of 1 where the language has it (English plurals).
 */
export function label(messages: Record<Language, Tree>, lang: Language, path: string, vars: Record<string, string | number> = {}): string {
  const find = (p: string): string | null => {
    let node: string | Tree | undefined = messages[lang];
    for (const part of p.split('.')) node = typeof node === 'object' ? node[part] : undefined;
    return typeof node === 'string' ? node : null;
  };
  const template = (vars.count === 1 ? find(`${path}_one`) : null) ?? find(path) ?? path;
  return fill(template, vars);
}
