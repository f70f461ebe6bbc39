// The Russian production calendar (производственный календарь) for a five-day week, as data: which dates are
// public holidays or transferred days off, which weekends are worked, which working days are one hour shorter.
// Transfers and shortened days are published by decree each year and are NOT derived from rules here (a rule
// gets 2025 wrong: the decree moved 23 Feb and 8 Mar elsewhere than "the next Monday", and the working
// Saturday 2025-11-01 is shortened although a literal reading of art. 95 says otherwise). Dates outside the
// covered years are refused rather than guessed.
import data from './ru-production-calendar.json' with { type: 'json' };

export type DayKind = 'working' | 'shortened' | 'weekend' | 'holiday';

export type DayInfo =
  | { date: string; kind: 'working' | 'shortened'; workingWeekend: boolean }
  | { date: string; kind: 'weekend' }
  | { date: string; kind: 'holiday'; name: string; statutory: boolean };

/** What the working-time rules need from a calendar (tests may pass their own). */
export interface ProductionCalendar {
  dayKind(date: string): DayInfo;
}

export class OutsideCalendarError extends Error {
  constructor(
    readonly date: string,
    readonly covered: readonly number[],
  ) {
    super(
      `The production calendar covers ${covered[0] ?? '?'}–${covered.at(-1) ?? '?'}; ${date} is outside it ` +
        '(a year is added when its decree on transferred days off is published)',
    );
    this.name = 'OutsideCalendarError';
  }
}

interface YearData {
  decree: string;
  holidays: string[];
  working_weekends: string[];
  shortened: string[];
  transfers: { from: string; to: string; basis: string }[];
}

const years = data.years as Record<string, YearData>;

/** The years the data covers, ascending. */
export const coveredYears: readonly number[] = Object.keys(years)
  .map(Number)
  .sort((a, b) => a - b);

const holidays = new Set(Object.values(years).flatMap((y) => y.holidays));
const workingWeekends = new Set(Object.values(years).flatMap((y) => y.working_weekends));
const shortened = new Set(Object.values(years).flatMap((y) => y.shortened));
const transferredFrom = new Map(
  Object.values(years).flatMap((y) => y.transfers.map((t) => [t.to, t.from] as const)),
);

// ТК РФ art. 112 part 1: the non-working public holidays, by MM-DD.
const STATUTORY: Record<string, string> = {
  '01-01': 'Новогодние каникулы',
  '01-02': 'Новогодние каникулы',
  '01-03': 'Новогодние каникулы',
  '01-04': 'Новогодние каникулы',
  '01-05': 'Новогодние каникулы',
  '01-06': 'Новогодние каникулы',
  '01-07': 'Рождество Христово',
  '01-08': 'Новогодние каникулы',
  '02-23': 'День защитника Отечества',
  '03-08': 'Международный женский день',
  '05-01': 'Праздник Весны и Труда',
  '05-09': 'День Победы',
  '06-12': 'День России',
  '11-04': 'День народного единства',
};

const MONTHS_GENITIVE = [
  'января',
  'февраля',
  'марта',
  'апреля',
  'мая',
  'июня',
  'июля',
  'августа',
  'сентября',
  'октября',
  'ноября',
  'декабря',
];

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a calendar date (no time zone involved: a date is a date). */
export function dayNumber(date: string): number {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`Not a date YYYY-MM-DD: ${date}`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d)
    throw new RangeError(`Not a date YYYY-MM-DD: ${date}`);
  return ms / 86_400_000;
}

export const dateOfDayNumber = (n: number): string => new Date(n * 86_400_000).toISOString().slice(0, 10);

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday. */
export const isoWeekdayOf = (n: number): number => ((((n + 3) % 7) + 7) % 7) + 1;

function transferName(date: string): string {
  const from = transferredFrom.get(date);
  if (!from) return 'Выходной день (перенесён)';
  const [, month, day] = from.split('-').map(Number);
  return `Выходной день (перенесён с ${day ?? ''} ${MONTHS_GENITIVE[(month ?? 1) - 1] ?? ''})`;
}

