// The SLA report's pure rules (issue 8, INBOX-2: the share of requests answered in time and the median
// first reply, per manager and per source): the period as calendar days of the account's time zone and the
// instants the API takes, the figures as text, and the order of the rows.
import type { SlaReport } from '@voronka/contracts';
import { addDays, dayInZone, zonedDateTime } from '../tasks/zonedTime';

/** Calendar days `YYYY-MM-DD`, both inclusive; '' leaves that side of the period open. */
export interface DayRange {
  from: string;
  to: string;
}

export const PRESETS = ['today', 'week', 'month'] as const;
export type Preset = (typeof PRESETS)[number];

/** How many days each preset covers, today included. */
const PRESET_DAYS: Record<Preset, number> = { today: 1, week: 7, month: 30 };

/** The days of a preset ending today in the zone: "7 days" is today and the six days before it. */
export function presetRange(preset: Preset, now: Date, timeZone: string): DayRange {
  const today = dayInZone(now, timeZone);
  return { from: addDays(today, 1 - PRESET_DAYS[preset]), to: today };
}

/** The period the page opens with: the last 30 days. */
export const defaultRange = (now: Date, timeZone: string): DayRange => presetRange('month', now, timeZone);

/** The preset the range is, if it is one (the chooser highlights it). */
export function presetOf(range: DayRange, now: Date, timeZone: string): Preset | null {
  return (
    PRESETS.find((preset) => {
      const days = presetRange(preset, now, timeZone);
      return days.from === range.from && days.to === range.to;
    }) ?? null
  );
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The range of the address (`?from=&to=`); a parameter not given takes the default, an empty one is open. */
export function readRange(params: URLSearchParams, fallback: DayRange): DayRange {
  const day = (name: 'from' | 'to') => {
    const value = params.get(name);
    if (value === null) return fallback[name];
    return DAY.test(value) ? value : '';
  };
  return { from: day('from'), to: day('to') };
}

export type PeriodResult =
  { ok: true; from: string | null; to: string | null } | { ok: false; field: 'to'; reason: 'beforeFrom' };

/**
 * The instants `GET /api/intake/sla-report` takes: `from` the start of the first day, `to` (exclusive) the
 * start of the day after the last one, both in the account's zone, so the last day counts whole.
 */
export function periodInstants(range: DayRange, timeZone: string): PeriodResult {
  if (range.from !== '' && range.to !== '' && range.to < range.from)
    return { ok: false, field: 'to', reason: 'beforeFrom' };
  const start = (day: string) => {
    const zoned = day === '' ? null : zonedDateTime(day, '00:00', timeZone);
    return zoned === null ? null : new Date(zoned).toISOString();
  };
  return { ok: true, from: start(range.from), to: range.to === '' ? null : start(addDays(range.to, 1)) };
}

/** The unit words of a duration in the interface language. */
export interface DurationUnits {
  d: string;
  h: string;
  min: string;
  s: string;
}

/**
 * A response time as text: «45 с», «4 мин 30 с», «2 ч 5 мин», «3 д 4 ч» — the two largest units, a zero
 * second part left out; «—» when there is none (no request of the group was answered).
 */
export function formatDuration(seconds: number | null, units: DurationUnits): string {
  if (seconds === null) return '—';
  const total = Math.max(0, Math.round(seconds));
  const parts: [number, string][] = [
    [Math.floor(total / 86_400), units.d],
    [Math.floor((total % 86_400) / 3600), units.h],
    [Math.floor((total % 3600) / 60), units.min],
    [total % 60, units.s],
  ];
  const first = parts.findIndex(([value]) => value > 0);
  if (first === -1) return `0 ${units.s}`;
  return parts
    .slice(first, first + 2)
    .filter(([value], i) => i === 0 || value > 0)
    .map(([value, unit]) => `${String(value)} ${unit}`)
    .join(' ');
}

/**
 * The share answered in time as a percentage with at most one decimal, rounded down so that a group with
 * one late reply among many never reads 100 %; «—» when nothing was due yet.
 */
export function formatShare(share: number | null, locale: string): string {
  if (share === null) return '—';
  const floored = Math.floor(share * 1000 + 1e-9) / 1000;
  return new Intl.NumberFormat(locale === 'ru' ? 'ru-RU' : 'en-US', {
    style: 'percent',
    maximumFractionDigits: 1,
  }).format(floored);
}

type Figures = SlaReport['byManager'][number];
type Row = Pick<Figures, 'total' | 'shareInTime'>;

/**
 * The rows to show, weak spots first: the lowest share in time first; among equal shares the group with
 * more requests first (more clients waited), then by name. A group whose requests are all still within
 * their time (total 0: nothing answered or overdue yet) has no figures and is left out.
 */
export function reportRows<T extends Row>(
  rows: readonly T[],
  nameOf: (row: T) => string,
  locale: string,
): T[] {
  const collator = new Intl.Collator(locale);
  return rows
    .filter((row) => row.total > 0)
    .sort(
      (a, b) =>
        (a.shareInTime ?? 1) - (b.shareInTime ?? 1) ||
        b.total - a.total ||
        collator.compare(nameOf(a), nameOf(b)),
    );
}

/** Whether the period has nothing to report: no request was answered or overdue in it. */
export const isEmptyReport = (report: SlaReport): boolean =>
  !report.byManager.some((row) => row.total > 0) && !report.bySource.some((row) => row.total > 0);

/** A request's source as the inbox shows it: `form:Замер` → «Форма: Замер». */
export const sourceLabel = (source: string, formPrefix: string): string =>
  source.replace(/^form:/, formPrefix);
