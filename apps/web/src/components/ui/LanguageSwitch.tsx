import { useTranslation } from 'react-i18next';
import { isLocale } from '../../i18n/locale';
import { useChangeLocale, useLocale } from '../../i18n/useLocale';
import { SegmentedSwitch } from './SegmentedSwitch';

/** RU / EN switch; each option carries the full language name for screen readers. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const locale = useLocale();
  const changeLocale = useChangeLocale();
  return (
    <SegmentedSwitch
      size="xs"
      label={t('language.label')}
      value={locale}
      onChange={(value) => {
        if (isLocale(value)) void changeLocale(value);
      }}
      options={[
        { value: 'ru', label: 'RU', title: t('language.ru') },
        { value: 'en', label: 'EN', title: t('language.en') },
      ]}
    />
  );
}
