import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '@voronka/contracts';
import { en } from './en';
import { ru } from './ru';

export const resources = {
  en: { translation: en },
  ru: { translation: ru },
} as const;

/** A standalone i18next instance (used by tests and by the app through `initI18n`). */
export async function createI18n(lng: Locale, instance: I18n = i18next.createInstance()): Promise<I18n> {
  await instance.init({
    lng,
    fallbackLng: 'en',
    supportedLngs: ['ru', 'en'],
    resources,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}

/** The app-wide instance bound to React. */
export async function initI18n(lng: Locale): Promise<I18n> {
  const instance = i18next.createInstance();
  instance.use(initReactI18next);
  await createI18n(lng, instance);
  document.documentElement.lang = lng;
  instance.on('languageChanged', (next) => {
    document.documentElement.lang = next;
  });
  return instance;
}
