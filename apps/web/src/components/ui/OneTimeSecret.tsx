import { Alert, Button, Group, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CopyField } from './CopyField';

/**
 * A secret (an invitation link, an API token) the server returns only once: a notice saying so,
 * the value with a copy button, and the button that closes the dialog.
 */
export function OneTimeSecret({
  title,
  notice,
  label,
  value,
  description,
  onClose,
}: {
  title: string;
  notice: string;
  label: string;
  value: string;
  description?: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Stack>
      <Alert color="teal" variant="light" title={title}>
        {notice}
      </Alert>
      <CopyField label={label} value={value} description={description} />
      <Group justify="flex-end">
        <Button onClick={onClose}>{t('common.close')}</Button>
      </Group>
    </Stack>
  );
}
