import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import type { Locale, Me } from '@voronka/contracts';
import { api } from '../lib/api';
import { queryKeys } from '../lib/queryKeys';
import { isLocale, LOCALES, markLocaleChosenSignedOut, storeLocale } from './locale';

export function useLocale(): Locale {
  const { i18n } = useTranslation();
  return isLocale(i18n.language) ? i18n.language : 'en';
}

/** The interface languages as select options, each under its own name («Русский», «English»). */
export function useLocaleOptions(): { value: Locale; label: string }[] {
  const { t } = useTranslation();
  return LOCALES.map((value) => ({ value, label: t(`language.${value}`) }));
}

/**
 * Switches the interface language, remembers it in this browser and, when signed in, saves it to
 * the user so it follows them to other devices.
 */
export function useChangeLocale(): (locale: Locale) => Promise<void> {
  const { i18n } = useTranslation();
  const queryClient = useQueryClient();
  return useCallback(
    async (locale: Locale) => {
      storeLocale(locale);
      await i18n.changeLanguage(locale);
      const me = queryClient.getQueryData<Me>(queryKeys.me);
      markLocaleChosenSignedOut(me === undefined);
      if (me !== undefined && me.user.locale !== locale) {
        queryClient.setQueryData<Me>(queryKeys.me, { ...me, user: { ...me.user, locale } });
        try {
          await api.patch<unknown>('/api/me', { locale });
        } catch {
          // The interface already switched; the saved preference is retried on the next change.
        }
      }
    },
    [i18n, queryClient],
  );
}
