// Step 1: a CSV or XLSX file, dropped on the zone or chosen; the server reads it (encoding, delimiter,
// headers) and says why when it cannot.
import { useId, useRef, useState, type DragEvent } from 'react';
import { Button, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import { IconFileUpload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { SpreadsheetEntity, SpreadsheetImport } from '@voronka/contracts';
import { ErrorAlert } from '../../components/ui/ErrorAlert';
import { isApiError } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { useUpload } from './api';

const ACCEPT = '.csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function UploadStep({
  entity,
  onUploaded,
}: {
  entity: SpreadsheetEntity;
  onUploaded: (draft: SpreadsheetImport) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const upload = useUpload(entity);
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const [over, setOver] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const send = (file: File | undefined) => {
    if (file === undefined || upload.isPending) return;
    setError(null);
    upload.mutate(file, {
      onSuccess: onUploaded,
      onError: (cause) => {
        // The server names what is wrong with the file (unreadable, no header row, too large…).
        const reason = isApiError(cause) ? cause.fields.file : undefined;
        setError(
          reason !== undefined
            ? t('spreadsheets.upload.unreadable', { name: file.name, reason })
            : errorText(cause),
        );
      },
    });
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    send(event.dataTransfer.files[0]);
  };

  return (
    <Stack gap="sm" maw={720}>
      <Paper
        withBorder
        p="xl"
        radius="md"
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        style={{
          borderStyle: 'dashed',
          borderWidth: 2,
          borderColor: over ? 'var(--mantine-color-indigo-5)' : undefined,
          background: over ? 'var(--mantine-color-indigo-0)' : undefined,
        }}
        data-testid="upload-zone"
      >
        <Stack align="center" gap="xs">
          {upload.isPending ? (
            <>
              <Loader size="md" />
              <Text>{t('spreadsheets.upload.reading')}</Text>
            </>
          ) : (
            <>
              <IconFileUpload size={40} stroke={1.5} aria-hidden />
              <Text fw={500}>{t('spreadsheets.upload.drop')}</Text>
              <Text size="sm" c="dimmed" ta="center">
                {t('spreadsheets.upload.formats')}
              </Text>
              <Group>
                <Button onClick={() => input.current?.click()}>{t('spreadsheets.upload.choose')}</Button>
              </Group>
            </>
          )}
        </Stack>
        <label htmlFor={inputId} style={{ display: 'none' }}>
          {t('spreadsheets.upload.label')}
        </label>
        <input
          ref={input}
          id={inputId}
          type="file"
          accept={ACCEPT}
          style={{ display: 'none' }}
          onChange={(event) => {
            send(event.currentTarget.files?.[0]);
            event.currentTarget.value = '';
          }}
        />
      </Paper>
      <ErrorAlert message={error} />
    </Stack>
  );
}
