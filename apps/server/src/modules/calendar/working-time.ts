// Working time: the rule every timer will use ("only in working hours" robots, SLA deadlines, task due dates).
//
// Working time is the weekly schedule of a time zone, with the production calendar applied when given:
// holidays and transferred days off are not worked; a working weekend (2025-11-01) is worked with the
// schedule's own hours for that weekday or, if it has none, the hours of its first working weekday (Monday);
// a shortened day loses its last working hour. Dates are the time zone's local dates; wall-clock times are
// turned into instants by @date-fns/tz, so DST zones are right: a time the clock skips (02:30 on a
// spring-forward night) starts at the jump, a time it repeats counts from its first occurrence.
//
// Semantics:
//  - `{ minutes: n }`: the earliest moment by which n minutes of working time have passed since `start`.
//    It may be the closing moment of an interval ("+1 h from 17:00" on a 09:00–18:00 day is 18:00, a deadline
//    by the end of the day) — pass `{ atClose: 'next' }` to move such a result to the next opening, as a robot
//    that must *run* in working hours does. With 0 minutes: `start` if it is working time or a closing
//    moment, otherwise the next opening.
//  - `{ workingDays: n }`: the same local clock time on the n-th working day after `start`'s date (holidays
//    and days without hours skipped), moved into that day's hours: before opening or in the lunch break → the
//    next opening; after closing → that day's closing moment (or, with `atClose: 'next'`, the next opening).
//    Friday 17:00 + 1 → Monday 17:00; 2026-01-02 17:00 + 1 → 2026-01-12 17:00 (New Year holidays).
// So results are always within working hours, closing moments included (strictly inside with 'next'); adding
// a then b minutes equals adding a + b; more duration never gives an earlier moment.
import { TZDate, tzOffset } from '@date-fns/tz';
import {
  dateOfDayNumber,
  dayNumber,
  isoWeekdayOf,
  OutsideCalendarError,
  type ProductionCalendar,
} from './production-calendar.js';
import {
  cutLastHour,
  workingMinutes,
  type MinuteRange,
  type TimeInterval,
  type WeeklySchedule,
} from './schedule.js';

export type WorkingDuration = { minutes: number } | { workingDays: number };

export interface WorkingTimeOptions {
  /** A result at an interval's closing moment: keep it (a deadline, the default) or take the next opening. */
  atClose?: 'stay' | 'next';
}

/** How far ahead the rules look for working time before giving up (about ten years). */
export const MAX_SCAN_DAYS = 3660;

export class NoWorkingTimeError extends Error {
  constructor() {
    super(
      `The result lies more than ${MAX_SCAN_DAYS} days ahead: the duration is too long for the schedule's ` +
        'working hours',
    );
    this.name = 'NoWorkingTimeError';
  }
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

type Range = readonly [number, number];

/** The wall clock of `instant` in `tz`, as if it were UTC: local day × DAY_MS + milliseconds of the day. */
function wallOf(instant: number, tz: string): number {
  const z = new TZDate(instant, tz);
  return (
    Date.UTC(z.getFullYear(), z.getMonth(), z.getDate()) +
    ((z.getHours() * 60 + z.getMinutes()) * 60 + z.getSeconds()) * 1000 +
    z.getMilliseconds()
  );
}

/** The first instant whose wall clock in `tz` is at or after `wall` (monotonic in `wall`). */
function instantOf(wall: number, tz: string): number {
  const day = new Date(Math.floor(wall / DAY_MS) * DAY_MS);
  const ms = wall - day.getTime();
  const candidate = new TZDate(
    day.getUTCFullYear(),
    day.getUTCMonth(),
    day.getUTCDate(),
    Math.floor(ms / HOUR_MS),
    Math.floor(ms / 60_000) % 60,
    Math.floor(ms / 1000) % 60,
    ms % 1000,
    tz,
  ).getTime();
  const shown = wallOf(candidate, tz);
  if (shown === wall) {
    // A repeated hour (clocks set back): the same wall time was shown first with the earlier, larger offset.
    const before = candidate - 6 * HOUR_MS;
    const drop = wallOf(before, tz) - before - (shown - candidate);
    if (drop > 0 && wallOf(candidate - drop, tz) === wall) return candidate - drop;
    return candidate;
  }
  if (shown < wall) return candidate;
  // A skipped time (clocks set forward): the first instant after it is the jump; find it by bisection.
  let lo = candidate - 6 * HOUR_MS;
  let hi = candidate;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (wallOf(mid, tz) >= wall) hi = mid;
    else lo = mid;
  }
  return hi;
}

export function assertTimeZone(tz: string) {
  if (Number.isNaN(tzOffset(tz, new Date(0)))) throw new RangeError(`Unknown time zone: ${tz}`);
}

