import type { Locale } from '@voronka/contracts';

export const LOCALES: readonly Locale[] = ['ru', 'en'];
export const LOCALE_STORAGE_KEY = 'voronka.locale';

export function isLocale(value: unknown): value is Locale {
  return value === 'ru' || value === 'en';
}

/**
 * The stored choice wins; otherwise Russian when the browser prefers Russian over English
 * (the first of `navigator.languages` that is either), else English.
 */
export function detectLocale(stored: string | null, languages: readonly string[]): Locale {
  if (isLocale(stored)) return stored;
  for (const tag of languages) {
    const primary = tag.toLowerCase().split('-')[0];
    if (primary === 'ru') return 'ru';
    if (primary === 'en') return 'en';
  }
  return 'en';
}

export function readStoredLocale(): string | null {
  try {
    return window.localStorage.getItem(LOCALE_STORAGE_KEY);
  } catch {
    return null;
  }
}

const EXPLICIT_KEY = 'voronka.locale.chosenSignedOut';

/** Remembers that the language was picked on a signed-out page: it then wins over the user's saved one. */
export function markLocaleChosenSignedOut(chosen: boolean): void {
  try {
    if (chosen) window.localStorage.setItem(EXPLICIT_KEY, '1');
    else window.localStorage.removeItem(EXPLICIT_KEY);
  } catch {
    // See storeLocale.
  }
}

export function wasLocaleChosenSignedOut(): boolean {
  try {
    return window.localStorage.getItem(EXPLICIT_KEY) === '1';
  } catch {
    return false;
  }
}

export function storeLocale(locale: Locale): void {
  try {
    window.localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Storage can be unavailable (private mode, disabled cookies); the choice then lasts for the tab.
  }
}
