// /imports/amocrm/runs/:id — one migration (MIGR-3..5): the progress bar, the current step, the counters
// (total / migrated / added / updated / not migrated), the live log, Stop / Continue / Cancel, "Delete
// migrated data" after a cancel, an error or before confirming, Confirm (or automatic confirmation 7 days
// after completion), the report of records not migrated (and as CSV) and "Sync changes". A re-sync run is
// checked first and started here. Followed live through `import_run.*` events, polled every 2 s meanwhile.
import { useEffect, useRef, useState } from 'react';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Loader,
  Paper,
  Progress,
  ScrollArea,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload } from '@tabler/icons-react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ImportEntity, ImportRun, ImportRunFailure } from '@voronka/contracts';
import { ConfirmModal } from '../../components/ui/ConfirmModal';
import { EmptyState } from '../../components/ui/EmptyState';
import { ErrorAlert } from '../../components/ui/ErrorAlert';
import { PageHeader } from '../../components/ui/PageHeader';
import { QueryError } from '../../components/ui/QueryError';
import { useLocale } from '../../i18n/useLocale';
import { isApiError } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { formatDate, formatDateTime } from '../../lib/format';
import { useIsAdmin } from '../auth/session';
import { downloadReport, useFailures, useRun, useRunAction, useRunLog, type RunAction } from './api';
import { actionsOf, ENTITIES, isActiveRun, isDraftRun } from './selection';
import { statusColor } from './status';

const COUNTERS = ['total', 'migrated', 'added', 'updated', 'failed'] as const;
const COUNTER_COLORS = { total: 'dark', migrated: 'indigo', added: 'teal', updated: 'blue', failed: 'red' };
/** The job's steps (run-job.ts): migrating, then, when deleting, the record kinds in reverse order. */
const STEPS = [
  'setup',
  'companies',
  'contacts',
  'deals',
  'tasks',
  'company_notes',
  'contact_notes',
  'deal_notes',
  'timeline',
  'task',
  'deal',
  'contact',
  'company',
  'stage',
  'pipeline',
  'custom_field',
] as const;
const isEntity = (value: string): value is ImportEntity => (ENTITIES as readonly string[]).includes(value);
const FINISHED = new Set(['completed', 'confirmed', 'cancelled', 'failed', 'rolled_back', 'stopped']);

export function RunPage() {
  const { t } = useTranslation();
  const isAdmin = useIsAdmin();
  const { id = '' } = useParams();
  const run = useRun(isAdmin ? id : undefined);

  const back = (
    <Anchor component={Link} to="/imports/amocrm" size="sm">
      ← {t('amocrm.run.back')}
    </Anchor>
  );
  if (!isAdmin)
    return (
      <Alert color="yellow" variant="light">
        {t('amocrm.adminOnly')}
      </Alert>
    );
  if (run.isError)
    return (
      <Stack>
        {back}
        {isApiError(run.error) && run.error.status === 404 ? (
          <EmptyState>{t('amocrm.run.notFound')}</EmptyState>
        ) : (
          <QueryError error={run.error} onRetry={() => void run.refetch()} />
        )}
      </Stack>
    );
  if (run.data === undefined) return <Loader size="sm" aria-label={t('app.loading')} />;
  const item = run.data;
  return (
    <Stack gap="md" maw={1000}>
      {back}
      <PageHeader
        order={1}
        title={t(item.kind === 'sync' ? 'amocrm.run.titleSync' : 'amocrm.run.title', { portal: item.portal })}
      />
      <RunPanel run={item} />
      <RunLog id={item.id} active={isActiveRun(item.status)} />
      {(FINISHED.has(item.status) || item.counters.failed > 0) && <Failures run={item} />}
    </Stack>
  );
}

