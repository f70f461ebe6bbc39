// The Unsorted inbox: requests waiting in the Unsorted stage of every pipeline, oldest first, each with its
// source, UTM tags, the client's message, duplicate flags (links to the matching contacts and deals), the
// repeat mark and the live SLA countdown. Accept (to the first working stage, or another open one, with the
// company it names), decline (to the pipeline's Lost stage — «Корзина» — with a reason) or link to an
// existing deal. New submissions appear by themselves: request events refresh the `inbox` queries.
import { useMemo, useState } from 'react';
import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Text,
  Textarea,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconArrowRight, IconChartBar, IconCheck, IconLink, IconTrash } from '@tabler/icons-react';
import { Link as RouterLink } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Company, Contact, Deal, IntakeRequest, Pipeline, RequestKind } from '@voronka/contracts';
import { DialogActions } from '../../components/ui/DialogActions';
import { can } from '../access/can';
import { useMyAccess } from '../access/api';
import { EmptyState } from '../../components/ui/EmptyState';
import { ErrorAlert } from '../../components/ui/ErrorAlert';
import { PageHeader } from '../../components/ui/PageHeader';
import { QueryResult } from '../../components/ui/QueryResult';
import { useDialog } from '../../components/ui/useDialog';
import { useLocale } from '../../i18n/useLocale';
import { api, type ListResponse } from '../../lib/api';
import { useFormErrors } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { searchCompanies, searchContacts } from '../deals/card/api';
import { RecordSelect, type RecordOption } from '../deals/card/RecordSelect';
import { useForms } from '../forms/api';
import { usePipelines, useReferenceList } from '../settings/api';
import { useAcceptRequest, useDeclineRequest, useInbox, useLinkRequest, type InboxFilters } from './api';
import { SlaCountdown } from './SlaCountdown';
import { runningDue } from './slaModel';
import { sourceLabel } from './slaReportModel';

type KindFilter = 'all' | RequestKind;

