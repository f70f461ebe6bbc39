// The deal card (CORE-7), where a manager works a deal: its name, amount and responsible, the stage bar,
// its fields and custom fields, line items, and the timeline with the composer. Every field is edited in
// place and saved with If-Match; live changes refresh the card without touching what is being typed.
// «Open to all» is a switch saved at once; Delete shows only with the role's right to delete here (ADR 0018).
import { useCallback, useMemo, useState } from 'react';
import { Badge, Box, Button, Grid, Group, Paper, Select, Stack, Switch, TextInput } from '@mantine/core';
import { IconCalendarDue, IconAlertTriangle, IconCopy, IconTrash } from '@tabler/icons-react';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { fieldAppliesToPipeline, type Deal } from '@voronka/contracts';
import { CardBackLink, CardLoadError, CardLoading } from '../../components/card/CardStates';
import { ConfirmModal } from '../../components/ui/ConfirmModal';
import { isApiError } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { useLocale } from '../../i18n/useLocale';
import { useAccountSettings, usePipelines, useUsers } from '../settings/api';
import { useMe } from '../auth/session';
import { canRecord } from '../access/can';
import { useMyAccess } from '../access/api';
import { DealRuns } from '../automation/DealRuns';
import { Timeline } from '../timeline/Timeline';
import { formatInstant, formatMoney } from '../timeline/fieldText';
import { useDealCustomFields } from './api';
import {
  createOwnVersions,
  OwnVersionsContext,
  useDeal,
  useDealItems,
  useDeleteDeal,
  useReferenceItems,
  useSaveDeal,
} from './card/api';
import { assignableUsers, CURRENCIES, type CardData } from './card/cardData';
import { DealFields } from './card/DealFields';
import { InlineField } from './card/InlineField';
import { LineItems } from './card/LineItems';
import { StageBar } from './card/StageBar';
import { useDealRequests } from '../inbox/api';
import { SlaCountdown } from '../inbox/SlaCountdown';
import { earliestDue } from '../inbox/slaModel';
import { CopyDealDialog } from './copy/CopyDealDialog';
import { CopyLinks } from './copy/CopyLinks';
import { parseAmount } from './money';

export function DealCardPage() {
  const { id = '' } = useParams();
  // One per card: which versions this tab's own saves produced (see OwnVersions).
  const [own] = useState(createOwnVersions);
  return (
    <OwnVersionsContext.Provider value={own}>
      <DealCard key={id} id={id} />
    </OwnVersionsContext.Provider>
  );
}