export const russianProductionCalendar: ProductionCalendar = {
  dayKind(date: string): DayInfo {
    const n = dayNumber(date);
    const year = Number(date.slice(0, 4));
    if (!coveredYears.includes(year)) throw new OutsideCalendarError(date, coveredYears);
    const weekend = isoWeekdayOf(n) >= 6;
    if (workingWeekends.has(date))
      return { date, kind: shortened.has(date) ? 'shortened' : 'working', workingWeekend: true };
    const statutory = STATUTORY[date.slice(5)];
    if (holidays.has(date))
      return statutory
        ? { date, kind: 'holiday', name: statutory, statutory: true }
        : { date, kind: 'holiday', name: transferName(date), statutory: false };
    // A public holiday on a Saturday or Sunday is still a non-working holiday (it matters to a business that
    // works weekends); in a Monday–Friday week it changes nothing.
    if (statutory) return { date, kind: 'holiday', name: statutory, statutory: true };
    if (weekend) return { date, kind: 'weekend' };
    return { date, kind: shortened.has(date) ? 'shortened' : 'working', workingWeekend: false };
  },
};

export const dayKind = (date: string): DayInfo => russianProductionCalendar.dayKind(date);

const isWorking = (info: DayInfo) => info.kind === 'working' || info.kind === 'shortened';

/** Working days of the five-day-week calendar from `from` to `to`, both included. */
export function workingDaysBetween(from: string, to: string): number {
  const [a, b] = [dayNumber(from), dayNumber(to)];
  if (b < a) throw new RangeError(`${to} is before ${from}`);
  let count = 0;
  for (let n = a; n <= b; n++) if (isWorking(dayKind(dateOfDayNumber(n)))) count++;
  return count;
}

interface Totals {
  workingDays: number;
  daysOff: number;
  shortenedDays: number;
  normHours: { week40: number; week36: number; week24: number };
}

function totals(from: number, to: number): Totals {
  let workingDays = 0;
  let shortenedDays = 0;
  for (let n = from; n <= to; n++) {
    const info = dayKind(dateOfDayNumber(n));
    if (isWorking(info)) workingDays++;
    if (info.kind === 'shortened') shortenedDays++;
  }
  // Приказ Минздравсоцразвития № 588н: weekly hours / 5 × working days − 1 h × shortened days (in tenths
  // of an hour, so 36 h/week gives 1774.4 exactly).
  const norm = (weekly: number) => (weekly * 2 * workingDays - 10 * shortenedDays) / 10;
  return {
    workingDays,
    daysOff: to - from + 1 - workingDays,
    shortenedDays,
    normHours: { week40: norm(40), week36: norm(36), week24: norm(24) },
  };
}

export interface ProductionYear extends Totals {
  year: number;
  decree: string;
  calendarDays: number;
  holidays: { date: string; name: string; statutory: boolean; weekend: boolean }[];
  workingWeekends: string[];
  shortenedDates: string[];
  months: ({ month: number } & Totals)[];
}

/** A year of the calendar with its totals (247 working days and 1972 h at 40 h/week in 2025–2027). */
export function productionYear(year: number): ProductionYear {
  const entry = years[String(year)];
  if (!entry) throw new OutsideCalendarError(`${year}-01-01`, coveredYears);
  const first = dayNumber(`${year}-01-01`);
  const last = dayNumber(`${year}-12-31`);
  const holidayList: ProductionYear['holidays'] = [];
  for (let n = first; n <= last; n++) {
    const info = dayKind(dateOfDayNumber(n));
    if (info.kind === 'holiday')
      holidayList.push({
        date: info.date,
        name: info.name,
        statutory: info.statutory,
        weekend: isoWeekdayOf(n) >= 6,
      });
  }
  const months = Array.from({ length: 12 }, (_, i) => {
    const start = dayNumber(`${year}-${String(i + 1).padStart(2, '0')}-01`);
    const end = i === 11 ? last : dayNumber(`${year}-${String(i + 2).padStart(2, '0')}-01`) - 1;
    return { month: i + 1, ...totals(start, end) };
  });
  return {
    year,
    decree: entry.decree,
    calendarDays: last - first + 1,
    holidays: holidayList,
    workingWeekends: [...entry.working_weekends],
    shortenedDates: [...entry.shortened],
    months,
    ...totals(first, last),
  };
}
