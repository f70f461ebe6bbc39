// The calendar's arithmetic (CORE-9 "calendar view by any date field"): which days a day / week / month
// view shows, moving between periods, and putting records on the days of a date field. Days are
// `YYYY-MM-DD` strings; instants are put on their day in the account's time zone. Weeks start on Monday.
// Pure, so it is unit-tested.
import type { CustomField } from '@voronka/contracts';
import { addDays, dayInZone, zonedDateTime } from '../tasks/zonedTime';

export type CalendarMode = 'day' | 'week' | 'month';
export const CALENDAR_MODES: readonly CalendarMode[] = ['day', 'week', 'month'];

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export const isDay = (value: string): boolean => DAY.test(value);

/** 0 = Monday … 6 = Sunday. */
export function weekday(day: string): number {
  const [y, m, d] = day.split('-').map(Number);
  return (new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)).getUTCDay() + 6) % 7;
}

const monthOf = (day: string) => day.slice(0, 7);

function firstOfMonth(day: string): string {
  return `${monthOf(day)}-01`;
}

function addMonths(day: string, months: number): string {
  const [y, m] = day.split('-').map(Number);
  const date = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1 + months, 1));
  return date.toISOString().slice(0, 10);
}

export interface CalendarRange {
  /** The first day shown. */
  from: string;
  /** The last day shown (inclusive). */
  to: string;
  /** Every day shown, in order (a month view: whole weeks around the month). */
  days: string[];
}

export function rangeOf(mode: CalendarMode, anchor: string): CalendarRange {
  let from: string;
  let to: string;
  if (mode === 'day') {
    from = anchor;
    to = anchor;
  } else if (mode === 'week') {
    from = addDays(anchor, -weekday(anchor));
    to = addDays(from, 6);
  } else {
    const first = firstOfMonth(anchor);
    const last = addDays(addMonths(first, 1), -1);
    from = addDays(first, -weekday(first));
    to = addDays(last, 6 - weekday(last));
  }
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return { from, to, days };
}

/** The anchor of the previous (-1) or next (+1) period. */
export function shift(mode: CalendarMode, anchor: string, delta: number): string {
  if (mode === 'day') return addDays(anchor, delta);
  if (mode === 'week') return addDays(anchor, 7 * delta);
  return addMonths(firstOfMonth(anchor), delta);
}

/** Whether `day` belongs to the month of `anchor` (the month view dims the days around it). */
export const inMonth = (day: string, anchor: string): boolean => monthOf(day) === monthOf(anchor);

// ---- date fields -------------------------------------------------------------------------------------

/** A date field records can be put on the calendar by. */
export interface DateField {
  /** `createdAt`, `closeDate`, `closedAt` or `cf:<custom field id>`. */
  key: string;
  /** A whole day (`date`) or a moment (`instant`, shown on its day in the account's time zone). */
  kind: 'date' | 'instant';
  /** The custom field, for `cf:` keys. */
  field?: CustomField;
}

/** The account's custom fields that hold a date or a date and time. */
export function customDateFields(fields: readonly CustomField[]): DateField[] {
  return fields.flatMap((field): DateField[] =>
    field.type === 'date' || field.type === 'datetime'
      ? [{ key: `cf:${field.id}`, kind: field.type === 'date' ? 'date' : 'instant', field }]
      : [],
  );
}

/** The raw value of a date field of a record (custom fields by id; multiple ones give arrays). */
export function fieldValues(
  record: { customFields: Record<string, unknown> } & Record<string, unknown>,
  key: string,
): string[] {
  const raw = key.startsWith('cf:') ? record.customFields[key.slice(3)] : record[key];
  const values = Array.isArray(raw) ? raw : [raw];
  return values.filter((value): value is string => typeof value === 'string' && value !== '');
}

/** The days a record shows on: each value of the field, instants on their day in `timeZone`. */
export function daysOf(values: readonly string[], kind: DateField['kind'], timeZone: string): string[] {
  const days = values.flatMap((value) => {
    if (kind === 'date') return isDay(value) ? [value] : [];
    const instant = new Date(value);
    return Number.isNaN(instant.getTime()) ? [] : [dayInZone(instant, timeZone)];
  });
  return [...new Set(days)];
}

/** Records by the day they show on, each day's records in the order given. */
export function byDay<T>(
  records: readonly T[],
  days: (record: T) => readonly string[],
  range: CalendarRange,
): Map<string, T[]> {
  const result = new Map<string, T[]>();
  for (const record of records) {
    for (const day of days(record)) {
      if (day < range.from || day > range.to) continue;
      const list = result.get(day) ?? [];
      list.push(record);
      result.set(day, list);
    }
  }
  return result;
}

/**
 * The `customFields` list filter that keeps the records with a value of a custom date field within the
 * range (`between` is inclusive): days for a date field, the instants the days start and end in the
 * account's time zone for a date-time field.
 */
export function customRangeFilter(field: DateField, range: CalendarRange, timeZone: string): string | null {
  if (field.field === undefined) return null;
  if (field.kind === 'date')
    return JSON.stringify({ [field.field.id]: { op: 'between', from: range.from, to: range.to } });
  const from = zonedDateTime(range.from, '00:00', timeZone);
  const next = zonedDateTime(addDays(range.to, 1), '00:00', timeZone);
  if (from === null || next === null) return null;
  // The end of the last day: one millisecond before the next one starts.
  const to = new Date(Date.parse(next) - 1).toISOString();
  return JSON.stringify({ [field.field.id]: { op: 'between', from, to } });
}

/** The instant a day starts in `timeZone` (null when it is not a day). */
export const startOfDay = (day: string, timeZone: string): string | null =>
  zonedDateTime(day, '00:00', timeZone);
