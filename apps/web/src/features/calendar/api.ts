// The records of a calendar period from the deals and leads list endpoints, with the range filter each
// date field has there: creation time (both), closing time (deals), custom date / date-time fields (the
// `customFields` `between` filter). The deals API has no filter on the expected close date, so that field
// reads the list sorted by it from the earliest and stops past the period. Up to MAX_RECORDS are loaded.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Deal, Lead } from '@voronka/contracts';
import { api } from '../../lib/api';
import { queryKeys } from '../../lib/queryKeys';
import { addDays } from '../tasks/zonedTime';
import { customRangeFilter, startOfDay, type CalendarRange, type DateField } from './calendarModel';

export type CalendarEntity = 'deal' | 'lead';
export type CalendarRecord = Deal | Lead;

const PAGE = 500;
export const MAX_RECORDS = 5000;
/** Pages read at most (the close-date scan reads deals before the period too). */
const MAX_PAGES = 20;

export interface CalendarData {
  records: CalendarRecord[];
  /** More records match than were loaded. */
  truncated: boolean;
}

/** The query parameters that keep the field's values within the range (null: the field cannot). */
function rangeParams(
  entity: CalendarEntity,
  field: DateField,
  range: CalendarRange,
  timeZone: string,
): URLSearchParams | null {
  const params = new URLSearchParams();
  if (field.key.startsWith('cf:')) {
    const filter = customRangeFilter(field, range, timeZone);
    if (filter === null) return null;
    params.set('customFields', filter);
    return params;
  }
  if (entity === 'deal') {
    // Deals take whole days in the account's time zone, both ends inclusive.
    if (field.key === 'createdAt') {
      params.set('createdFrom', range.from);
      params.set('createdTo', range.to);
    } else if (field.key === 'closedAt') {
      params.set('closedFrom', range.from);
      params.set('closedTo', range.to);
    } else if (field.key === 'closeDate') {
      params.set('sort', 'closeDate');
      params.set('order', 'asc');
    } else return null;
    return params;
  }
  if (field.key !== 'createdAt') return null;
  const from = startOfDay(range.from, timeZone);
  const to = startOfDay(addDays(range.to, 1), timeZone);
  if (from === null || to === null) return null;
  // Leads take instants; `createdTo` is exclusive.
  params.set('createdFrom', from);
  params.set('createdTo', to);
  return params;
}

async function load(
  entity: CalendarEntity,
  base: URLSearchParams,
  field: DateField,
  range: CalendarRange,
  timeZone: string,
): Promise<CalendarData> {
  const limits = rangeParams(entity, field, range, timeZone);
  if (limits === null) return { records: [], truncated: false };
  const params = new URLSearchParams(base);
  for (const [name, value] of limits) params.set(name, value);
  params.set('limit', String(PAGE));
  const records: CalendarRecord[] = [];
  const byCloseDate = entity === 'deal' && field.key === 'closeDate';
  let cursor: string | null = null;
  let pages = 0;
  do {
    pages += 1;
    if (cursor !== null) params.set('cursor', cursor);
    const page: { items: CalendarRecord[]; nextCursor: string | null } = await api.get(
      `/api/${entity === 'deal' ? 'deals' : 'leads'}?${params.toString()}`,
    );
    cursor = page.nextCursor;
    if (byCloseDate) {
      // Sorted by close date with empty ones last: stop at the first one past the period.
      let past = false;
      for (const deal of page.items as Deal[]) {
        if (deal.closeDate === null || deal.closeDate > range.to) {
          past = true;
          break;
        }
        if (deal.closeDate >= range.from) records.push(deal);
      }
      if (past) cursor = null;
    } else records.push(...page.items);
  } while (cursor !== null && records.length < MAX_RECORDS && pages < MAX_PAGES);
  return { records, truncated: cursor !== null };
}

export function useCalendarRecords(
  entity: CalendarEntity,
  base: URLSearchParams,
  field: DateField | undefined,
  range: CalendarRange,
  timeZone: string,
) {
  const key = [base.toString(), field?.key ?? '', range.from, range.to, timeZone].join('|');
  return useQuery({
    queryKey: entity === 'deal' ? queryKeys.dealsCalendar(key) : queryKeys.leadsCalendar(key),
    enabled: field !== undefined,
    queryFn: () =>
      field === undefined
        ? Promise.resolve({ records: [], truncated: false })
        : load(entity, base, field, range, timeZone),
    placeholderData: keepPreviousData,
  });
}
