// The calendar of the Deals section (a pipeline's deals, with the section's filters) and of the Leads
// section: the date fields each offers and what a record shows besides its name.
import { useMemo } from 'react';
import { Skeleton } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  fieldAppliesToPipeline,
  type CustomField,
  type Deal,
  type Lead,
  type LeadStatus,
} from '@voronka/contracts';
import { useLocale } from '../../i18n/useLocale';
import { useAccountSettings } from '../settings/api';
import { formatMoney } from '../timeline/fieldText';
import { CalendarView } from './CalendarView';
import { customDateFields, type DateField } from './calendarModel';

function useFieldLabel() {
  const { t } = useTranslation();
  return (field: DateField) =>
    field.field?.name ??
    t(`calendar.fields.${field.key as 'createdAt' | 'closeDate' | 'closedAt'}`, { defaultValue: field.key });
}

export function DealsCalendar({
  pipelineId,
  filterParams,
  customFields,
}: {
  pipelineId: string;
  filterParams: URLSearchParams;
  customFields: readonly CustomField[];
}) {
  const locale = useLocale();
  const account = useAccountSettings();
  const fieldLabel = useFieldLabel();
  const fields = useMemo<DateField[]>(
    () => [
      { key: 'closeDate', kind: 'date' },
      { key: 'createdAt', kind: 'instant' },
      { key: 'closedAt', kind: 'instant' },
      ...customDateFields(customFields.filter((field) => fieldAppliesToPipeline(field, pipelineId))),
    ],
    [customFields, pipelineId],
  );
  const base = useMemo(() => {
    const params = new URLSearchParams(filterParams);
    params.set('pipelineId', pipelineId);
    return params;
  }, [filterParams, pipelineId]);
  if (account.data === undefined) return <Skeleton h={480} />;
  return (
    <CalendarView
      entity="deal"
      baseParams={base}
      fields={fields}
      fieldLabel={fieldLabel}
      timeZone={account.data.timezone}
      describe={(record) => {
        const deal = record as Deal;
        return Number(deal.amount) > 0 ? formatMoney(deal.amount, deal.currency, locale) : null;
      }}
    />
  );
}

export function LeadsCalendar({
  filterParams,
  customFields,
  statuses,
}: {
  filterParams: URLSearchParams;
  customFields: readonly CustomField[];
  statuses: readonly LeadStatus[];
}) {
  const account = useAccountSettings();
  const fieldLabel = useFieldLabel();
  const fields = useMemo<DateField[]>(
    () => [{ key: 'createdAt', kind: 'instant' }, ...customDateFields(customFields)],
    [customFields],
  );
  if (account.data === undefined) return <Skeleton h={480} />;
  return (
    <CalendarView
      entity="lead"
      baseParams={filterParams}
      fields={fields}
      fieldLabel={fieldLabel}
      timeZone={account.data.timezone}
      describe={(record) => statuses.find((status) => status.id === (record as Lead).statusId)?.name ?? null}
    />
  );
}
