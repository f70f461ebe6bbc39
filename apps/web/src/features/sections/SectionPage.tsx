import { EmptyState, Paper } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/ui/PageHeader';
import { SECTION_ICONS, type SectionKey } from './sections';

/** A section whose features are not built yet: its name and what it will hold. */
export function SectionPage({ section }: { section: SectionKey }) {
  const { t } = useTranslation();
  const Icon = SECTION_ICONS[section];
  return (
    <>
      <PageHeader title={t(`nav.${section}`)} order={1} />
      <Paper withBorder p="xl">
        <EmptyState
          icon={<Icon size={28} stroke={1.6} />}
          title={t('sections.emptyHint')}
          description={t(`sections.${section}.description`)}
          variant="light"
          py="xl"
        />
      </Paper>
    </>
  );
}