function DealCard({ id }: { id: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const deal = useDeal(id);
  const pipelines = usePipelines();
  const users = useUsers();
  const fields = useDealCustomFields();
  const account = useAccountSettings();
  const sources = useReferenceItems('sources');
  const lossReasons = useReferenceItems('loss_reasons');
  const [stageErrors, setStageErrors] = useState<Record<string, string>>({});
  const clearStageError = useCallback(
    (path: string) =>
      setStageErrors((current) => {
        const { [path]: _removed, ...rest } = current;
        return rest;
      }),
    [],
  );

  const data = useMemo((): CardData | null => {
    if (deal.data === undefined || pipelines.data === undefined || users.data === undefined) return null;
    const current = deal.data;
    const pipeline = pipelines.data.find((candidate) => candidate.id === current.pipelineId);
    const allFields = fields.data ?? [];
    return {
      deal: current,
      pipelines: pipelines.data,
      pipeline,
      stages: (pipeline?.stages ?? []).toSorted((a, b) => a.position - b.position),
      users: users.data,
      allFields,
      fields: allFields
        .filter((field) => fieldAppliesToPipeline(field, current.pipelineId))
        .toSorted((a, b) => a.sort - b.sort || a.name.localeCompare(b.name)),
      sources: sources.data ?? [],
      lossReasons: lossReasons.data ?? [],
      currency: account.data?.currency ?? 'RUB',
      timeZone: account.data?.timezone ?? 'Europe/Moscow',
      locale,
      stageErrors,
      clearStageError,
      setStageErrors,
    };
  }, [
    deal.data,
    pipelines.data,
    users.data,
    fields.data,
    sources.data,
    lossReasons.data,
    account.data,
    locale,
    stageErrors,
    clearStageError,
  ]);

  const back = <CardBackLink to="/deals" label={t('dealCard.backToDeals')} />;
  if (deal.isError)
    return (
      <CardLoadError
        back={back}
        error={deal.error}
        onRetry={() => void deal.refetch()}
        gone={t('dealCard.notFound')}
      />
    );
  if (data === null) return <CardLoading back={back} />;

  return (
    <Stack gap="md" component="article" aria-label={t('dealCard.title', { name: data.deal.name })}>
      {back}
      <Paper withBorder p="md">
        <Stack gap="sm">
          <DealHeader data={data} />
          <CopyLinks dealId={data.deal.id} />
          <StageBar data={data} />
        </Stack>
      </Paper>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
          <Stack gap="md">
            <DealFields data={data} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
          <Stack gap="md">
            <LineItems data={data} />
            <DealRuns dealId={data.deal.id} locale={data.locale} timeZone={data.timeZone} />
            <Timeline entity="deal" entityId={data.deal.id} recordVersion={data.deal.version} />
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function DealHeader({ data }: { data: CardData }) {
  const { t } = useTranslation();
  const { deal, locale } = data;
  const responsible = data.users.find((user) => user.id === deal.responsibleUserId);
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Box style={{ flex: '1 1 360px', minWidth: 0 }}>
          <InlineField<string>
            deal={deal}
            label={t('dealCard.name')}
            displayOrder="title"
            display={
              <h1 style={{ margin: 0, fontSize: 26, lineHeight: 1.25, overflowWrap: 'anywhere' }}>
                {deal.name}
              </h1>
            }
            initial={() => deal.name}
            errorFields={['name']}
            input={({ value, onChange, label, error }) => (
              <TextInput
                label={label}
                value={value}
                onChange={(event) => onChange(event.currentTarget.value)}
                error={error}
                size="md"
                autoFocus
                maxLength={200}
              />
            )}
            toChanges={(name) =>
              name.trim() === '' ? { error: t('dealCard.nameRequired') } : { changes: { name: name.trim() } }
            }
          />
        </Box>
        <Group gap={6}>
          <CopyAction data={data} />
          <DeleteAction deal={deal} />
          <StatusBadge deal={deal} />
          <DealSla dealId={deal.id} />
          {deal.noTaskPlanned && (
            <Badge color="orange" variant="light" leftSection={<IconAlertTriangle size={12} />}>
              {t('dealCard.noTaskPlanned')}
            </Badge>
          )}
          {deal.nextTaskAt !== null && (
            <Badge
              color={Date.parse(deal.nextTaskAt) < Date.now() ? 'red' : 'gray'}
              variant="light"
              leftSection={<IconCalendarDue size={12} />}
            >
              {t('dealCard.nextTask', { when: formatInstant(deal.nextTaskAt, locale, data.timeZone) })}
            </Badge>
          )}
        </Group>
      </Group>
      <Group gap="xl" align="flex-start" wrap="wrap">
        <Box miw={200}>
          <InlineField<{ amount: string; currency: string }>
            deal={deal}
            label={t('dealCard.amount')}
            display={formatMoney(deal.amount, deal.currency, locale)}
            readOnly={deal.hasItems}
            readOnlyNote={t('dealCard.amountFromItems')}
            initial={() => ({ amount: deal.amount.replace(/\.00$/, ''), currency: deal.currency })}
            errorFields={['amount', 'currency']}
            input={({ value, onChange, label, error }) => (
              <Group gap="xs" align="flex-start" wrap="nowrap">
                <TextInput
                  label={label}
                  inputMode="decimal"
                  value={value.amount}
                  onChange={(event) => onChange({ ...value, amount: event.currentTarget.value })}
                  error={error}
                  autoFocus
                  w={160}
                />
                <Select
                  label={t('dealCard.currency')}
                  data={[...new Set([value.currency, ...CURRENCIES])]}
                  value={value.currency}
                  onChange={(currency) => onChange({ ...value, currency: currency ?? value.currency })}
                  allowDeselect={false}
                  w={96}
                  comboboxProps={{ withinPortal: true }}
                />
              </Group>
            )}
            toChanges={({ amount, currency }) => {
              const parsed = parseAmount(amount);
              if (parsed === null) return { error: t('dealCard.invalid.money') };
              return {
                changes: currency === deal.currency ? { amount: parsed } : { amount: parsed, currency },
              };
            }}
          />
        </Box>
        <Box miw={200}>
          <InlineField<string | null>
            deal={deal}
            label={t('dealCard.responsible')}
            display={responsible?.name ?? null}
            initial={() => deal.responsibleUserId}
            errorFields={['responsibleUserId']}
            input={({ value, onChange, label, error }) => (
              <Select
                label={label}
                data={assignableUsers(data.users, [deal.responsibleUserId]).map((user) => ({
                  value: user.id,
                  label: user.name,
                }))}
                value={value}
                onChange={onChange}
                error={error}
                searchable
                clearable
                autoFocus
                comboboxProps={{ withinPortal: true }}
              />
            )}
            toChanges={(responsibleUserId) => ({ changes: { responsibleUserId } })}
          />
        </Box>
        <Box miw={200}>
          <InlineField<string | null>
            deal={deal}
            label={t('dealCard.pipeline')}
            display={data.pipeline?.name ?? null}
            initial={() => deal.pipelineId}
            errorFields={['pipelineId', 'stageId']}
            input={({ value, onChange, label, error }) => (
              <Select
                label={label}
                description={t('dealCard.pipelineHint')}
                data={data.pipelines.map((pipeline) => ({ value: pipeline.id, label: pipeline.name }))}
                value={value}
                onChange={onChange}
                error={error}
                allowDeselect={false}
                autoFocus
                comboboxProps={{ withinPortal: true }}
              />
            )}
            toChanges={(pipelineId) =>
              pipelineId === null || pipelineId === deal.pipelineId
                ? { changes: {} }
                : { changes: { pipelineId } }
            }
          />
        </Box>
        <Box miw={200}>
          <OpenToAll deal={deal} />
        </Box>
      </Group>
    </Stack>
  );
}

/** The "Copy" action: the dialog with the deal's items and every deal field. */
function CopyAction({ data }: { data: CardData }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const items = useDealItems(data.deal.id);
  return (
    <>
      <Button
        size="xs"
        variant="light"
        leftSection={<IconCopy size={14} />}
        onClick={() => setOpened(true)}
        disabled={items.data === undefined}
      >
        {t('dealCopy.action')}
      </Button>
      <CopyDealDialog
        opened={opened}
        onClose={() => setOpened(false)}
        deal={data.deal}
        items={items.data?.items ?? []}
        fields={data.allFields}
        pipelines={data.pipelines}
        users={data.users}
      />
    </>
  );
}

/**
 * «Open to all» (ADR 0018): the deal is seen by every role reading open deals. Saved as soon as it is
 * switched, against the version shown; a refusal (403, 409) is told under the switch.
 */
function OpenToAll({ deal }: { deal: Deal }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const save = useSaveDeal(deal.id);
  const [error, setError] = useState<string | null>(null);
  const checked = save.isPending ? save.variables.changes.isOpen === true : deal.isOpen;
  return (
    <Switch
      label={t('dealCard.isOpen')}
      description={t('dealCard.isOpenHint')}
      checked={checked}
      disabled={save.isPending}
      error={error}
      onChange={(event) => {
        setError(null);
        save.mutate(
          { changes: { isOpen: event.currentTarget.checked }, version: deal.version },
          {
            onError: (cause) =>
              setError(
                isApiError(cause) && cause.status === 409 ? t('dealCard.conflictRetry') : errorText(cause),
              ),
          },
        );
      }}
    />
  );
}

/** Delete, after a confirmation; only with the role's right to delete this deal (at its stage). */
function DeleteAction({ deal }: { deal: Deal }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { user } = useMe();
  const access = useMyAccess().data;
  const remove = useDeleteDeal();
  if (!canRecord(access, user.id, 'deal', 'delete', deal)) return null;
  return (
    <ConfirmModal
      title={t('dealCard.deleteTitle')}
      message={t('dealCard.deleteConfirm', { name: deal.name })}
      confirmLabel={t('common.delete')}
      onConfirm={async () => {
        await remove.mutateAsync(deal);
        void navigate('/deals');
      }}
      target={(openModal) => (
        <Button
          size="xs"
          variant="subtle"
          color="red"
          leftSection={<IconTrash size={14} />}
          onClick={openModal}
        >
          {t('common.delete')}
        </Button>
      )}
    />
  );
}

function StatusBadge({ deal }: { deal: Deal }) {
  const { t } = useTranslation();
  if (deal.status === 'open') return null;
  return (
    <Badge color={deal.status === 'won' ? 'teal' : 'red'} variant="filled">
      {t(`dealCard.status.${deal.status}`)}
    </Badge>
  );
}

/** The response SLA still running on the deal's requests (it waits in Unsorted for the first reply). */
function DealSla({ dealId }: { dealId: string }) {
  const requests = useDealRequests(dealId);
  const dueAt = earliestDue(requests.data ?? []);
  return dueAt === null ? null : <SlaCountdown dueAt={dueAt} />;
}
