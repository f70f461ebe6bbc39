// The weekly schedule as the working-hours form edits it: all seven weekdays, each worked or not, and
// back to the API's shape (only the worked days). Server field errors name the days they sent
// (`days.2.intervals.1`): they are moved onto the form's rows by weekday.
import type { TimeInterval, UpdateAccountWorkingHoursBody, WorkingHours } from '@voronka/contracts';

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

export interface DayValues {
  weekday: number;
  working: boolean;
  intervals: TimeInterval[];
  lunchOn: boolean;
  lunch: TimeInterval;
}

export interface HoursValues {
  useProductionCalendar: boolean;
  days: DayValues[];
}

const DEFAULT_INTERVAL: TimeInterval = { start: '09:00', end: '18:00' };
const DEFAULT_LUNCH: TimeInterval = { start: '13:00', end: '14:00' };

export function hoursToValues(hours: Pick<WorkingHours, 'useProductionCalendar' | 'days'>): HoursValues {
  return {
    useProductionCalendar: hours.useProductionCalendar,
    days: WEEKDAYS.map((weekday) => {
      const day = hours.days.find((d) => d.weekday === weekday);
      return {
        weekday,
        working: day !== undefined,
        intervals: day === undefined ? [{ ...DEFAULT_INTERVAL }] : day.intervals.map((i) => ({ ...i })),
        lunchOn: (day?.lunch ?? null) !== null,
        lunch: { ...(day?.lunch ?? DEFAULT_LUNCH) },
      };
    }),
  };
}

export function valuesToBody(values: HoursValues): UpdateAccountWorkingHoursBody {
  return {
    useProductionCalendar: values.useProductionCalendar,
    days: values.days
      .filter((day) => day.working)
      .map((day) => ({
        weekday: day.weekday,
        intervals: day.intervals.map((i) => ({ start: i.start.trim(), end: i.end.trim() })),
        lunch: day.lunchOn ? { start: day.lunch.start.trim(), end: day.lunch.end.trim() } : null,
      })),
  };
}

/** Minutes since midnight of `HH:MM` (00:00–24:00), or null when it is not such a time. */
export function minutesOf(time: string): number | null {
  const match = /^(\d{2}):(\d{2})$/.exec(time.trim());
  if (match === null) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  if (Number(match[2]) > 59 || minutes > 24 * 60) return null;
  return minutes;
}

/** Where the form shows an error: under an interval, under the lunch, or under the whole day. */
export const intervalPath = (dayIndex: number, interval: number) => `days.${dayIndex}.intervals.${interval}`;
export const lunchPath = (dayIndex: number) => `days.${dayIndex}.lunch`;
export const dayPath = (dayIndex: number) => `days.${dayIndex}`;

/**
 * The server's field errors on the form's rows. `sent` is the weekdays of the body's days, in order;
 * the form has a row per weekday (index weekday − 1). Errors about the whole schedule go to `days`.
 */
export function scheduleErrors(
  fields: Readonly<Record<string, string>>,
  sent: readonly number[],
): Record<string, string> {
  const errors: Record<string, string> = {};
  const add = (path: string, reason: string) => {
    errors[path] = errors[path] === undefined ? reason : `${errors[path]}; ${reason}`;
  };
  for (const [field, reason] of Object.entries(fields)) {
    const match = /^days\.(\d+)(?:\.(intervals|lunch)(?:\.(\d+))?)?/.exec(field);
    const weekday = match === null ? undefined : sent[Number(match[1])];
    if (match === null || weekday === undefined) {
      if (field === 'days' || field.startsWith('days.')) add('days', reason);
      continue;
    }
    const row = weekday - 1;
    if (match[2] === 'intervals' && match[3] !== undefined) add(intervalPath(row, Number(match[3])), reason);
    else if (match[2] === 'lunch') add(lunchPath(row), reason);
    else add(dayPath(row), reason);
  }
  return errors;
}

/** Client-side checks of what a shape can say (times, an end after its start); the server checks the rest. */
export function validateHours(
  values: HoursValues,
  messages: { time: string; endAfterStart: string },
): Record<string, string> {
  const errors: Record<string, string> = {};
  const check = (interval: TimeInterval, path: string) => {
    const start = minutesOf(interval.start);
    const end = minutesOf(interval.end);
    if (start === null || end === null || start === 24 * 60) errors[path] = messages.time;
    else if (end <= start) errors[path] = messages.endAfterStart;
  };
  values.days.forEach((day, row) => {
    if (!day.working) return;
    day.intervals.forEach((interval, i) => check(interval, intervalPath(row, i)));
    if (day.lunchOn) check(day.lunch, lunchPath(row));
  });
  return errors;
}
