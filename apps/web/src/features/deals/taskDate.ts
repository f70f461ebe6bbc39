// The task line of a deal: no task planned (red), the next task overdue (red), or when it is due.
import type { DealCard } from '@voronka/contracts';

export type TaskState =
  | { kind: 'none' }
  | { kind: 'overdue'; text: string }
  | { kind: 'planned'; text: string }
  | { kind: 'closed' };

const sameDay = (a: Date, b: Date) =>
  a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate();

// A board renders dozens of task lines at once; a formatter is costly to build, so one per shape is kept.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterOf(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, format);
  }
  return format;
}

/** "7 дек., 14:30" / "Dec 7, 2:30 PM"; the year only when it is not this one; the time only today or overdue. */
export function formatTaskDate(
  card: Pick<DealCard, 'nextTaskAt' | 'noTaskPlanned'>,
  locale: string,
  now: Date,
): TaskState {
  if (card.noTaskPlanned) return { kind: 'none' };
  if (card.nextTaskAt === null) return { kind: 'closed' };
  const due = new Date(card.nextTaskAt);
  if (Number.isNaN(due.getTime())) return { kind: 'closed' };
  const overdue = due.getTime() < now.getTime();
  const options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short' };
  if (due.getFullYear() !== now.getFullYear()) options.year = 'numeric';
  if (sameDay(due, now) || overdue) {
    options.hour = '2-digit';
    options.minute = '2-digit';
  }
  const text = formatterOf(locale === 'ru' ? 'ru-RU' : 'en-US', options).format(due);
  return overdue ? { kind: 'overdue', text } : { kind: 'planned', text };
}