function RunPanel({ run }: { run: ImportRun }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const errorText = useErrorText();
  const action = useRunAction();
  const [error, setError] = useState<string | null>(null);
  const allowed = actionsOf(run);
  const active = isActiveRun(run.status);
  const categories = run.check?.categories ?? 0;

  const act = async (what: RunAction) => {
    setError(null);
    try {
      const next = await action.mutateAsync({ id: run.id, action: what });
      if (next.id !== run.id) await navigate(`/imports/amocrm/runs/${next.id}`);
    } catch (cause) {
      setError(errorText(cause));
    }
  };
  // For the confirmation dialogs, which show their own error.
  const confirmed = (what: RunAction) => () => action.mutateAsync({ id: run.id, action: what });

  const summary = () => {
    switch (run.status) {
      case 'completed':
      case 'confirmed': {
        const text =
          run.counters.failed > 0
            ? t('amocrm.run.doneWithErrors', { count: run.counters.total, migrated: run.counters.migrated })
            : t('amocrm.run.done', { count: run.counters.migrated });
        return `${text} ${t('amocrm.check.inCategories', { count: categories })}`;
      }
      case 'cancelled':
        return t('amocrm.run.cancelled');
      case 'failed':
        return run.error?.code === 'required_field'
          ? t('amocrm.run.requiredField', { message: run.error.message })
          : t('amocrm.run.failed', { message: run.error?.message ?? '' });
      case 'stopped':
        return run.error?.code === 'required_field'
          ? t('amocrm.run.requiredField', { message: run.error.message })
          : t('amocrm.run.stopped');
      case 'rolled_back':
        return t('amocrm.run.rolledBack');
      default:
        return null;
    }
  };
  const text = summary();
  const step = STEPS.find((s) => s === run.currentStep);

  return (
    <Paper withBorder p="md" aria-live="polite">
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Group gap="sm">
            <Badge size="lg" variant="light" color={statusColor(run.status)} data-testid="run-status">
              {t(`amocrm.run.status.${run.status}`)}
            </Badge>
            {(run.status === 'running' || run.status === 'rolling_back') && run.currentStep !== null && (
              <Text size="sm" data-testid="run-step">
                {step !== undefined ? t(`amocrm.run.step.${step}`) : run.currentStep}
              </Text>
            )}
          </Group>
          <Text size="sm" fw={500} data-testid="run-progress">
            {t('amocrm.run.progress', { value: run.progress })}
          </Text>
        </Group>
        <Progress
          value={run.status === 'rolled_back' ? 100 : run.progress}
          animated={active}
          color={run.status === 'failed' ? 'red' : run.status.startsWith('roll') ? 'gray' : 'indigo'}
          aria-label={t('amocrm.run.progressLabel')}
        />
        <SimpleGrid cols={{ base: 2, sm: 5 }}>
          {COUNTERS.map((counter) => (
            <Paper key={counter} withBorder p="sm" data-testid={`counter-${counter}`}>
              <Text size="xs" c="dimmed">
                {t(`amocrm.run.counters.${counter}`)}
              </Text>
              <Text size="xl" fw={600} c={`${COUNTER_COLORS[counter]}.8`}>
                {run.counters[counter]}
              </Text>
            </Paper>
          ))}
        </SimpleGrid>
        {run.status === 'running' && (
          <Text size="xs" c="dimmed">
            {t('amocrm.run.leaveHint')}
          </Text>
        )}
        {text !== null && (
          <Alert
            color={run.status === 'completed' && run.counters.failed > 0 ? 'yellow' : statusColor(run.status)}
            variant="light"
            role={run.status === 'failed' ? 'alert' : undefined}
            data-testid="run-summary"
          >
            {text}
          </Alert>
        )}
        {run.status === 'completed' && run.confirmBy !== null && (
          <Text size="sm" data-testid="auto-confirm">
            {t('amocrm.run.autoConfirm', { date: formatDate(run.confirmBy, locale) ?? '' })}
          </Text>
        )}
        {run.status === 'confirmed' && run.confirmedAt !== null && (
          <Text size="sm">
            {t('amocrm.run.confirmedAt', { date: formatDateTime(run.confirmedAt, locale) })}
          </Text>
        )}
        {isDraftRun(run) && <DraftCheck run={run} />}
        <ErrorAlert message={error} />
        <Group gap="sm">
          {run.status === 'ready' && (
            <Button onClick={() => void act('start')} loading={action.isPending}>
              {t('amocrm.check.migrate')}
            </Button>
          )}
          {allowed.stop && (
            <Button variant="default" onClick={() => void act('stop')} loading={action.isPending}>
              {t('amocrm.run.stop')}
            </Button>
          )}
          {allowed.continue && (
            <Button onClick={() => void act('continue')} loading={action.isPending}>
              {t('amocrm.run.continue')}
            </Button>
          )}
          {allowed.confirm && (
            <ConfirmModal
              color="teal"
              target={(open) => <Button onClick={open}>{t('amocrm.run.confirm')}</Button>}
              title={t('amocrm.run.confirmTitle')}
              message={t('amocrm.run.confirmMessage')}
              confirmLabel={t('amocrm.run.agree')}
              onConfirm={confirmed('confirm')}
            />
          )}
          {allowed.rollback && (
            <ConfirmModal
              target={(open) => (
                <Button variant="light" color="red" onClick={open}>
                  {run.status === 'completed' ? t('amocrm.run.delete') : t('amocrm.run.rollback')}
                </Button>
              )}
              title={t('amocrm.run.rollbackTitle')}
              message={t('amocrm.run.rollbackMessage')}
              confirmLabel={t('amocrm.run.agree')}
              onConfirm={confirmed('rollback')}
            />
          )}
          {allowed.cancel && (
            <ConfirmModal
              target={(open) => (
                <Button variant="subtle" color="red" onClick={open}>
                  {t('amocrm.run.cancel')}
                </Button>
              )}
              title={t('amocrm.run.cancelTitle')}
              message={t('amocrm.run.cancelMessage')}
              confirmLabel={t('amocrm.run.cancelConfirm')}
              onConfirm={confirmed('cancel')}
            />
          )}
          {allowed.sync && (
            <Button
              variant="default"
              title={t('amocrm.run.syncHint')}
              onClick={() => void act('sync')}
              loading={action.isPending}
            >
              {t('amocrm.run.sync')}
            </Button>
          )}
          {run.status === 'rolled_back' && (
            <Button variant="default" component={Link} to="/imports/amocrm">
              {t('amocrm.run.newMigration')}
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}

/** The data check of a run not started yet (a re-sync is prepared here). */
function DraftCheck({ run }: { run: ImportRun }) {
  const { t } = useTranslation();
  const check = run.check;
  if (run.status === 'checking' || check?.status === 'pending')
    return (
      <Group gap="sm">
        <Loader size="sm" />
        <Text size="sm">{t('amocrm.check.checking')}</Text>
      </Group>
    );
  if (check?.status === 'failed')
    return (
      <Alert color="red" variant="light" role="alert">
        {t('amocrm.check.failed', { error: check.error ?? '' })}
      </Alert>
    );
  if (check === null) return null;
  return (
    <Stack gap={2}>
      <Text fw={600} data-testid="check-summary">
        {t('amocrm.check.elements', { count: check.total })}{' '}
        {t('amocrm.check.inCategories', { count: check.categories })}
      </Text>
      <Text size="sm" c="dimmed">
        {ENTITIES.filter((e) => check.counts[e] !== undefined)
          .map((e) => `${t(`amocrm.choose.entity.${e}`)} ${check.counts[e] ?? 0}`)
          .join(' · ')}
      </Text>
    </Stack>
  );
}

function RunLog({ id, active }: { id: string; active: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const log = useRunLog(id, active);
  const items = log.data?.items ?? [];
  const viewport = useRef<HTMLDivElement>(null);
  // A live log: follow its end as lines arrive.
  useEffect(() => {
    viewport.current?.scrollTo({ top: viewport.current.scrollHeight });
  }, [items.length]);
  return (
    <Paper withBorder p="md" aria-labelledby="run-log-title">
      <Title order={2} size="h5" id="run-log-title" mb="sm">
        {t('amocrm.run.log')}
      </Title>
      {log.isError && <QueryError error={log.error} onRetry={() => void log.refetch()} />}
      {log.isSuccess && items.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('amocrm.run.logEmpty')}
        </Text>
      )}
      {items.length > 0 && (
        <ScrollArea.Autosize mah={320} viewportRef={viewport} data-testid="run-log">
          <Stack gap={2}>
            {items.map((line) => (
              <Text
                key={line.seq}
                size="xs"
                ff="monospace"
                c={line.level === 'error' ? 'red.8' : line.level === 'warning' ? 'orange.8' : undefined}
              >
                {new Date(line.at).toLocaleTimeString(locale)} {line.message}
              </Text>
            ))}
          </Stack>
        </ScrollArea.Autosize>
      )}
    </Paper>
  );
}

/** Why a record was not migrated, in the interface's language (the server's text for a run without codes). */
function reasonText(t: TFunction, row: ImportRunFailure): string {
  const p = row.params;
  switch (row.code) {
    case 'pipeline_not_migrated':
      return t('amocrm.run.reasons.pipeline_not_migrated', {
        pipelineId: p.pipelineId ?? '',
        stageId: p.stageId ?? '',
      });
    case 'linked_record_missing': {
      const kinds: Record<string, string> = {
        company: t('amocrm.run.reasonEntity.company'),
        contact: t('amocrm.run.reasonEntity.contact'),
        deal: t('amocrm.run.reasonEntity.deal'),
      };
      const entity = p.entity ?? '';
      return t('amocrm.run.reasons.linked_record_missing', {
        entity: kinds[entity] ?? entity,
        id: p.id ?? '',
      });
    }
    case 'parent_not_migrated':
      return t('amocrm.run.reasons.parent_not_migrated', { id: p.id ?? '' });
    case 'refused':
      return t('amocrm.run.reasons.refused', { detail: p.detail ?? '' });
    case 'file_not_downloaded':
      return t('amocrm.run.reasons.file_not_downloaded', { name: p.name ?? '', detail: p.detail ?? '' });
    case 'file_too_large':
      return t('amocrm.run.reasons.file_too_large', { name: p.name ?? '', limit: p.limit ?? '' });
    case 'file_legacy':
      return t('amocrm.run.reasons.file_legacy', { name: p.name ?? '' });
    default:
      return row.reason;
  }
}

function Failures({ run }: { run: ImportRun }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const errorText = useErrorText();
  const failures = useFailures(run.id, true);
  const [downloading, setDownloading] = useState(false);
  const rows = failures.data?.pages.flatMap((page) => page.items) ?? [];

  const download = async () => {
    setDownloading(true);
    try {
      await downloadReport(run.id, locale);
    } catch (cause) {
      notifications.show({ color: 'red', message: errorText(cause) });
    } finally {
      setDownloading(false);
    }
  };

  return (
    <Paper withBorder p="md" aria-labelledby="run-failures-title">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h5" id="run-failures-title">
          {t('amocrm.run.failures')} ({run.counters.failed})
        </Title>
        <Button
          variant="default"
          size="xs"
          leftSection={<IconDownload size={16} aria-hidden />}
          loading={downloading}
          onClick={() => void download()}
        >
          {t('amocrm.run.download')}
        </Button>
      </Group>
      {failures.isError && <QueryError error={failures.error} onRetry={() => void failures.refetch()} />}
      {failures.isSuccess && rows.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('amocrm.run.failuresEmpty')}
        </Text>
      )}
      {rows.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing={4} data-testid="run-failures">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('amocrm.run.columns.entity')}</Table.Th>
                <Table.Th>{t('amocrm.run.columns.sourceId')}</Table.Th>
                <Table.Th>{t('amocrm.run.columns.name')}</Table.Th>
                <Table.Th>{t('amocrm.run.columns.reason')}</Table.Th>
                <Table.Th>{t('amocrm.run.columns.at')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={`${row.entity}:${row.sourceId}:${row.at}`}>
                  <Table.Td>
                    {isEntity(row.entity) ? t(`amocrm.choose.entity.${row.entity}`) : row.entity}
                  </Table.Td>
                  <Table.Td>{row.sourceId}</Table.Td>
                  <Table.Td>{row.name ?? '—'}</Table.Td>
                  <Table.Td>{reasonText(t, row)}</Table.Td>
                  <Table.Td>{formatDateTime(row.at, locale)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {failures.hasNextPage && (
        <Button
          variant="subtle"
          mt="sm"
          loading={failures.isFetchingNextPage}
          onClick={() => void failures.fetchNextPage()}
        >
          {t('amocrm.run.loadMore')}
        </Button>
      )}
    </Paper>
  );
}
