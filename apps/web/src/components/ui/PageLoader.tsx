import { Center, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** What a page's place shows while its code loads (the first visit of a page). */
export function PageLoader() {
  const { t } = useTranslation();
  return (
    <Center py="xl" role="status" aria-label={t('app.loading')}>
      <Loader size="sm" />
    </Center>
  );
}
