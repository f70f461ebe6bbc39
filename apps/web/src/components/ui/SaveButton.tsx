import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Submits a settings form; there is nothing to save until something in it has changed. */
export function SaveButton({ loading, changed }: { loading: boolean; changed: boolean }) {
  const { t } = useTranslation();
  return (
    <Group justify="flex-end">
      <Button type="submit" loading={loading} disabled={!changed}>
        {t('common.save')}
      </Button>
    </Group>
  );
}
