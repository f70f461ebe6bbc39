// The SLA report of the Unsorted inbox (issue 8, INBOX-2): for the requests received in a period (calendar
// days of the account's time zone, the last 30 by default, kept in the address), how many were answered in
// time and the median time to the first answer, per manager (who answered, or the deal's responsible while
// nobody has) and per source. Rows run from the weakest share up (slaReportModel.reportRows).
import { useMemo, useState } from 'react';
import { Box, Button, Group, Skeleton, Stack, Table, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { SlaReport } from '@voronka/contracts';
import { CardBackLink } from '../../components/card/CardStates';
import { DayRangeFilter } from '../../components/list';
import { DataTable } from '../../components/ui/DataTable';
import { EmptyState } from '../../components/ui/EmptyState';
import { PageHeader } from '../../components/ui/PageHeader';
import { QueryResult } from '../../components/ui/QueryResult';
import { useLocale } from '../../i18n/useLocale';
import { useSearchParams } from '../../lib/searchParams';
import { useAccountSettings, useUsers } from '../settings/api';
import { useSlaReport } from './api';
import {
  defaultRange,
  formatDuration,
  formatShare,
  isEmptyReport,
  periodInstants,
  presetOf,
  presetRange,
  PRESETS,
  readRange,
  reportRows,
  sourceLabel,
  type DayRange,
  type DurationUnits,
} from './slaReportModel';

export function SlaReportPage() {
  const { t } = useTranslation();
  const account = useAccountSettings();
  // The days are the account's; the browser's zone only when the account's settings cannot be read.
  const timeZone =
    account.data?.timezone ?? (account.isError ? Intl.DateTimeFormat().resolvedOptions().timeZone : null);
  return (
    <section aria-labelledby="sla-report-title">
      <Box mb="xs">
        <CardBackLink to="/inbox" label={t('inbox.report.back')} />
      </Box>
      <PageHeader
        order={1}
        title={<span id="sla-report-title">{t('inbox.report.title')}</span>}
        description={t('inbox.report.description')}
      />
      {timeZone === null ? <Skeleton h={160} /> : <Report timeZone={timeZone} />}
    </section>
  );
}

function Report({ timeZone }: { timeZone: string }) {
  const { t } = useTranslation();
  // "Today" of the page: the presets and the default period count back from the day it was opened.
  const [now] = useState(() => new Date());
  const [params, setParams] = useSearchParams();
  const range = readRange(params, defaultRange(now, timeZone));
  const period = periodInstants(range, timeZone);
  const report = useSlaReport(period.ok ? period : { from: null, to: null }, period.ok);
  const preset = presetOf(range, now, timeZone);
  const choose = (next: DayRange) =>
    setParams(
      (current) => {
        current.set('from', next.from);
        current.set('to', next.to);
        return current;
      },
      { replace: true },
    );

  return (
    <Stack gap="lg">
      <Group gap="sm" align="flex-start" wrap="wrap" role="group" aria-label={t('inbox.report.period.label')}>
        <DayRangeFilter
          fromLabel={t('inbox.report.period.from')}
          toLabel={t('inbox.report.period.to')}
          from={range.from}
          to={range.to}
          toError={period.ok ? null : t(`inbox.report.period.${period.reason}`)}
          onChange={choose}
        />
        <Group gap={6} mt={25}>
          {PRESETS.map((name) => (
            <Button
              key={name}
              size="sm"
              variant={preset === name ? 'light' : 'default'}
              aria-pressed={preset === name}
              onClick={() => choose(presetRange(name, now, timeZone))}
            >
              {t(`inbox.report.period.${name}`)}
            </Button>
          ))}
        </Group>
      </Group>
      {period.ok && (
        <QueryResult query={report} loading={<Skeleton h={240} />}>
          {(data) =>
            isEmptyReport(data) ? (
              <EmptyState>{t('inbox.report.empty')}</EmptyState>
            ) : (
              <Box
                aria-busy={report.isFetching}
                style={{ opacity: report.isPlaceholderData ? 0.6 : 1, transition: 'opacity 150ms' }}
              >
                <Tables report={data} />
              </Box>
            )
          }
        </QueryResult>
      )}
    </Stack>
  );
}

function Tables({ report }: { report: SlaReport }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const users = useUsers();
  const userNames = useMemo(() => new Map((users.data ?? []).map((u) => [u.id, u.name])), [users.data]);
  const managerName = (userId: string | null) =>
    userId === null
      ? t('inbox.report.noResponsible')
      : (userNames.get(userId) ?? (users.data ? t('inbox.report.unknownUser') : ''));
  const formSource = t('inbox.formSource');
  const units: DurationUnits = {
    d: t('inbox.report.units.d'),
    h: t('inbox.report.units.h'),
    min: t('inbox.report.units.min'),
    s: t('inbox.report.units.s'),
  };
  const figureColumns = [
    t('inbox.report.columns.total'),
    t('inbox.report.columns.answeredInTime'),
    t('inbox.report.columns.shareInTime'),
    t('inbox.report.columns.median'),
  ];
  const figures = (row: SlaReport['byManager'][number] | SlaReport['bySource'][number]) => (
    <>
      <Table.Td data-column="total">{row.total}</Table.Td>
      <Table.Td data-column="answeredInTime">{row.answeredInTime}</Table.Td>
      <Table.Td data-column="shareInTime">{formatShare(row.shareInTime, locale)}</Table.Td>
      <Table.Td data-column="median">{formatDuration(row.medianResponseSeconds, units)}</Table.Td>
    </>
  );

  return (
    <Stack gap="xl">
      <Stack gap="sm">
        <Title order={2} size="h4" id="sla-report-managers">
          {t('inbox.report.byManager')}
        </Title>
        <DataTable
          labelledBy="sla-report-managers"
          columns={[t('inbox.report.columns.manager'), ...figureColumns]}
          minWidth={640}
        >
          {reportRows(report.byManager, (row) => managerName(row.userId), locale).map((row) => (
            <Table.Tr
              key={row.userId ?? 'none'}
              data-testid="sla-manager-row"
              data-user-id={row.userId ?? ''}
            >
              <Table.Td>{managerName(row.userId)}</Table.Td>
              {figures(row)}
            </Table.Tr>
          ))}
        </DataTable>
      </Stack>
      <Stack gap="sm">
        <Title order={2} size="h4" id="sla-report-sources">
          {t('inbox.report.bySource')}
        </Title>
        <DataTable
          labelledBy="sla-report-sources"
          columns={[t('inbox.report.columns.source'), ...figureColumns]}
          minWidth={640}
        >
          {reportRows(report.bySource, (row) => sourceLabel(row.source, formSource), locale).map((row) => (
            <Table.Tr key={row.source} data-testid="sla-source-row" data-source={row.source}>
              <Table.Td>{sourceLabel(row.source, formSource)}</Table.Td>
              {figures(row)}
            </Table.Tr>
          ))}
        </DataTable>
      </Stack>
    </Stack>
  );
}
