// Deadlines of tasks: a moment, or a whole day in the account's time zone (due by that day's end, 23:59:59
// local time, as amoCRM and Bitrix24 show all-day tasks).
import { TZDate } from '@date-fns/tz';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The deadline an input names: "2026-12-05T15:00:00+03:00" is that moment; "2026-12-05" the end of the day. */
export function resolveDeadline(
  input: string,
  timeZone: string,
): { deadline: Date; allDay: boolean; day: string | null } {
  const day = DAY.exec(input);
  if (!day) return { deadline: new Date(input), allDay: false, day: null };
  const [, year, month, date] = day.map(Number) as [number, number, number, number];
  const end = new TZDate(year, month - 1, date, 23, 59, 59, 0, timeZone);
  return { deadline: new Date(end.getTime()), allDay: true, day: input };
}
