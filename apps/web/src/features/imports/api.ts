// Server state of the amoCRM migration (MIGR-1..5): connections, the redirect link, the source's users and
// pipelines, runs (the draft with its data check, the run, its log and report) and the account's outbound
// allow-list. Runs are refreshed by `import_run.*` events (realtime.ts → the `imports` root) and, as a
// fallback, polled every 2 seconds while one is active.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AmoConnectBody,
  AmoSource,
  ImportConnection,
  ImportRun,
  ImportRunFailure,
  Locale,
  OutboundHosts,
} from '@voronka/contracts';
import { api, ApiError, toApiError, type ListResponse } from '../../lib/api';
import { queryKeys } from '../../lib/queryKeys';
import { isActiveRun, type SelectionInput } from './selection';

const BASE = '/api/imports/amocrm';
export const POLL_MS = 2000;

export interface LogPage {
  items: { seq: string; level: 'info' | 'warning' | 'error'; message: string; at: string }[];
  last: string | null;
}
export interface FailuresPage {
  items: ImportRunFailure[];
  nextCursor: string | null;
}

export const amoKeys = {
  connections: [...queryKeys.imports, 'connections'] as const,
  // Outside the `imports` root: run events must not make the page read the portal from amoCRM again.
  redirectUrl: ['amocrm-redirect-url'] as const,
  source: (connectionId: string) => ['amocrm-source', connectionId] as const,
  runs: [...queryKeys.imports, 'runs'] as const,
  run: (id: string) => [...queryKeys.imports, 'runs', id] as const,
  log: (id: string) => [...queryKeys.imports, 'runs', id, 'log'] as const,
  failures: (id: string) => [...queryKeys.imports, 'runs', id, 'failures'] as const,
  outboundHosts: ['outbound-hosts'] as const,
};

const noRetryOn404 = (count: number, error: unknown) =>
  !(error instanceof ApiError && (error.status === 404 || error.status === 403)) && count < 2;

export const useConnections = () =>
  useQuery({
    queryKey: amoKeys.connections,
    queryFn: async () => (await api.get<ListResponse<ImportConnection>>(`${BASE}/connections`)).items,
  });

export const useRedirectUrl = () =>
  useQuery({
    queryKey: amoKeys.redirectUrl,
    queryFn: async () => (await api.get<{ redirectUrl: string }>(`${BASE}/redirect-url`)).redirectUrl,
    staleTime: Infinity,
  });

export function useConnect() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AmoConnectBody) => api.post<ImportConnection>(`${BASE}/connections`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: amoKeys.connections }),
  });
}

