import { Button, EmptyState, Paper } from '@mantine/core';
import { IconMapOff } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="xl">
      <EmptyState
        icon={<IconMapOff size={28} stroke={1.6} />}
        title={t('notFound.title')}
        description={t('notFound.description')}
        variant="light"
        py="xl"
      >
        <EmptyState.Actions>
          <Button component={Link} to="/deals" variant="light">
            {t('notFound.home')}
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    </Paper>
  );
}
