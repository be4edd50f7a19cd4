import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Language } from '@ioc/protocol';
import { messages } from './messages.js';

/** localStorage key of the console's own language (not the wall's). */
export const UI_LANGUAGE_STORAGE = 'ioc.console.uiLanguage';
export const DEFAULT_UI_LANGUAGE: Language = 'vi';

export function isLanguage(value: unknown): value is Language {
  return value === 'vi' || value === 'en';
}

/** The remembered console language, or Vietnamese. */
export function loadUiLanguage(storage: Pick<Storage, 'getItem'> | null): Language {
  try {
    const saved = storage?.getItem(UI_LANGUAGE_STORAGE);
    return isLanguage(saved) ? saved : DEFAULT_UI_LANGUAGE;
  } catch {
    return DEFAULT_UI_LANGUAGE;
  }
}

function safeLocalStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** An i18next instance with the console's words, ready at once (resources are bundled: no fetch). */
export function createI18n(lng: Language, react = false): i18n {
  const instance = i18next.createInstance();
  if (react) instance.use(initReactI18next);
  void instance.init({
    lng,
    fallbackLng: DEFAULT_UI_LANGUAGE,
    supportedLngs: ['vi', 'en'],
    resources: { vi: { translation: messages.vi }, en: { translation: messages.en } },
    // React escapes text itself.
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return instance;
}

/** Starts i18next for React with the remembered language, and keeps `<html lang>` in step. */
export function initI18n(): i18n {
  const lng = loadUiLanguage(safeLocalStorage());
  const instance = createI18n(lng, true);
  document.documentElement.lang = lng;
  instance.on('languageChanged', (next) => {
    document.documentElement.lang = next;
    try {
      safeLocalStorage()?.setItem(UI_LANGUAGE_STORAGE, next);
    } catch {
      /* private mode: the choice lasts until reload */
    }
  });
  return instance;
}
