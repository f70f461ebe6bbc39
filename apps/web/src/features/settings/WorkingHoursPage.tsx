import { useEffect, useMemo, useState } from 'react';
import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconChevronLeft, IconChevronRight, IconLock, IconPlus, IconX } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ProductionCalendarYear, WorkingHours } from '@voronka/contracts';
import { DataTable } from '../../components/ui/DataTable';
import { ErrorAlert } from '../../components/ui/ErrorAlert';
import { PageHeader } from '../../components/ui/PageHeader';
import { QueryResult } from '../../components/ui/QueryResult';
import { SaveButton } from '../../components/ui/SaveButton';
import { useLocale } from '../../i18n/useLocale';
import { isApiError } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { useIsAdmin } from '../auth/session';
import { useProductionCalendar, useUpdateWorkingHours, useWorkingHours } from './api';
import {
  dayPath,
  hoursToValues,
  intervalPath,
  lunchPath,
  scheduleErrors,
  validateHours,
  valuesToBody,
  type HoursValues,
} from './workingHours';

export function WorkingHoursPage() {
  const { t } = useTranslation();
  const hours = useWorkingHours();
  return (
    <section aria-labelledby="hours-title">
      <PageHeader
        title={<span id="hours-title">{t('settings.hours.title')}</span>}
        description={t('settings.hours.description')}
      />
      <Stack gap="xl">
        <QueryResult query={hours} loading={<Skeleton h={420} />}>
          {(data) => <HoursForm hours={data} />}
        </QueryResult>
        <ProductionCalendar />
      </Stack>
    </section>
  );
}

/** Weekday names from Monday (ISO 1), capitalised: «Понедельник», "Monday". */
function useWeekdayNames(): string[] {
  const locale = useLocale();
  return useMemo(() => {
    const format = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
    return [1, 2, 3, 4, 5, 6, 7].map((day) => {
      const name = format.format(new Date(Date.UTC(2024, 0, day))); // 1 January 2024 was a Monday
      return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
    });
  }, [locale]);
}

