import { Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The funnel mark and the product name («Воронка» means funnel). */
export function Logo({ size = 28, compactOnMobile = false }: { size?: number; compactOnMobile?: boolean }) {
  const { t } = useTranslation();
  return (
    <Group gap={8} wrap="nowrap">
      <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="7" fill="var(--mantine-color-indigo-6)" />
        <path d="M7 9h18l-7 8v6l-4 2v-8z" fill="#fff" />
      </svg>
      <Text fw={700} fz="lg" lh={1} visibleFrom={compactOnMobile ? 'sm' : undefined}>
        {t('app.name')}
      </Text>
    </Group>
  );
}
