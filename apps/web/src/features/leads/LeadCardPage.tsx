// The lead card (CORE-7, CORE-2): the title, responsible and markers, the status bar, the fields edited in
// place (If-Match, the input kept on a refusal), linked records, the timeline with the composer and the
// change history, and conversion into a deal / contact / company. A converted lead shows what it became.
import { useMemo, useState } from 'react';
import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Grid,
  Group,
  Paper,
  Stack,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import {
  IconAlertTriangle,
  IconCalendarDue,
  IconHistory,
  IconMessages,
  IconTransform,
} from '@tabler/icons-react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Company, Contact, Deal } from '@voronka/contracts';
import { ConfirmModal } from '../../components/ui/ConfirmModal';
import { CardBackLink, CardLoadError, CardLoading } from '../../components/card/CardStates';
import { useLocale } from '../../i18n/useLocale';
import { api } from '../../lib/api';
import { queryKeys } from '../../lib/queryKeys';
import { useDealCustomFields } from '../deals/api';
import { createOwnVersions, OwnVersionsContext, useReferenceItems } from '../deals/card/api';
import { InlineField, type InlineSaveTarget } from '../deals/card/InlineField';
import { useAccountSettings, usePipelines, useUsers } from '../settings/api';
import { Timeline } from '../timeline/Timeline';
import { formatInstant } from '../timeline/fieldText';
import {
  useDeleteLead,
  useLead,
  useLeadCustomFields,
  useLeadStatuses,
  useSaveLead,
  type LeadChanges,
} from './api';
import { ConvertDialog } from './card/ConvertDialog';
import { LeadFields, type LeadCardData } from './card/LeadFields';
import { LeadHistory } from './card/LeadHistory';
import { LeadStatusBar } from './card/LeadStatusBar';

export function LeadCardPage() {
  const { id = '' } = useParams();
  return <LeadCardWithVersions key={id} id={id} />;
}

function LeadCardWithVersions({ id }: { id: string }) {
  // One per card: which versions this tab's own saves produced (see OwnVersions).
  const [own] = useState(createOwnVersions);
  return (
    <OwnVersionsContext.Provider value={own}>
      <LeadCard id={id} own={own} />
    </OwnVersionsContext.Provider>
  );
}

