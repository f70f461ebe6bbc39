// When a run is due (pure; the engine passes the clock's now and the working hours it needs).
//
// - immediately: now (with working hours: now if it is working time, else the next opening).
// - delay X minutes/hours: X of working time with working hours on (`addWorkingTime`, a result at a closing
//   moment moves to the next opening: a robot runs inside working hours), else X of wall time. X days with
//   working hours on are X working days: the same clock time on the X-th working day after today, so
//   "in 1 working day" from Friday 17:00 is Monday 17:00 (or the next working day after public holidays).
// - date_field: the deal's date (a day: its 00:00 in the schedule's time zone) X minutes/hours/days before or
//   after; with working hours on, a moment outside them moves to the next opening. A missing date: no plan.
// - exact: the moment given (moved to the next opening with working hours on).
// - after_previous: planned when the previous robot of the stage finishes, as "immediately" from then.
// A moment already past means now.
import { TZDate } from '@date-fns/tz';
import type { AutomationTiming } from '@voronka/contracts';
import {
  addWorkingTime,
  nextWorkingMoment,
  type ProductionCalendar,
  type WeeklySchedule,
} from '../calendar/index.js';

export interface Hours {
  schedule: WeeklySchedule;
  calendar: ProductionCalendar | null;
  timeZone: string;
}

const UNIT_MINUTES = { minutes: 1, hours: 60, days: 1440 } as const;

/** A deal's date field (`YYYY-MM-DD` or an ISO moment) as an instant; a day is its 00:00 in `timeZone`. */
export function dateValueOf(value: unknown, timeZone: string): Date | null {
  if (typeof value !== 'string' || value === '') return null;
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (day)
    return new Date(new TZDate(Number(day[1]), Number(day[2]) - 1, Number(day[3]), timeZone).getTime());
  const moment = new Date(value);
  return Number.isNaN(moment.getTime()) ? null : moment;
}

/**
 * The moment a run of `timing` is due; null when it cannot be planned (a date field that is empty).
 * `hours` is null when the timing is not limited to working hours.
 */
export function plannedAt(
  timing: AutomationTiming,
  now: Date,
  hours: Hours | null,
  dateOf: (field: string) => unknown = () => null,
  accountTimeZone = 'Europe/Moscow',
): Date | null {
  const inHours = (at: Date) =>
    hours ? nextWorkingMoment(at, hours.schedule, hours.calendar, hours.timeZone) : at;
  const notBefore = (at: Date) => (at.getTime() < now.getTime() ? now : at);
  switch (timing.kind) {
    case 'immediately':
    case 'after_previous':
      return inHours(now);
    case 'exact':
      return inHours(notBefore(new Date(timing.at)));
    case 'delay': {
      if (!hours) return new Date(now.getTime() + timing.amount * UNIT_MINUTES[timing.unit] * 60_000);
      const duration =
        timing.unit === 'days'
          ? { workingDays: timing.amount }
          : { minutes: timing.amount * UNIT_MINUTES[timing.unit] };
      return addWorkingTime(now, duration, hours.schedule, hours.calendar, hours.timeZone, {
        atClose: 'next',
      });
    }
    case 'date_field': {
      const base = dateValueOf(dateOf(timing.field), hours?.timeZone ?? accountTimeZone);
      if (!base) return null;
      const sign = timing.direction === 'before' ? -1 : 1;
      const at = new Date(base.getTime() + sign * timing.amount * UNIT_MINUTES[timing.unit] * 60_000);
      return inHours(notBefore(at));
    }
  }
}

/** The n-th retry's delay: base × 2^(n-1) (n from 1), at most an hour. */
export const retryDelayMs = (attempt: number, baseMs: number) =>
  Math.min(baseMs * 2 ** Math.max(0, attempt - 1), 3_600_000);
