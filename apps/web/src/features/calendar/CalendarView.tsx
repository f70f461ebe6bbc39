// Deals or leads on a calendar (CORE-9) by any of their date fields — created, expected close date, closed,
// custom date and date-time fields — as a day, a week or a month. The period, the view and the field live
// in the address (?cal=week&date=2026-12-15&field=closeDate); a record opens its card.
import { useMemo } from 'react';
import {
  Alert,
  Anchor,
  Box,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../components/ui/QueryError';
import { useLocale } from '../../i18n/useLocale';
import { dayInZone } from '../tasks/zonedTime';
import { MAX_RECORDS, useCalendarRecords, type CalendarEntity, type CalendarRecord } from './api';
import {
  byDay,
  CALENDAR_MODES,
  daysOf,
  fieldValues,
  inMonth,
  isDay,
  rangeOf,
  shift,
  weekday,
  type CalendarMode,
  type DateField,
} from './calendarModel';
import { useSearchParams } from '../../lib/searchParams';

/** How many records a month cell lists before "N more". */
const MONTH_CELL_ITEMS = 3;

const noon = (day: string) => new Date(`${day}T12:00:00Z`);

function dayText(day: string, locale: string, options: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' }).format(noon(day));
}

export function CalendarView({
  entity,
  baseParams,
  fields,
  fieldLabel,
  timeZone,
  describe,
}: {
  entity: CalendarEntity;
  /** The list filters of the section (search, responsible, pipeline…). */
  baseParams: URLSearchParams;
  /** The date fields to choose from; the first is the default. */
  fields: readonly DateField[];
  fieldLabel: (field: DateField) => string;
  timeZone: string;
  /** A line under the record's name (an amount, a status). */
  describe?: (record: CalendarRecord) => string | null;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const [params, setParams] = useSearchParams();
  const today = dayInZone(new Date(), timeZone);
  const rawMode = params.get('cal');
  const mode: CalendarMode = CALENDAR_MODES.find((m) => m === rawMode) ?? 'month';
  const rawDate = params.get('date') ?? '';
  const anchor = isDay(rawDate) ? rawDate : today;
  const field = fields.find((candidate) => candidate.key === params.get('field')) ?? fields[0];
  const range = useMemo(() => rangeOf(mode, anchor), [mode, anchor]);
  const data = useCalendarRecords(entity, baseParams, field, range, timeZone);

  const set = (change: Record<string, string>) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [name, value] of Object.entries(change)) next.set(name, value);
        return next;
      },
      { replace: true },
    );

  const days = useMemo(() => {
    if (field === undefined || data.data === undefined) return new Map<string, CalendarRecord[]>();
    return byDay(
      data.data.records,
      (record) => daysOf(fieldValues(record, field.key), field.kind, timeZone),
      range,
    );
  }, [data.data, field, range, timeZone]);

  const title =
    mode === 'month'
      ? dayText(anchor, locale, { month: 'long', year: 'numeric' })
      : mode === 'week'
        ? `${dayText(range.from, locale, { day: 'numeric', month: 'short' })} – ${dayText(range.to, locale, {
            day: 'numeric',
            month: 'short',
            year: 'numeric',
          })}`
        : dayText(anchor, locale, { dateStyle: 'full' });

  const href = (record: CalendarRecord) => `/${entity === 'deal' ? 'deals' : 'leads'}/${record.id}`;

  const item = (record: CalendarRecord, compact: boolean) => {
    const line = describe?.(record) ?? null;
    return (
      <Anchor
        key={record.id}
        component={Link}
        to={href(record)}
        size={compact ? 'xs' : 'sm'}
        c="indigo.8"
        data-testid="calendar-item"
        style={{ display: 'block', overflowWrap: 'anywhere', lineHeight: 1.3 }}
      >
        {record.name}
        {line !== null && line !== '' && (
          <Text span size="xs" c="dimmed">
            {' · '}
            {line}
          </Text>
        )}
      </Anchor>
    );
  };

  const cell = (day: string) => {
    const records = days.get(day) ?? [];
    const shown = mode === 'month' ? records.slice(0, MONTH_CELL_ITEMS) : records;
    const more = records.length - shown.length;
    const dimmed = mode === 'month' && !inMonth(day, anchor);
    return (
      <Paper
        key={day}
        component="section"
        aria-label={dayText(day, locale, { dateStyle: 'full' })}
        withBorder
        p={6}
        mih={mode === 'month' ? 104 : mode === 'week' ? 320 : 200}
        bg={day === today ? 'indigo.0' : dimmed ? 'gray.0' : undefined}
        data-day={day}
      >
        <Stack gap={4}>
          <UnstyledButton
            onClick={() => set({ cal: 'day', date: day })}
            aria-label={t('calendar.openDay', { day: dayText(day, locale, { dateStyle: 'long' }) })}
          >
            <Text size="xs" fw={day === today ? 700 : 500} c={dimmed ? 'dimmed' : undefined}>
              {mode === 'month'
                ? dayText(day, locale, { day: 'numeric' })
                : dayText(day, locale, { weekday: 'short', day: 'numeric', month: 'short' })}
            </Text>
          </UnstyledButton>
          {shown.map((record) => item(record, mode === 'month'))}
          {more > 0 && (
            <UnstyledButton onClick={() => set({ cal: 'day', date: day })}>
              <Text size="xs" c="dimmed">
                {t('calendar.more', { count: more })}
              </Text>
            </UnstyledButton>
          )}
          {mode === 'day' && records.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('calendar.emptyDay')}
            </Text>
          )}
        </Stack>
      </Paper>
    );
  };

  const weekdays = range.days.slice(0, 7);

  return (
    <Stack gap="sm" aria-label={t('calendar.label')} component="section">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Group gap="xs" wrap="nowrap">
          <Button
            variant="default"
            size="xs"
            px={6}
            aria-label={t('calendar.previous')}
            onClick={() => set({ date: shift(mode, anchor, -1) })}
          >
            <IconChevronLeft size={16} />
          </Button>
          <Button variant="default" size="xs" onClick={() => set({ date: today })}>
            {t('calendar.today')}
          </Button>
          <Button
            variant="default"
            size="xs"
            px={6}
            aria-label={t('calendar.next')}
            onClick={() => set({ date: shift(mode, anchor, 1) })}
          >
            <IconChevronRight size={16} />
          </Button>
          <Title order={2} size="h4" ml="xs" data-testid="calendar-title">
            {title}
          </Title>
        </Group>
        <Group gap="sm" wrap="wrap">
          <Select
            aria-label={t('calendar.dateField')}
            data={fields.map((candidate) => ({ value: candidate.key, label: fieldLabel(candidate) }))}
            value={field?.key ?? null}
            onChange={(value) => {
              if (value !== null) set({ field: value });
            }}
            allowDeselect={false}
            size="xs"
            w={220}
          />
          <SegmentedControl
            aria-label={t('calendar.period')}
            size="xs"
            value={mode}
            onChange={(value) => set({ cal: value })}
            data={CALENDAR_MODES.map((value) => ({ value, label: t(`calendar.modes.${value}`) }))}
          />
        </Group>
      </Group>
      {data.data?.truncated === true && (
        <Alert color="orange" variant="light" p="xs">
          {t('calendar.truncated', { count: MAX_RECORDS })}
        </Alert>
      )}
      {data.isError && data.data === undefined ? (
        <QueryError error={data.error} onRetry={() => void data.refetch()} />
      ) : data.data === undefined ? (
        <Skeleton h={480} />
      ) : (
        <Box style={{ opacity: data.isPlaceholderData ? 0.6 : 1 }} aria-busy={data.isFetching}>
          {mode === 'day' ? (
            cell(anchor)
          ) : (
            <Box style={{ overflowX: 'auto' }}>
              <Box miw={840}>
                {mode === 'month' && (
                  <SimpleGrid cols={7} spacing={4} mb={4} aria-hidden>
                    {weekdays.map((day) => (
                      <Text key={weekday(day)} size="xs" c="dimmed" ta="center" fw={600}>
                        {dayText(day, locale, { weekday: 'short' })}
                      </Text>
                    ))}
                  </SimpleGrid>
                )}
                <SimpleGrid cols={7} spacing={4} verticalSpacing={4}>
                  {range.days.map(cell)}
                </SimpleGrid>
              </Box>
            </Box>
          )}
        </Box>
      )}
    </Stack>
  );
}
