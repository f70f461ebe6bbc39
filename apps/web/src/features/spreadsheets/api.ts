// Server state of spreadsheet imports (MIGR-6): the upload (multipart), the draft with its mapping, the
// preview, start / undo, the import followed every second while it is written or undone, its report pages,
// and list exports fetched as files. The server emits no events of an import; the records it writes emit
// theirs, which refresh the lists through realtime.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CustomField,
  SpreadsheetEntity,
  SpreadsheetImport,
  SpreadsheetMappingBody,
  SpreadsheetPreview,
} from '@voronka/contracts';
import { api, ApiError, toApiError, type ListResponse } from '../../lib/api';
import { queryKeys } from '../../lib/queryKeys';
import { fileNameOf } from './exportUrl';
import { CUSTOM_FIELD_ENTITY, isActive } from './mapping';

const BASE = '/api/spreadsheet-imports';
const POLL_MS = 1000;
export const PREVIEW_ROWS = 20;

export const importKeys = {
  root: ['spreadsheet-imports'] as const,
  one: (id: string) => ['spreadsheet-imports', id] as const,
  preview: (id: string) => ['spreadsheet-imports', id, 'preview'] as const,
  report: (id: string, outcome: string) => ['spreadsheet-imports', id, 'report', outcome] as const,
};

/** The query roots of each entity's lists and cards, refreshed when an import ends or is undone. */
const RECORD_ROOTS = {
  contacts: queryKeys.contacts,
  companies: queryKeys.companies,
  deals: queryKeys.deals,
  leads: queryKeys.leads,
} as const satisfies Record<SpreadsheetEntity, readonly string[]>;

async function send(path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(path, { credentials: 'same-origin', ...init });
  } catch (cause) {
    throw new ApiError({ status: 0, code: 'network_error', title: String(cause) });
  }
}

async function failure(response: Response): Promise<ApiError> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    // Not JSON: the status says enough.
  }
  return toApiError(response.status, response.statusText, body, response.headers);
}

/** Uploads the file as a draft import of `entity`. */
export async function uploadSpreadsheet(entity: SpreadsheetEntity, file: File): Promise<SpreadsheetImport> {
  const form = new FormData();
  form.append('file', file, file.name);
  const response = await send(`${BASE}?entity=${entity}`, {
    method: 'POST',
    headers: { accept: 'application/json, application/problem+json' },
    body: form,
  });
  if (!response.ok) throw await failure(response);
  return (await response.json()) as SpreadsheetImport;
}

export function useUpload(entity: SpreadsheetEntity) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => uploadSpreadsheet(entity, file),
    onSuccess: (draft) => queryClient.setQueryData(importKeys.one(draft.id), draft),
  });
}

/** An import; polled every second while it is queued, running or undoing. */
export function useImport(id: string) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: importKeys.one(id),
    queryFn: async () => {
      const before = queryClient.getQueryData<SpreadsheetImport>(importKeys.one(id));
      const next = await api.get<SpreadsheetImport>(`${BASE}/${id}`);
      // Samples are read only for drafts; keep the ones we have once the import has started.
      if (before !== undefined && next.columns.every((column) => column.samples.length === 0))
        next.columns = next.columns.map((column, i) => ({
          ...column,
          samples: before.columns[i]?.samples ?? [],
        }));
      if (before !== undefined && isActive(before.status) && !isActive(next.status)) {
        void queryClient.invalidateQueries({ queryKey: RECORD_ROOTS[next.entity] });
        void queryClient.invalidateQueries({ queryKey: importKeys.report(id, 'failed') });
        void queryClient.invalidateQueries({ queryKey: importKeys.report(id, 'skipped') });
      }
      return next;
    },
    refetchInterval: (query) =>
      query.state.data !== undefined && isActive(query.state.data.status) ? POLL_MS : false,
    retry: (count, error) => !(error instanceof ApiError && error.status === 404) && count < 2,
  });
}

/** The custom fields of the entity a column can be mapped to (the same cache as the lists'). */
export function useEntityCustomFields(entity: SpreadsheetEntity) {
  const target = CUSTOM_FIELD_ENTITY[entity];
  const key = {
    contact: queryKeys.contactCustomFields,
    company: queryKeys.companyCustomFields,
    deal: queryKeys.dealCustomFields,
    lead: queryKeys.leadCustomFields,
  }[target];
  return useQuery({
    queryKey: key,
    queryFn: async () =>
      (await api.get<ListResponse<CustomField>>(`/api/custom-fields?entity=${target}`)).items.toSorted(
        (a, b) => a.sort - b.sort || a.name.localeCompare(b.name),
      ),
    staleTime: 60_000,
  });
}

export function useSaveMapping(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SpreadsheetMappingBody) => api.put<SpreadsheetImport>(`${BASE}/${id}/mapping`, body),
    onSuccess: (saved) => {
      queryClient.setQueryData(importKeys.one(id), saved);
      void queryClient.invalidateQueries({ queryKey: importKeys.preview(id) });
    },
  });
}

export const usePreview = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: importKeys.preview(id),
    enabled,
    queryFn: () => api.get<SpreadsheetPreview>(`${BASE}/${id}/preview?limit=${PREVIEW_ROWS}`),
    staleTime: Infinity,
  });

function useTransition(id: string, action: 'start' | 'undo') {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<SpreadsheetImport>(`${BASE}/${id}/${action}`),
    onSuccess: (next) => {
      const before = queryClient.getQueryData<SpreadsheetImport>(importKeys.one(id));
      queryClient.setQueryData(importKeys.one(id), {
        ...next,
        columns: before?.columns ?? next.columns,
      });
    },
  });
}

export const useStart = (id: string) => useTransition(id, 'start');
export const useUndo = (id: string) => useTransition(id, 'undo');

export interface ReportItem {
  row: number;
  outcome: 'created' | 'updated' | 'skipped' | 'failed';
  recordId: string | null;
  reason: string | null;
}

export function useReport(id: string, outcome: 'failed' | 'skipped', enabled: boolean) {
  return useInfiniteQuery({
    queryKey: importKeys.report(id, outcome),
    enabled,
    initialPageParam: null as number | null,
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ outcome, limit: '100' });
      if (pageParam !== null) params.set('after', String(pageParam));
      return api.get<{ items: ReportItem[]; nextAfter: number | null }>(
        `${BASE}/${id}/report?${params.toString()}`,
      );
    },
    getNextPageParam: (last) => last.nextAfter,
  });
}

export const reportCsvUrl = (id: string) => `${BASE}/${id}/report.csv`;

/** Fetches a file (an export, a report) and hands it to the browser as a download. */
export async function downloadFile(url: string, fallbackName: string): Promise<void> {
  const response = await send(url, { headers: { accept: '*/*' } });
  if (!response.ok) throw await failure(response);
  const blob = await response.blob();
  const name = fileNameOf(response.headers.get('content-disposition'), fallbackName);
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Let the browser start reading the blob before it is released.
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}