function HoursForm({ hours }: { hours: WorkingHours }) {
  const { t } = useTranslation();
  const isAdmin = useIsAdmin();
  const errorText = useErrorText();
  const weekdays = useWeekdayNames();
  const update = useUpdateWorkingHours();
  const [message, setMessage] = useState<string | null>(null);
  const form = useForm<HoursValues>({
    mode: 'controlled',
    initialValues: hoursToValues(hours),
    validate: (values) =>
      validateHours(values, {
        time: t('settings.hours.invalidTime'),
        endAfterStart: t('settings.hours.endAfterStart'),
      }),
  });
  const resetTo = (saved: WorkingHours) => {
    form.setValues(hoursToValues(saved));
    form.resetDirty(hoursToValues(saved));
  };

  // Another administrator's change shows up unless this one is being edited.
  useEffect(() => {
    if (!form.isDirty()) resetTo(hours);
  }, [hours]);

  const submit = form.onSubmit((values) => {
    setMessage(null);
    const body = valuesToBody(values);
    update.mutate(body, {
      onSuccess: (saved) => {
        resetTo(saved);
        notifications.show({ color: 'teal', message: t('settings.hours.saved') });
      },
      onError: (error) => {
        const rows = isApiError(error)
          ? scheduleErrors(
              error.fields,
              body.days.map((day) => day.weekday),
            )
          : {};
        if (Object.keys(rows).length === 0) {
          setMessage(errorText(error));
          return;
        }
        form.setErrors(rows);
        setMessage(typeof rows.days === 'string' ? rows.days : t('settings.hours.fixRows'));
      },
    });
  });

  const readOnly = !isAdmin;
  const variant = readOnly ? 'filled' : 'default';
  const timeInput = (path: string, label: string, error: boolean) => (
    <TextInput
      w={76}
      size="xs"
      aria-label={label}
      placeholder="09:00"
      maxLength={5}
      inputMode="numeric"
      readOnly={readOnly}
      variant={variant}
      {...form.getInputProps(path)}
      error={error}
    />
  );
  const rowError = (path: string) => {
    const error = form.errors[path];
    return error === undefined || error === null ? null : (
      <Text size="xs" c="red" role="alert">
        {error}
      </Text>
    );
  };
  const intervalInputs = (path: string, day: string, which: string) => {
    const invalid = form.errors[path] !== undefined;
    return (
      <Group gap={6} wrap="nowrap">
        {timeInput(`${path}.start`, t('settings.hours.startOf', { day, which }), invalid)}
        <Text size="sm" c="dimmed">
          –
        </Text>
        {timeInput(`${path}.end`, t('settings.hours.endOf', { day, which }), invalid)}
      </Group>
    );
  };

  return (
    <Paper withBorder p="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          {readOnly && (
            <Alert color="gray" variant="light" icon={<IconLock size={16} />}>
              {t('settings.hours.readOnly')}
            </Alert>
          )}
          <ErrorAlert message={message} />
          <Group justify="space-between" align="flex-start" wrap="wrap">
            <Stack gap={2}>
              <Text size="sm">
                {t('settings.hours.timezone')}: <b data-testid="hours-timezone">{hours.timezone}</b>
              </Text>
              <Anchor component={Link} to="/settings/account" size="sm">
                {t('settings.hours.changeTimezone')}
              </Anchor>
            </Stack>
            {hours.source === 'default' && (
              <Badge variant="light" color="gray">
                {t('settings.hours.defaultSchedule')}
              </Badge>
            )}
          </Group>
          <Switch
            label={t('settings.hours.useProductionCalendar')}
            description={t('settings.hours.useProductionCalendarHint')}
            disabled={readOnly}
            {...form.getInputProps('useProductionCalendar', { type: 'checkbox' })}
          />
          <DataTable
            labelledBy="hours-title"
            minWidth={720}
            columns={[t('settings.hours.day'), t('settings.hours.intervals'), t('settings.hours.lunch')]}
          >
            {form.values.days.map((day, row) => {
              const name = weekdays[row] ?? String(day.weekday);
              return (
                <Table.Tr key={day.weekday} data-testid="hours-day" data-weekday={day.weekday}>
                  <Table.Td valign="top" w={200}>
                    <Switch
                      label={name}
                      disabled={readOnly}
                      {...form.getInputProps(`days.${row}.working`, { type: 'checkbox' })}
                    />
                    {rowError(dayPath(row))}
                  </Table.Td>
                  <Table.Td valign="top">
                    {day.working ? (
                      <Stack gap={6}>
                        {day.intervals.map((_, i) => (
                          <Stack key={i} gap={2}>
                            <Group gap="xs" wrap="nowrap">
                              {intervalInputs(
                                intervalPath(row, i),
                                name,
                                t('settings.hours.intervalN', { n: i + 1 }),
                              )}
                              {isAdmin && day.intervals.length > 1 && (
                                <ActionIcon
                                  variant="subtle"
                                  color="gray"
                                  size="sm"
                                  aria-label={t('settings.hours.removeInterval', {
                                    day: name,
                                    n: i + 1,
                                  })}
                                  onClick={() => form.removeListItem(`days.${row}.intervals`, i)}
                                >
                                  <IconX size={14} />
                                </ActionIcon>
                              )}
                            </Group>
                            {rowError(intervalPath(row, i))}
                          </Stack>
                        ))}
                        {isAdmin && day.intervals.length < 8 && (
                          <Group>
                            <Button
                              variant="subtle"
                              size="compact-xs"
                              leftSection={<IconPlus size={12} />}
                              aria-label={t('settings.hours.addIntervalTo', { day: name })}
                              onClick={() =>
                                form.insertListItem(`days.${row}.intervals`, { start: '', end: '' })
                              }
                            >
                              {t('settings.hours.addInterval')}
                            </Button>
                          </Group>
                        )}
                      </Stack>
                    ) : (
                      <Text size="sm" c="dimmed">
                        {t('settings.hours.dayOff')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td valign="top">
                    {day.working && (
                      <Stack gap={6}>
                        <Checkbox
                          size="xs"
                          label={t('settings.hours.lunchBreak')}
                          aria-label={t('settings.hours.lunchOf', { day: name })}
                          disabled={readOnly}
                          {...form.getInputProps(`days.${row}.lunchOn`, { type: 'checkbox' })}
                        />
                        {day.lunchOn && intervalInputs(lunchPath(row), name, t('settings.hours.lunchBreak'))}
                        {rowError(lunchPath(row))}
                      </Stack>
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </DataTable>
          {isAdmin && <SaveButton loading={update.isPending} changed={form.isDirty()} />}
        </Stack>
      </form>
    </Paper>
  );
}

/** The Russian production calendar of a year: holidays, shortened days, working weekends and totals. */
function ProductionCalendar() {
  const { t } = useTranslation();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const calendar = useProductionCalendar(year);
  return (
    <section aria-labelledby="calendar-title">
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Title order={3} size="h4" id="calendar-title">
          {t('settings.hours.calendarTitle', { year })}
        </Title>
        <Group gap={4}>
          <ActionIcon
            variant="default"
            aria-label={t('settings.hours.previousYear')}
            onClick={() => setYear((y) => y - 1)}
          >
            <IconChevronLeft size={16} />
          </ActionIcon>
          <ActionIcon
            variant="default"
            aria-label={t('settings.hours.nextYear')}
            onClick={() => setYear((y) => y + 1)}
          >
            <IconChevronRight size={16} />
          </ActionIcon>
        </Group>
      </Group>
      <QueryResult query={calendar} loading={<Skeleton h={240} />}>
        {(data) => <CalendarYear calendar={data} />}
      </QueryResult>
    </section>
  );
}

function CalendarYear({ calendar }: { calendar: ProductionCalendarYear }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const dayFormat = useMemo(
    () =>
      new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', weekday: 'short', timeZone: 'UTC' }),
    [locale],
  );
  const monthFormat = useMemo(
    () => new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' }),
    [locale],
  );
  const numberFormat = useMemo(() => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }), [locale]);
  const date = (iso: string) => dayFormat.format(new Date(`${iso}T00:00:00Z`));
  const dates = (list: string[]) => (list.length === 0 ? t('common.none') : list.map(date).join(', '));
  const hours = (value: number) =>
    t('settings.hours.hours', { count: value, value: numberFormat.format(value) });

  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Stat label={t('settings.hours.workingDays')} value={String(calendar.workingDays)} />
        <Stat label={t('settings.hours.daysOff')} value={String(calendar.daysOff)} />
        <Stat label={t('settings.hours.norm40')} value={hours(calendar.normHours.week40)} />
      </SimpleGrid>
      <Text size="xs" c="dimmed">
        {calendar.decree}
      </Text>
      <Title order={4} size="h5" id="holidays-title">
        {t('settings.hours.holidays')}
      </Title>
      <DataTable
        labelledBy="holidays-title"
        minWidth={480}
        columns={[t('settings.hours.date'), t('settings.hours.holidayName')]}
      >
        {calendar.holidays.map((holiday) => (
          <Table.Tr key={holiday.date} data-testid="holiday">
            <Table.Td w={220}>{date(holiday.date)}</Table.Td>
            <Table.Td>
              {holiday.name}
              {holiday.weekend && (
                <Badge ml="xs" size="xs" variant="light" color="gray">
                  {t('settings.hours.onWeekend')}
                </Badge>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Paper withBorder p="md">
          <Text size="sm" fw={600} mb={4}>
            {t('settings.hours.shortenedDays')}
          </Text>
          <Text size="sm" data-testid="shortened-days">
            {dates(calendar.shortenedDays)}
          </Text>
        </Paper>
        <Paper withBorder p="md">
          <Text size="sm" fw={600} mb={4}>
            {t('settings.hours.workingWeekends')}
          </Text>
          <Text size="sm" data-testid="working-weekends">
            {dates(calendar.workingWeekends)}
          </Text>
        </Paper>
      </SimpleGrid>
      <Title order={4} size="h5" id="months-title">
        {t('settings.hours.byMonth')}
      </Title>
      <DataTable
        labelledBy="months-title"
        minWidth={480}
        columns={[
          t('settings.hours.month'),
          t('settings.hours.workingDays'),
          t('settings.hours.daysOff'),
          t('settings.hours.norm40'),
        ]}
      >
        {calendar.months.map((month) => (
          <Table.Tr key={month.month}>
            <Table.Td>{monthFormat.format(new Date(Date.UTC(calendar.year, month.month - 1, 1)))}</Table.Td>
            <Table.Td>{month.workingDays}</Table.Td>
            <Table.Td>{month.daysOff}</Table.Td>
            <Table.Td>{numberFormat.format(month.normHours.week40)}</Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
    </Stack>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <Paper withBorder p="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {value}
      </Text>
    </Paper>
  );
}