export function InboxPage() {
  const { t } = useTranslation();
  const pipelines = usePipelines();
  const forms = useForms();
  const [pipelineId, setPipelineId] = useState<string | null>(null);
  const [source, setSource] = useState<string | null>(null);
  const [kind, setKind] = useState<KindFilter>('all');
  const filters: InboxFilters = { pipelineId, source, kind: kind === 'all' ? null : kind };
  const inbox = useInbox(filters);
  const me = useMyAccess().data;
  const accept = useDialog<IntakeRequest>();
  const decline = useDialog<IntakeRequest>();
  const link = useDialog<IntakeRequest>();
  const pipelineById = useMemo(() => new Map((pipelines.data ?? []).map((p) => [p.id, p])), [pipelines.data]);
  const sources = [...new Set((forms.data ?? []).map((f) => `form:${f.name}`))];

  return (
    <section aria-labelledby="inbox-title">
      <PageHeader
        order={1}
        title={<span id="inbox-title">{t('inbox.title')}</span>}
        description={t('inbox.description')}
        actions={
          // The report is for roles that read reports (the server refuses the others).
          can(me, 'report', 'read') && (
            <Button
              variant="default"
              component={RouterLink}
              to="/inbox/report"
              leftSection={<IconChartBar size={16} />}
            >
              {t('inbox.reportLink')}
            </Button>
          )
        }
      />
      <Group gap="sm" mb="md" align="flex-end" wrap="wrap">
        <Select
          label={t('inbox.filters.pipeline')}
          placeholder={t('inbox.filters.allPipelines')}
          data={(pipelines.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
          value={pipelineId}
          onChange={setPipelineId}
          clearable
          w={220}
        />
        <Select
          label={t('inbox.filters.source')}
          placeholder={t('inbox.filters.allSources')}
          data={sources.map((s) => ({ value: s, label: s.replace(/^form:/, '') }))}
          value={source}
          onChange={setSource}
          clearable
          w={220}
        />
        <SegmentedControl<KindFilter>
          aria-label={t('inbox.filters.kind')}
          value={kind}
          onChange={(value) => setKind(value)}
          data={[
            { value: 'all', label: t('inbox.filters.all') },
            { value: 'new', label: t('inbox.kind.new') },
            { value: 'repeat', label: t('inbox.kind.repeat') },
          ]}
        />
      </Group>
      <QueryResult query={inbox} loading={<Skeleton h={160} />}>
        {(data) => {
          const items = data.pages.flatMap((page) => page.items);
          if (items.length === 0) return <EmptyState>{t('inbox.empty')}</EmptyState>;
          return (
            <Stack gap="sm">
              {items.map((request) => (
                <RequestCard
                  key={request.id}
                  request={request}
                  pipeline={pipelineById.get(request.pipelineId)}
                  onAccept={() => accept.open(request)}
                  onDecline={() => decline.open(request)}
                  onLink={() => link.open(request)}
                />
              ))}
              {inbox.hasNextPage && (
                <Group justify="center">
                  <Button
                    variant="default"
                    onClick={() => void inbox.fetchNextPage()}
                    loading={inbox.isFetchingNextPage}
                  >
                    {t('inbox.more')}
                  </Button>
                </Group>
              )}
            </Stack>
          );
        }}
      </QueryResult>
      <Modal opened={accept.opened} onClose={accept.close} title={t('inbox.accept.title')} centered>
        {accept.value && (
          <AcceptForm
            key={accept.key}
            request={accept.value}
            pipeline={pipelineById.get(accept.value.pipelineId)}
            onClose={accept.close}
          />
        )}
      </Modal>
      <Modal opened={decline.opened} onClose={decline.close} title={t('inbox.decline.title')} centered>
        {decline.value && <DeclineForm key={decline.key} request={decline.value} onClose={decline.close} />}
      </Modal>
      <Modal opened={link.opened} onClose={link.close} title={t('inbox.linking.title')} centered>
        {link.value && <LinkForm key={link.key} request={link.value} onClose={link.close} />}
      </Modal>
    </section>
  );
}

function RequestCard({
  request,
  pipeline,
  onAccept,
  onDecline,
  onLink,
}: {
  request: IntakeRequest;
  pipeline: Pipeline | undefined;
  onAccept: () => void;
  onDecline: () => void;
  onLink: () => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const due = runningDue(request);
  const utm = Object.entries(request.utm).filter(([, value]) => value !== null);
  const { contactIds, dealIds } = request.duplicates;
  return (
    <Paper
      withBorder
      p="md"
      component="article"
      aria-label={request.dealName}
      data-testid="inbox-request"
      data-deal-id={request.dealId}
    >
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Stack gap={2}>
            <Anchor component={RouterLink} to={`/deals/${request.dealId}`} fw={600}>
              {request.dealName}
            </Anchor>
            <Text size="sm" c="dimmed">
              {t('inbox.received', {
                when: formatDateTime(request.receivedAt, locale),
                pipeline: pipeline?.name ?? '',
              })}
            </Text>
          </Stack>
          <Group gap={6}>
            {due !== null && <SlaCountdown dueAt={due} size="md" />}
            {request.kind === 'repeat' && (
              <Badge color="grape" variant="light">
                {t('inbox.kind.repeat')}
              </Badge>
            )}
            <Badge variant="outline" color="gray">
              {sourceLabel(request.source, t('inbox.formSource'))}
            </Badge>
          </Group>
        </Group>
        {request.contact && (
          <Text size="sm">
            <Anchor component={RouterLink} to={`/contacts/${request.contact.id}`}>
              {request.contact.name}
            </Anchor>
            {[request.contact.phone, request.contact.email]
              .filter((v): v is string => v !== null)
              .map((v) => ` · ${v}`)
              .join('')}
          </Text>
        )}
        {request.message !== '' && (
          <Text
            size="sm"
            p="xs"
            bg="var(--mantine-color-gray-0)"
            style={{ whiteSpace: 'pre-wrap', borderRadius: 4 }}
            data-testid="inbox-message"
          >
            {request.message}
          </Text>
        )}
        {(utm.length > 0 || request.pageUrl) && (
          <Group gap={6} wrap="wrap">
            {utm.map(([key, value]) => (
              <Badge key={key} variant="light" color="gray" tt="none">
                utm_{key}: {value}
              </Badge>
            ))}
            {request.pageUrl && (
              <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                {t('inbox.page', { url: request.pageUrl })}
              </Text>
            )}
          </Group>
        )}
        {(contactIds.length > 1 || dealIds.length > 0) && (
          <Group gap={6} wrap="wrap" data-testid="inbox-duplicates">
            <Badge color="orange" variant="light">
              {t('inbox.duplicates')}
            </Badge>
            {contactIds.length > 1 &&
              contactIds.map((id, i) => (
                <Anchor key={id} component={RouterLink} to={`/contacts/${id}`} size="sm">
                  {t('inbox.duplicateContact', { n: i + 1 })}
                </Anchor>
              ))}
            {dealIds.map((id, i) => (
              <Anchor key={id} component={RouterLink} to={`/deals/${id}`} size="sm">
                {t('inbox.duplicateDeal', { n: i + 1 })}
              </Anchor>
            ))}
          </Group>
        )}
        <Group gap="xs" justify="flex-end">
          <Button size="xs" leftSection={<IconCheck size={14} />} onClick={onAccept}>
            {t('inbox.accept.action')}
          </Button>
          <Button size="xs" variant="default" leftSection={<IconLink size={14} />} onClick={onLink}>
            {t('inbox.linking.action')}
          </Button>
          <Button
            size="xs"
            variant="light"
            color="red"
            leftSection={<IconTrash size={14} />}
            onClick={onDecline}
          >
            {t('inbox.decline.action')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

const doneMessage = (deal: Deal, text: string) =>
  notifications.show({ color: 'teal', message: text, id: `inbox-${deal.id}` });

function AcceptForm({
  request,
  pipeline,
  onClose,
}: {
  request: IntakeRequest;
  pipeline: Pipeline | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const accept = useAcceptRequest();
  const open = (pipeline?.stages ?? []).filter((s) => s.kind === 'open');
  const own = request.contact ? { value: request.contact.id, label: request.contact.name } : null;
  const [contact, setContact] = useState<RecordOption | null>(own);
  const [company, setCompany] = useState<RecordOption | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { stageId: open[0]?.id ?? '', createCompany: true },
  });
  const errors = useFormErrors(form, ['stageId', 'contactId', 'companyId']);
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        errors.setMessage(null);
        accept.mutate(
          {
            dealId: request.dealId,
            createCompany: company === null && values.createCompany,
            ...(values.stageId ? { stageId: values.stageId } : {}),
            ...(contact && contact.value !== own?.value ? { contactId: contact.value } : {}),
            ...(company ? { companyId: company.value } : {}),
          },
          {
            onSuccess: (deal) => {
              onClose();
              doneMessage(deal, t('inbox.accept.done', { name: deal.name }));
            },
            onError: errors.show,
          },
        );
      })}
    >
      <Stack>
        <ErrorAlert message={errors.message} />
        <Text size="sm">{t('inbox.accept.intro', { name: request.dealName })}</Text>
        <Select
          label={t('inbox.accept.stage')}
          data={open.map((s) => ({ value: s.id, label: s.name }))}
          leftSection={<IconArrowRight size={14} />}
          allowDeselect={false}
          comboboxProps={{ withinPortal: false }}
          {...form.getInputProps('stageId')}
        />
        <RecordSelect<Contact>
          kind="contact"
          label={t('inbox.accept.contact')}
          value={contact}
          onChange={(option) => setContact(option ?? own)}
          search={searchContacts}
          toOption={(record) => ({ value: record.id, label: record.name })}
          error={form.errors.contactId}
          clearable={false}
          withinPortal={false}
        />
        {request.duplicates.contactIds.length > 1 && (
          <Text size="xs" c="dimmed">
            {t('inbox.accept.contactHint')}
          </Text>
        )}
        <RecordSelect<Company>
          kind="company"
          label={t('inbox.accept.company')}
          placeholder={t('inbox.accept.companyPlaceholder')}
          value={company}
          onChange={(option) => setCompany(option)}
          search={searchCompanies}
          toOption={(record) => ({ value: record.id, label: record.name })}
          error={form.errors.companyId}
          withinPortal={false}
        />
        {company === null && (
          <Checkbox
            label={t('inbox.accept.createCompany')}
            description={t('inbox.accept.createCompanyHint')}
            {...form.getInputProps('createCompany', { type: 'checkbox' })}
          />
        )}
        <DialogActions onCancel={onClose} submitLabel={t('inbox.accept.submit')} loading={accept.isPending} />
      </Stack>
    </form>
  );
}

function DeclineForm({ request, onClose }: { request: IntakeRequest; onClose: () => void }) {
  const { t } = useTranslation();
  const decline = useDeclineRequest();
  const reasons = useReferenceList('loss_reasons', false);
  const form = useForm({
    mode: 'controlled',
    initialValues: { lossReasonId: '', comment: '' },
    validate: {
      comment: (value, values) =>
        values.lossReasonId === '' && value.trim() === '' ? t('inbox.decline.reasonRequired') : null,
    },
  });
  const errors = useFormErrors(form, ['lossReasonId', 'comment']);
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        errors.setMessage(null);
        decline.mutate(
          {
            dealId: request.dealId,
            lossReasonId: values.lossReasonId === '' ? null : values.lossReasonId,
            comment: values.comment.trim(),
          },
          {
            onSuccess: (deal) => {
              onClose();
              doneMessage(deal, t('inbox.decline.done', { name: deal.name }));
            },
            onError: errors.show,
          },
        );
      })}
    >
      <Stack>
        <ErrorAlert message={errors.message} />
        <Text size="sm">{t('inbox.decline.intro', { name: request.dealName })}</Text>
        <Select
          label={t('deals.common.lossReason')}
          data={(reasons.data ?? []).map((item) => ({ value: item.id, label: item.name }))}
          clearable
          comboboxProps={{ withinPortal: false }}
          {...form.getInputProps('lossReasonId')}
        />
        <Textarea
          label={t('inbox.decline.comment')}
          autosize
          minRows={2}
          {...form.getInputProps('comment')}
        />
        <DialogActions
          onCancel={onClose}
          submitLabel={t('inbox.decline.submit')}
          loading={decline.isPending}
        />
      </Stack>
    </form>
  );
}