/** Working time of one schedule + calendar + time zone, with the day lookups cached for one computation. */
function workingTimeOf(schedule: WeeklySchedule, calendar: ProductionCalendar | null, tz: string) {
  assertTimeZone(tz);
  const byWeekday = new Map<number, MinuteRange[]>();
  for (const day of schedule) byWeekday.set(day.weekday, workingMinutes(day));
  const own = (weekday: number) => byWeekday.get(weekday) ?? [];
  // A working weekend has no hours of its own in a Monday–Friday schedule: it works like a weekday.
  const weekdayHours = [1, 2, 3, 4, 5].map(own).find((r) => r.length > 0) ?? [];

  const minutesCache = new Map<number, MinuteRange[]>();
  function minutesOn(day: number): MinuteRange[] {
    const cached = minutesCache.get(day);
    if (cached) return cached;
    const weekday = isoWeekdayOf(day);
    let ranges = own(weekday);
    if (calendar) {
      const info = calendar.dayKind(dateOfDayNumber(day));
      if (info.kind === 'holiday') ranges = [];
      else if (info.kind === 'working' || info.kind === 'shortened') {
        if (ranges.length === 0 && info.workingWeekend) ranges = weekdayHours;
        if (info.kind === 'shortened') ranges = cutLastHour(ranges);
      }
    }
    minutesCache.set(day, ranges);
    return ranges;
  }

  const rangesCache = new Map<number, Range[]>();
  function rangesOn(day: number): Range[] {
    const cached = rangesCache.get(day);
    if (cached) return cached;
    const ranges = minutesOn(day)
      .map(([a, b]): Range => [
        instantOf(day * DAY_MS + a * 60_000, tz),
        instantOf(day * DAY_MS + b * 60_000, tz),
      ])
      .filter(([a, b]) => b > a);
    rangesCache.set(day, ranges);
    return ranges;
  }

  const dayOf = (instant: number) => Math.floor(wallOf(instant, tz) / DAY_MS);

  function isWorking(t: number): boolean {
    return rangesOn(dayOf(t)).some(([a, b]) => a <= t && t < b);
  }

  /** Does a working interval end exactly at `t`? */
  function isClosing(t: number): boolean {
    const day = dayOf(t);
    if (rangesOn(day).some(([, b]) => b === t)) return true;
    if (dayOf(t - 1) === day) return false;
    try {
      return rangesOn(day - 1).some(([, b]) => b === t);
    } catch (error) {
      // The day before the calendar's first year: `t` cannot close one of its intervals as far as we know.
      if (error instanceof OutsideCalendarError) return false;
      throw error;
    }
  }

  function next(t: number): number {
    const first = dayOf(t);
    for (let day = first; day < first + MAX_SCAN_DAYS; day++) {
      for (const [a, b] of rangesOn(day)) if (b > t) return Math.max(a, t);
    }
    throw new NoWorkingTimeError();
  }

  function addMs(t: number, amount: number): number {
    if (amount === 0 && isClosing(t)) return t;
    let remaining = amount;
    const first = dayOf(t);
    for (let day = first; day < first + MAX_SCAN_DAYS; day++) {
      for (const [a, b] of rangesOn(day)) {
        if (b <= t) continue;
        const s = Math.max(a, t);
        if (remaining <= b - s) return s + remaining;
        remaining -= b - s;
      }
    }
    throw new NoWorkingTimeError();
  }

  function addDays(t: number, n: number): number {
    if (n === 0) return addMs(t, 0);
    const wall = wallOf(t, tz);
    const first = Math.floor(wall / DAY_MS);
    const clock = wall - first * DAY_MS;
    let count = 0;
    for (let day = first + 1; day <= first + MAX_SCAN_DAYS; day++) {
      const ranges = rangesOn(day);
      const last = ranges.at(-1);
      if (!last || ++count < n) continue;
      const at = instantOf(day * DAY_MS + clock, tz);
      for (const [a, b] of ranges) if (at <= b) return Math.max(a, at);
      return last[1];
    }
    throw new NoWorkingTimeError();
  }

  return { isWorking, next, addMs, addDays, minutesOn };
}

function instant(at: Date): number {
  const t = at.getTime();
  if (Number.isNaN(t)) throw new RangeError('Invalid date');
  return t;
}

function count(value: number, what: string): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${what} must be a non-negative number`);
  return value;
}

/** The moment `duration` of working time after `start` (see the semantics at the top of this file). */
export function addWorkingTime(
  start: Date,
  duration: WorkingDuration,
  schedule: WeeklySchedule,
  calendar: ProductionCalendar | null,
  timeZone: string,
  options: WorkingTimeOptions = {},
): Date {
  const time = workingTimeOf(schedule, calendar, timeZone);
  const t = instant(start);
  let result: number;
  if ('minutes' in duration) {
    result = time.addMs(t, Math.round(count(duration.minutes, 'minutes') * 60_000));
  } else {
    const days = count(duration.workingDays, 'workingDays');
    if (!Number.isInteger(days)) throw new RangeError('workingDays must be a whole number');
    result = time.addDays(t, days);
  }
  if (options.atClose === 'next' && !time.isWorking(result)) result = time.next(result);
  return new Date(result);
}

/** `at` itself when it is working time, otherwise the next moment working time starts. */
export function nextWorkingMoment(
  at: Date,
  schedule: WeeklySchedule,
  calendar: ProductionCalendar | null,
  timeZone: string,
): Date {
  return new Date(workingTimeOf(schedule, calendar, timeZone).next(instant(at)));
}

/** Is `at` inside working time? Intervals include their opening moment and exclude their closing one. */
export function isWorkingTime(
  at: Date,
  schedule: WeeklySchedule,
  calendar: ProductionCalendar | null,
  timeZone: string,
): boolean {
  return workingTimeOf(schedule, calendar, timeZone).isWorking(instant(at));
}

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The working hours of one local date (lunch removed, a shortened day cut), e.g. 09:00–13:00, 14:00–17:00. */
export function workingIntervalsOn(
  date: string,
  schedule: WeeklySchedule,
  calendar: ProductionCalendar | null,
): TimeInterval[] {
  return workingTimeOf(schedule, calendar, 'UTC')
    .minutesOn(dayNumber(date))
    .map(([a, b]) => ({ start: hhmm(a), end: hhmm(b) }));
}
