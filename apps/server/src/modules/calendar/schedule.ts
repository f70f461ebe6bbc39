// Pure rules of a weekly working schedule: what a valid one looks like, its normal form, and the working
// minutes of one weekday (the intervals less the lunch break). The shapes come from the contracts; these are
// the rules a shape cannot say, answered as field errors (`body.days.0.intervals.1`).
import type { FieldError } from '@voronka/contracts';

export interface TimeInterval {
  start: string;
  end: string;
}

export interface WorkingDay {
  weekday: number;
  intervals: readonly TimeInterval[];
  lunch: TimeInterval | null;
}

/** A weekday as stored and answered (plain, mutable data). */
export interface WorkingDayData {
  weekday: number;
  intervals: TimeInterval[];
  lunch: TimeInterval | null;
}

/** The worked weekdays; a weekday that is not listed is a day off. */
export type WeeklySchedule = readonly WorkingDay[];

/** Minutes of the local day, [start, end). */
export type MinuteRange = readonly [number, number];

const weekdays = (from: number, to: number, intervals: TimeInterval[], lunch: TimeInterval | null) =>
  Array.from({ length: to - from + 1 }, (_, i) => ({ weekday: from + i, intervals, lunch }));

/** What an account works before anyone saves a schedule: Monday–Friday 09:00–18:00, lunch 13:00–14:00. */
export const DEFAULT_SCHEDULE: WeeklySchedule = weekdays(1, 5, [{ start: '09:00', end: '18:00' }], {
  start: '13:00',
  end: '14:00',
});

const TIME = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;

/** `HH:MM` → minutes since midnight (`24:00` → 1440). */
export function minutesOf(time: string): number {
  const m = TIME.exec(time);
  if (!m) throw new RangeError(`Not a time HH:MM: ${time}`);
  return m[1] === undefined ? 1440 : Number(m[1]) * 60 + Number(m[2]);
}

/** Every rule a schedule breaks, each naming its field under `prefix` (e.g. `body.days`). */
export function scheduleProblems(days: WeeklySchedule, prefix = 'body.days'): FieldError[] {
  const problems: FieldError[] = [];
  const seen = new Map<number, number>();
  days.forEach((day, d) => {
    const at = `${prefix}.${d}`;
    const earlier = seen.get(day.weekday);
    if (earlier !== undefined)
      problems.push({
        field: `${at}.weekday`,
        reason: `weekday ${day.weekday} is already in days.${earlier}`,
      });
    else seen.set(day.weekday, d);

    const ranges: { index: number; start: number; end: number }[] = [];
    day.intervals.forEach((interval, i) => {
      const [start, end] = [minutesOf(interval.start), minutesOf(interval.end)];
      if (end <= start)
        problems.push({ field: `${at}.intervals.${i}.end`, reason: 'must be after the start' });
      else ranges.push({ index: i, start, end });
    });
    const sorted = [...ranges].sort((a, b) => a.start - b.start || a.index - b.index);
    for (let k = 1; k < sorted.length; k++) {
      const [prev, cur] = [sorted[k - 1], sorted[k]];
      if (prev && cur && cur.start < prev.end) {
        const [first, second] = prev.index < cur.index ? [prev, cur] : [cur, prev];
        problems.push({
          field: `${at}.intervals.${second.index}`,
          reason: `overlaps intervals.${first.index}`,
        });
      }
    }
    if (day.lunch) {
      const [start, end] = [minutesOf(day.lunch.start), minutesOf(day.lunch.end)];
      if (end <= start) problems.push({ field: `${at}.lunch.end`, reason: 'must be after the start' });
      else if (!ranges.some((r) => r.start <= start && end <= r.end))
        problems.push({ field: `${at}.lunch`, reason: 'must lie inside one of the working intervals' });
    }
  });
  return problems;
}

/** The stored form: days by weekday, intervals by start time. */
export function normalizeSchedule(days: WeeklySchedule): WorkingDayData[] {
  return [...days]
    .sort((a, b) => a.weekday - b.weekday)
    .map((day) => ({
      weekday: day.weekday,
      intervals: [...day.intervals]
        .sort((a, b) => minutesOf(a.start) - minutesOf(b.start))
        .map((i) => ({ start: i.start, end: i.end })),
      lunch: day.lunch ? { start: day.lunch.start, end: day.lunch.end } : null,
    }));
}

/** The working minutes of one weekday: its intervals merged, less the lunch break. */
export function workingMinutes(day: WorkingDay | undefined): MinuteRange[] {
  if (!day) return [];
  const sorted = day.intervals
    .map((i) => [minutesOf(i.start), minutesOf(i.end)] as [number, number])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = merged.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  if (!day.lunch) return merged;
  const [l1, l2] = [minutesOf(day.lunch.start), minutesOf(day.lunch.end)];
  return merged.flatMap(([a, b]): MinuteRange[] =>
    l2 <= a || b <= l1
      ? [[a, b]]
      : (
          [
            [a, Math.min(l1, b)],
            [Math.max(l2, a), b],
          ] as MinuteRange[]
        ).filter(([x, y]) => y > x),
  );
}

/** A pre-holiday day (ТК РФ art. 95): the last working hour of the day is cut. */
export function cutLastHour(ranges: readonly MinuteRange[]): MinuteRange[] {
  const result = ranges.map(([a, b]) => [a, b] as [number, number]);
  let cut = 60;
  while (cut > 0 && result.length > 0) {
    const last = result[result.length - 1];
    if (!last) break;
    const length = last[1] - last[0];
    if (length > cut) {
      last[1] -= cut;
      cut = 0;
    } else {
      result.pop();
      cut -= length;
    }
  }
  return result;
}
