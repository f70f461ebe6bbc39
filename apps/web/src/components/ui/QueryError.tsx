import { Alert, Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../lib/errors';

export function QueryError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  return (
    <Alert color="red" title={t('common.errorTitle')} role="alert">
      {errorText(error)}
      {onRetry !== undefined && (
        <Button variant="light" color="red" size="xs" mt="sm" display="block" onClick={onRetry}>
          {t('common.retry')}
        </Button>
      )}
    </Alert>
  );
}
