import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { isLocale } from '../../i18n/locale';
import { useChangeLocale, useLocale } from '../../i18n/useLocale';

/** RU / EN switch; each option carries the full language name for screen readers. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const locale = useLocale();
  const changeLocale = useChangeLocale();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('language.label')}
      value={locale}
      onChange={(value) => {
        if (isLocale(value)) void changeLocale(value);
      }}
      data={[
        { value: 'ru', label: <span title={t('language.ru')}>RU</span> },
        { value: 'en', label: <span title={t('language.en')}>EN</span> },
      ]}
    />
  );
}
