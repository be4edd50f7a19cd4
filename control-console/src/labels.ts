import type { CatalogCommand, Language } from '@ioc/protocol';
import type { TFunction } from 'i18next';
import { choiceLabel } from './choice-search.js';

/**
 * Words for things the server names by id: argument names, enum values, roles, a command's
 * arguments in a sentence. The server gives labels for commands, devices and choices; the rest
 * is in `messages.ts`, with the raw id as the fallback for anything new.
 */

/** The label of an argument (`device` -> "Thiết bị"); the name itself when unknown. */
export const argLabel = (t: TFunction, name: string): string => t(`args.${name}`, { defaultValue: name });

/** The label of an enum value (`high-contrast` -> "Tương phản cao"); the value itself when unknown. */
export const valueLabel = (t: TFunction, value: string | number): string => t(`values.${String(value)}`, { defaultValue: String(value) });

/** "Kỹ thuật viên, Quản trị viên": who may run a command. */
export const rolesText = (t: TFunction, roles: readonly string[]): string => roles.map((r) => t(`roles.${r}`, { defaultValue: r })).join(', ');

/** A value as the operator reads it: a choice's label, On/Off, an enum label, JSON otherwise. */
export function argValueText(t: TFunction, command: Pick<CatalogCommand, 'choices'> | undefined, name: string, value: unknown, lng: Language): string {
  if (value === null) return name === 'unit' ? t('wall.wholeCountry') : t('form.none');
  if (typeof value === 'boolean') return value ? t('form.on') : t('form.off');
  const choices = command?.choices[name];
  if (choices && (typeof value === 'string' || typeof value === 'number')) return choiceLabel(choices, value, lng);
  if (typeof value === 'string' || typeof value === 'number') return valueLabel(t, value);
  return JSON.stringify(value);
}

/** "Thiết bị: Màn hình ghép trái · Bật: Bật": a command's arguments in one line. */
export function describeArgs(t: TFunction, command: Pick<CatalogCommand, 'choices'> | undefined, args: Record<string, unknown>, lng: Language): string {
  return Object.entries(args)
    .map(([name, value]) => `${argLabel(t, name)}: ${argValueText(t, command, name, value, lng)}`)
    .join(' · ');
}