export function useDisconnect() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`${BASE}/connections/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: amoKeys.connections }),
  });
}

/** The portal's users (matched by e-mail), pipelines and custom fields: read from amoCRM, so kept a while. */
export const useSource = (connectionId: string | undefined) =>
  useQuery({
    queryKey: amoKeys.source(connectionId ?? ''),
    queryFn: () => api.get<AmoSource>(`${BASE}/connections/${connectionId ?? ''}/source`),
    enabled: connectionId !== undefined,
    staleTime: 5 * 60_000,
    retry: noRetryOn404,
  });

export const useRuns = () =>
  useQuery({
    queryKey: amoKeys.runs,
    queryFn: async () => (await api.get<ListResponse<ImportRun>>(`${BASE}/runs`)).items,
    refetchInterval: (query) => (query.state.data?.some((run) => isActiveRun(run.status)) ? POLL_MS : false),
  });

/** A run; polled while the server works on it. When it stops moving, its log and report are read again. */
export function useRun(id: string | undefined) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: amoKeys.run(id ?? ''),
    queryFn: async () => {
      const before = queryClient.getQueryData<ImportRun>(amoKeys.run(id ?? ''));
      const next = await api.get<ImportRun>(`${BASE}/runs/${id ?? ''}`);
      if (before !== undefined && before.status !== next.status) {
        void queryClient.invalidateQueries({ queryKey: amoKeys.log(next.id) });
        void queryClient.invalidateQueries({ queryKey: amoKeys.failures(next.id) });
      }
      return next;
    },
    enabled: id !== undefined,
    refetchInterval: (query) =>
      query.state.data !== undefined && isActiveRun(query.state.data.status) ? POLL_MS : false,
    retry: noRetryOn404,
  });
}

function useRunMutation<A>(fn: (arg: A) => Promise<ImportRun>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (run) => {
      queryClient.setQueryData(amoKeys.run(run.id), run);
      return queryClient.invalidateQueries({ queryKey: amoKeys.runs });
    },
  });
}

export const useCreateRun = () =>
  useRunMutation((body: { connectionId: string; selection: SelectionInput }) =>
    api.post<ImportRun>(`${BASE}/runs`, body),
  );

export const useUpdateRun = () =>
  useRunMutation(({ id, selection }: { id: string; selection: SelectionInput }) =>
    api.patch<ImportRun>(`${BASE}/runs/${id}`, { selection }),
  );

export type RunAction = 'start' | 'stop' | 'continue' | 'cancel' | 'rollback' | 'confirm' | 'sync';

export const useRunAction = () =>
  useRunMutation(({ id, action }: { id: string; action: RunAction }) =>
    api.post<ImportRun>(`${BASE}/runs/${id}/${action}`),
  );

/**
 * The run's log, read on with `after` (keyset): each fetch asks only for the lines after the last one
 * seen and appends them, so a long log is never read twice.
 */
export function useRunLog(id: string, active: boolean) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: amoKeys.log(id),
    queryFn: async () => {
      const before = queryClient.getQueryData<LogPage>(amoKeys.log(id));
      const after = before?.last;
      const page = await api.get<LogPage>(
        `${BASE}/runs/${id}/log?limit=500${after ? `&after=${encodeURIComponent(after)}` : ''}`,
      );
      // Two reads may overlap (a poll and an event): keep each line once.
      const seen = new Set(before?.items.map((line) => line.seq));
      const fresh = page.items.filter((line) => !seen.has(line.seq));
      return { items: [...(before?.items ?? []), ...fresh], last: page.last ?? after ?? null };
    },
    refetchInterval: active ? POLL_MS : false,
  });
}

export const useFailures = (id: string, enabled: boolean) =>
  useInfiniteQuery({
    queryKey: amoKeys.failures(id),
    queryFn: ({ pageParam }) =>
      api.get<FailuresPage>(
        `${BASE}/runs/${id}/failures?limit=50${pageParam ? `&cursor=${encodeURIComponent(pageParam)}` : ''}`,
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });

/** The report as CSV, its reasons in `locale` (the interface's language). */
export const reportCsvUrl = (id: string, locale: Locale) => `${BASE}/runs/${id}/report.csv?locale=${locale}`;

/** Fetches the CSV with the session cookie and hands it to the browser as a download. */
export async function downloadReport(id: string, locale: Locale): Promise<void> {
  let response: Response;
  try {
    response = await fetch(reportCsvUrl(id, locale), { credentials: 'same-origin' });
  } catch (cause) {
    throw new ApiError({ status: 0, code: 'network_error', title: String(cause) });
  }
  if (!response.ok) {
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      // Not JSON: the status says enough.
    }
    throw toApiError(response.status, response.statusText, body, response.headers);
  }
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = `migration-${id}-report.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const useOutboundHosts = (enabled: boolean) =>
  useQuery({
    queryKey: amoKeys.outboundHosts,
    queryFn: async () => (await api.get<OutboundHosts>('/api/settings/outbound-hosts')).hosts,
    enabled,
  });

export function useSaveOutboundHosts() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (hosts: string[]) =>
      (await api.put<OutboundHosts>('/api/settings/outbound-hosts', { hosts })).hosts,
    onSuccess: (hosts) => queryClient.setQueryData(amoKeys.outboundHosts, hosts),
  });
}