function LeadCard({ id, own }: { id: string; own: ReturnType<typeof createOwnVersions> }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const lead = useLead(id);
  const statuses = useLeadStatuses();
  const users = useUsers();
  const fields = useLeadCustomFields();
  const account = useAccountSettings();
  const sources = useReferenceItems('sources');
  const save = useSaveLead(id, own);

  const target = useMemo(
    (): InlineSaveTarget<LeadChanges> => ({
      queryKey: queryKeys.lead(id),
      save,
      conflictText: t('leads.card.conflict'),
      changedRemotelyText: t('leads.card.changedRemotely'),
    }),
    [id, save, t],
  );

  const data = useMemo((): LeadCardData | null => {
    if (lead.data === undefined || users.data === undefined) return null;
    return {
      lead: lead.data,
      users: users.data,
      sources: sources.data ?? [],
      fields: (fields.data ?? []).toSorted((a, b) => a.sort - b.sort || a.name.localeCompare(b.name)),
      currency: account.data?.currency ?? 'RUB',
      timeZone: account.data?.timezone ?? 'Europe/Moscow',
      locale,
      target,
    };
  }, [lead.data, users.data, sources.data, fields.data, account.data, locale, target]);

  const back = <CardBackLink to="/leads" label={t('leads.card.back')} />;
  if (lead.isError)
    return (
      <CardLoadError
        back={back}
        error={lead.error}
        onRetry={() => void lead.refetch()}
        gone={t('leads.card.notFound')}
      />
    );
  if (data === null) return <CardLoading back={back} />;

  return (
    <Stack gap="md" component="article" aria-label={t('leads.card.title', { name: data.lead.name })}>
      {back}
      <Paper withBorder p="md">
        <Stack gap="sm">
          <LeadHeader data={data} />
          <LeadStatusBar lead={data.lead} statuses={statuses.data ?? []} save={save} />
        </Stack>
      </Paper>
      {data.lead.statusKind === 'converted' && <ConvertedNote data={data} />}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
          <Stack gap="md">
            <LeadFields data={data} />
            <LinkedRecords data={data} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
          <Tabs defaultValue="timeline" keepMounted={false}>
            <Tabs.List mb="sm">
              <Tabs.Tab value="timeline" leftSection={<IconMessages size={14} />}>
                {t('leads.card.timelineTab')}
              </Tabs.Tab>
              <Tabs.Tab value="history" leftSection={<IconHistory size={14} />}>
                {t('leads.card.historyTab')}
              </Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="timeline">
              <Timeline entity="lead" entityId={data.lead.id} recordVersion={data.lead.version} />
            </Tabs.Panel>
            <Tabs.Panel value="history">
              <LeadHistory leadId={data.lead.id} />
            </Tabs.Panel>
          </Tabs>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function LeadHeader({ data }: { data: LeadCardData }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { lead, locale } = data;
  const pipelines = usePipelines();
  const dealFields = useDealCustomFields();
  const remove = useDeleteLead();
  const [converting, setConverting] = useState(false);
  const responsible = data.users.find((user) => user.id === lead.responsibleUserId);
  const open = lead.statusKind === 'open';
  return (
    <Stack gap="sm">
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Box style={{ flex: '1 1 360px', minWidth: 0 }}>
          <InlineField<string, LeadChanges>
            deal={lead}
            target={data.target}
            label={t('leads.fields.name')}
            displayOrder="title"
            readOnly={!open}
            display={
              <h1 style={{ margin: 0, fontSize: 26, lineHeight: 1.25, overflowWrap: 'anywhere' }}>
                {lead.name}
              </h1>
            }
            initial={() => lead.name}
            errorFields={['name']}
            input={({ value, onChange, label, error }) => (
              <TextInput
                label={label}
                description={t('leads.card.nameHint')}
                value={value}
                onChange={(event) => onChange(event.currentTarget.value)}
                error={error}
                size="md"
                autoFocus
                maxLength={200}
              />
            )}
            toChanges={(name) => ({ changes: { name: name.trim() === '' ? null : name.trim() } })}
          />
        </Box>
        <Group gap={6}>
          {lead.repeat && (
            <Badge color="grape" variant="light">
              {t('leads.card.repeat')}
            </Badge>
          )}
          {lead.noTaskPlanned && (
            <Badge color="orange" variant="light" leftSection={<IconAlertTriangle size={12} />}>
              {t('leads.card.noTaskPlanned')}
            </Badge>
          )}
          {lead.nextTaskAt !== null && (
            <Badge
              color={Date.parse(lead.nextTaskAt) < Date.now() ? 'red' : 'gray'}
              variant="light"
              leftSection={<IconCalendarDue size={12} />}
            >
              {t('leads.card.nextTask', { when: formatInstant(lead.nextTaskAt, locale, data.timeZone) })}
            </Badge>
          )}
          {open && (
            <Button leftSection={<IconTransform size={16} />} onClick={() => setConverting(true)}>
              {t('leads.convert.button')}
            </Button>
          )}
          <ConfirmModal
            title={t('leads.card.deleteTitle')}
            message={t('leads.card.deleteConfirm', { name: lead.name })}
            confirmLabel={t('common.delete')}
            onConfirm={async () => {
              await remove.mutateAsync(lead);
              void navigate('/leads');
            }}
            target={(openModal) => (
              <Button variant="subtle" color="red" onClick={openModal}>
                {t('common.delete')}
              </Button>
            )}
          />
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        {t('leads.card.meta', {
          responsible: responsible?.name ?? t('leads.card.nobody'),
          created: formatInstant(lead.createdAt, locale, data.timeZone),
        })}
      </Text>
      <ConvertDialog
        opened={converting}
        onClose={() => setConverting(false)}
        lead={lead}
        pipelines={pipelines.data ?? []}
        dealFields={dealFields.data ?? []}
      />
    </Stack>
  );
}

/** A record's name by its id (null while loading or when it is gone). */
function useRecordName(kind: 'deals' | 'contacts' | 'companies', id: string | null) {
  return useQuery({
    queryKey: [kind, 'name', id],
    enabled: id !== null,
    retry: false,
    staleTime: 60_000,
    queryFn: async () => (await api.get<Deal | Contact | Company>(`/api/${kind}/${id ?? ''}`)).name,
  });
}

function ConvertedNote({ data }: { data: LeadCardData }) {
  const { t } = useTranslation();
  const { lead } = data;
  const deal = useRecordName('deals', lead.convertedDealId);
  const contact = useRecordName('contacts', lead.convertedContactId);
  const company = useRecordName('companies', lead.convertedCompanyId);
  return (
    <Alert color="teal" variant="light" title={t('leads.card.converted')} data-testid="converted-note">
      <Stack gap={4}>
        {lead.convertedAt !== null && (
          <Text size="sm">
            {t('leads.card.convertedAt', {
              when: formatInstant(lead.convertedAt, data.locale, data.timeZone),
            })}
          </Text>
        )}
        {lead.convertedDealId !== null && (
          <Text size="sm">
            {t('leads.card.toDeal')}{' '}
            <Anchor component={Link} to={`/deals/${lead.convertedDealId}`}>
              {deal.data ?? t('leads.card.openRecord')}
            </Anchor>
          </Text>
        )}
        {lead.convertedContactId !== null && (
          <Text size="sm">
            {t('leads.card.toContact')} {contact.data ?? '—'}
          </Text>
        )}
        {lead.convertedCompanyId !== null && (
          <Text size="sm">
            {t('leads.card.toCompany')} {company.data ?? '—'}
          </Text>
        )}
      </Stack>
    </Alert>
  );
}

/** The contact and the company a repeat lead came from. */
function LinkedRecords({ data }: { data: LeadCardData }) {
  const { t } = useTranslation();
  const { lead } = data;
  const contact = useRecordName('contacts', lead.contactId);
  const company = useRecordName('companies', lead.companyId);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="lead-links-title">
      <Title order={2} size="h5" id="lead-links-title" mb="sm">
        {t('leads.card.links')}
      </Title>
      {lead.contactId === null && lead.companyId === null ? (
        <Text size="sm" c="dimmed">
          {t('leads.card.noLinks')}
        </Text>
      ) : (
        <Stack gap={4}>
          {lead.contactId !== null && (
            <Text size="sm">
              <Text span c="dimmed">
                {t('leads.card.contact')}:
              </Text>{' '}
              {contact.data ?? '—'}
            </Text>
          )}
          {lead.companyId !== null && (
            <Text size="sm">
              <Text span c="dimmed">
                {t('leads.card.company')}:
              </Text>{' '}
              {company.data ?? '—'}
            </Text>
          )}
        </Stack>
      )}
    </Paper>
  );
}
