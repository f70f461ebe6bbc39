// The export address of a list (MIGR-6): the same query the list page sends to its API (filters, search,
// sort; no page size or cursor), read from the page's own address with each list's helpers, so the file holds
// exactly the rows the list shows, in its order. Pure, so it is unit-tested.
import type { CustomField, Locale, SpreadsheetEntity } from '@voronka/contracts';
import * as records from '../contacts/filters';
import * as deals from '../deals/filters';
import * as leads from '../leads/filters';

export type ExportFormat = 'csv' | 'xlsx';

export interface ListContext {
  /** Contacts and companies: the entity's custom fields (their filters are sent by field type). */
  customFields?: readonly CustomField[];
  /** Deals: the pipeline the list shows. */
  pipelineId?: string | null;
}

/** The list API's query for the page address `pageParams` of the entity's list. */
export function listQueryOf(
  entity: SpreadsheetEntity,
  pageParams: URLSearchParams,
  context: ListContext = {},
): URLSearchParams {
  switch (entity) {
    case 'contacts':
    case 'companies': {
      const query = records.apiFilterParams(records.readFilters(pageParams), context.customFields ?? []);
      const { sort, order } = records.readSort(pageParams);
      query.set('sort', sort);
      query.set('order', order);
      return query;
    }
    case 'deals': {
      const query = deals.apiFilterParams(deals.readFilters(pageParams));
      if (context.pipelineId) query.set('pipelineId', context.pipelineId);
      const { sort, order } = deals.readSort(pageParams);
      query.set('sort', sort);
      query.set('order', order);
      return query;
    }
    case 'leads': {
      const query = leads.apiFilterParams(leads.readFilters(pageParams));
      const { sort, order } = leads.readSort(pageParams);
      query.set('sort', sort);
      query.set('order', order);
      return query;
    }
  }
}

/** `/api/exports/<entity>.<format>?…` with the list's query and the headers' language. */
export function exportUrl(
  entity: SpreadsheetEntity,
  format: ExportFormat,
  listQuery: URLSearchParams,
  lang: Locale,
): string {
  const query = new URLSearchParams(listQuery);
  query.delete('limit');
  query.delete('cursor');
  query.set('lang', lang);
  return `/api/exports/${entity}.${format}?${query.toString()}`;
}

/** The file name a response's Content-Disposition gives, or `fallback`. */
export function fileNameOf(contentDisposition: string | null, fallback: string): string {
  if (contentDisposition === null) return fallback;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(contentDisposition);
  if (star?.[1] !== undefined) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      return fallback;
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(contentDisposition);
  return plain?.[1]?.trim() || fallback;
}