async function searchDeals(words: string): Promise<Deal[]> {
  const params = new URLSearchParams({ limit: '20' });
  if (words.trim() !== '') params.set('search', words.trim());
  return (await api.get<ListResponse<Deal>>(`/api/deals?${params.toString()}`)).items;
}

function LinkForm({ request, onClose }: { request: IntakeRequest; onClose: () => void }) {
  const { t } = useTranslation();
  const link = useLinkRequest();
  const [target, setTarget] = useState<RecordOption | null>(null);
  const form = useForm({
    mode: 'controlled',
    initialValues: { targetDealId: '' },
    validate: { targetDealId: (value) => (value === '' ? t('inbox.linking.required') : null) },
  });
  const errors = useFormErrors(form, ['targetDealId']);
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        errors.setMessage(null);
        link.mutate(
          { dealId: request.dealId, targetDealId: values.targetDealId },
          {
            onSuccess: (deal) => {
              onClose();
              doneMessage(deal, t('inbox.linking.done', { name: deal.name }));
            },
            onError: errors.show,
          },
        );
      })}
    >
      <Stack>
        <ErrorAlert message={errors.message} />
        <Text size="sm">{t('inbox.linking.intro', { name: request.dealName })}</Text>
        <RecordSelect<Deal>
          kind="deal"
          label={t('inbox.linking.target')}
          value={target}
          onChange={(option) => {
            setTarget(option);
            form.setFieldValue('targetDealId', option?.value ?? '');
          }}
          search={searchDeals}
          toOption={(deal) => ({ value: deal.id, label: deal.name })}
          exclude={[request.dealId]}
          error={form.errors.targetDealId}
          withinPortal={false}
          autoFocus
        />
        <DialogActions onCancel={onClose} submitLabel={t('inbox.linking.submit')} loading={link.isPending} />
      </Stack>
    </form>
  );
}
