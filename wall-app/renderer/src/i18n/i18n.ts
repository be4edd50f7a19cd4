import type { Language } from '@ioc/protocol';
import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { messages } from './messages';

/**
 * The wall's i18next instance, Vietnamese by default. Resources are bundled (no network), so
 * `changeLanguage` completes synchronously and the whole tile re-renders in one commit.
 */
export function createI18n(): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    lng: 'vi',
    fallbackLng: 'vi',
    supportedLngs: ['vi', 'en'],
    resources: { vi: { translation: messages.vi }, en: { translation: messages.en } },
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  return instance;
}

export function applyLanguage(instance: I18n, lang: Language): void {
  if (instance.language !== lang) void instance.changeLanguage(lang);
  document.documentElement.lang = lang;
}
