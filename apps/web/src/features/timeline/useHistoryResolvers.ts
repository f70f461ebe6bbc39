// Names for the ids in history entries, from what the app has cached or fetches once: stages and pipelines,
// users, reference list items, custom fields of the record's entity, companies.
import { useCallback, useMemo } from 'react';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type {
  Company,
  CustomField,
  HistoryEntry,
  LeadStatus,
  ReferenceListItem,
  TimelineEntity,
} from '@voronka/contracts';
import { useLocale } from '../../i18n/useLocale';
import { api, type ListResponse } from '../../lib/api';
import { queryKeys } from '../../lib/queryKeys';
import { useAccountSettings, usePipelines, useUsers } from '../settings/api';
import type { HistoryResolvers } from './historyWording';

const LISTS = ['sources', 'loss_reasons', 'contact_types', 'company_types', 'industries'] as const;

export function useHistoryResolvers(
  entity: TimelineEntity,
  events: readonly HistoryEntry[],
): HistoryResolvers {
  const { t, i18n } = useTranslation();
  const locale = useLocale();
  const pipelines = usePipelines();
  const users = useUsers();
  const account = useAccountSettings();
  // A lead's statuses, named like stages in its history.
  const leadStatuses = useQuery({
    queryKey: queryKeys.leadStatuses,
    queryFn: async () => (await api.get<ListResponse<LeadStatus>>('/api/lead-statuses')).items,
    staleTime: 60_000,
    enabled: entity === 'lead',
  });
  const fields = useQuery({
    queryKey: ['custom-fields', entity],
    queryFn: async () =>
      (await api.get<ListResponse<CustomField>>(`/api/custom-fields?entity=${entity}`)).items,
    staleTime: 60_000,
  });
  const lists = useQueries({
    queries: LISTS.map((list) => ({
      queryKey: queryKeys.referenceList(list, true),
      queryFn: async () =>
        (await api.get<ListResponse<ReferenceListItem>>(`/api/reference-lists/${list}?includeArchived=true`))
          .items,
      staleTime: 60_000,
    })),
  });
  const companyIds = useMemo(() => {
    const ids = new Set<string>();
    for (const event of events) {
      const change = event.changes?.companyId;
      for (const id of [change?.from, change?.to]) if (typeof id === 'string') ids.add(id);
    }
    return [...ids];
  }, [events]);
  const companies = useQueries({
    queries: companyIds.map((id) => ({
      queryKey: ['companies', 'name', id],
      queryFn: () => api.get<Company>(`/api/companies/${id}`),
      staleTime: 5 * 60_000,
      retry: false,
    })),
  });

  const stageName = useCallback(
    (id: string) => {
      for (const pipeline of pipelines.data ?? []) {
        const stage = pipeline.stages.find((candidate) => candidate.id === id);
        if (stage !== undefined) return stage.name;
      }
      return leadStatuses.data?.find((status) => status.id === id)?.name ?? null;
    },
    [pipelines.data, leadStatuses.data],
  );
  const listItems = lists.flatMap((list) => list.data ?? []);
  const companyList = companies.flatMap((company) => (company.data === undefined ? [] : [company.data]));

  return {
    locale,
    timeZone: account.data?.timezone,
    currency: account.data?.currency ?? 'RUB',
    yes: t('timeline.yes'),
    no: t('timeline.no'),
    unknown: t('timeline.unknownValue'),
    userName: (id) => users.data?.find((user) => user.id === id)?.name ?? null,
    stageName,
    pipelineName: (id) => pipelines.data?.find((pipeline) => pipeline.id === id)?.name ?? null,
    referenceName: (id) => listItems.find((item) => item.id === id)?.name ?? null,
    companyName: (id) => companyList.find((company) => company.id === id)?.name ?? null,
    customField: (id) => fields.data?.find((field) => field.id === id),
    status: (status) =>
      i18n.exists(`timeline.status.${status}`) ? t(`timeline.status.${status as 'open'}`) : status,
    itemCount: (count) => t('timeline.itemCount', { count }),
    fieldLabel: (field) =>
      i18n.exists(`timeline.fields.${field}`)
        ? t(`timeline.fields.${field as 'name'}`)
        : i18n.exists(`leads.fields.${field}`)
          ? t(`leads.fields.${field as 'name'}`)
          : field,
  };
}
