// The spreadsheet import wizard (MIGR-6): /imports/file?entity=contacts uploads a file; the draft then lives
// at /imports/file/<id>, so a reload (or coming back later to a long import) lands on the same step:
// columns, preview (?step=preview), then progress and the report once the import has started.
import { Anchor, Group, Skeleton, Stack, Stepper, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { spreadsheetEntitySchema, type SpreadsheetEntity } from '@voronka/contracts';
import { QueryError } from '../../components/ui/QueryError';
import { useImport } from './api';
import { isActive, stepOf } from './mapping';
import { MappingStep } from './MappingStep';
import { PreviewStep } from './PreviewStep';
import { ProgressStep } from './ProgressStep';
import { UploadStep } from './UploadStep';
import { useSearchParams } from '../../lib/searchParams';

export function ImportPage() {
  const { id } = useParams();
  const [params] = useSearchParams();
  if (id === undefined) {
    const parsed = spreadsheetEntitySchema.safeParse(params.get('entity'));
    return <NewImport entity={parsed.success ? parsed.data : 'contacts'} />;
  }
  return <ExistingImport key={id} id={id} />;
}

function Frame({
  entity,
  step,
  children,
}: {
  entity: SpreadsheetEntity;
  step: number;
  children: React.ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <Anchor component={Link} to={`/${entity}`} size="sm">
        <Group gap={4} wrap="nowrap">
          <IconArrowLeft size={14} aria-hidden />
          {t(`spreadsheets.back.${entity}`)}
        </Group>
      </Anchor>
      <Title order={1} size="h2">
        {t(`spreadsheets.title.${entity}`)}
      </Title>
      <Stepper active={step} size="sm" allowNextStepsSelect={false}>
        <Stepper.Step label={t('spreadsheets.steps.file')} />
        <Stepper.Step label={t('spreadsheets.steps.columns')} />
        <Stepper.Step label={t('spreadsheets.steps.preview')} />
        <Stepper.Step label={t('spreadsheets.steps.import')} />
      </Stepper>
      {children}
    </Stack>
  );
}

function NewImport({ entity }: { entity: SpreadsheetEntity }) {
  const navigate = useNavigate();
  return (
    <Frame entity={entity} step={0}>
      <UploadStep entity={entity} onUploaded={(draft) => void navigate(`/imports/file/${draft.id}`)} />
    </Frame>
  );
}

function ExistingImport({ id }: { id: string }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const item = useImport(id);
  const wantsPreview = params.get('step') === 'preview';
  const setPreview = (preview: boolean) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (preview) next.set('step', 'preview');
      else next.delete('step');
      return next;
    });

  if (item.isError && item.data === undefined)
    return <QueryError error={item.error} onRetry={() => void item.refetch()} />;
  if (item.data === undefined) return <Skeleton h={360} />;
  const data = item.data;
  const step = stepOf(data, wantsPreview);
  return (
    // A finished import completes the last step too.
    <Frame entity={data.entity} step={step === 3 && !isActive(data.status) ? 4 : step}>
      <Text size="sm" c="dimmed">
        {t('spreadsheets.file', { name: data.fileName, count: data.totalRows })}
      </Text>
      {step === 1 && <MappingStep item={data} onSaved={() => setPreview(true)} />}
      {step === 2 && <PreviewStep item={data} onBack={() => setPreview(false)} />}
      {step === 3 && <ProgressStep item={data} />}
    </Frame>
  );
}
