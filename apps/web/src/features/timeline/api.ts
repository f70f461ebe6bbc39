// Server state of a record's timeline: the feed (pinned entries, then entries, tasks and history, newest
// first, page by page) and the writes on it. Every write refreshes the feed; realtime `timeline.*`,
// `task.*` and record events do the same for changes made elsewhere (lib/queryKeys.ts).
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { StoredFile, TimelineEntity, TimelineEntry, TimelineFeed } from '@voronka/contracts';
import { api, ApiError, toApiError } from '../../lib/api';
import { queryKeys } from '../../lib/queryKeys';

export const FEED_PAGE = 30;

export function useTimelineFeed(entity: TimelineEntity, entityId: string) {
  return useInfiniteQuery({
    queryKey: queryKeys.timelineFeed(entity, entityId),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ entity, entityId, limit: String(FEED_PAGE) });
      if (pageParam !== null) params.set('cursor', pageParam);
      return api.get<TimelineFeed>(`/api/timeline?${params.toString()}`);
    },
    getNextPageParam: (last) => last.nextCursor,
  });
}

export type NewEntry =
  | { kind: 'comment' | 'note'; text: string; mentions: string[]; fileIds: string[] }
  | {
      kind: 'call';
      text: string;
      mentions: string[];
      fileIds: string[];
      data: {
        direction: 'inbound' | 'outbound';
        durationSeconds: number;
        phone: string | null;
        result: string | null;
      };
    };

export interface EntryChanges {
  text?: string;
  mentions?: string[];
  fileIds?: string[];
}

const ifMatch = (version: number) => ({ 'if-match': `"v${version}"` });

/** The feed's writes; each refreshes the feed when it succeeds. */
export function useTimelineWrites(entity: TimelineEntity, entityId: string) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.timelineFeed(entity, entityId) });
  const create = useMutation({
    mutationFn: (entry: NewEntry) => api.post<TimelineEntry>('/api/timeline', { ...entry, entity, entityId }),
    onSuccess: refresh,
  });
  const update = useMutation({
    mutationFn: ({ id, version, ...changes }: EntryChanges & { id: string; version: number }) =>
      api.patch<TimelineEntry>(`/api/timeline/${id}`, changes, ifMatch(version)),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.delete<unknown>(`/api/timeline/${id}`),
    onSuccess: refresh,
  });
  const pin = useMutation({
    mutationFn: ({ id, pinned }: { id: string; pinned: boolean }) =>
      api.post<TimelineEntry>(`/api/timeline/${id}/${pinned ? 'pin' : 'unpin'}`),
    onSuccess: refresh,
  });
  return { create, update, remove, pin, refresh };
}

/** Uploads one file (multipart, one part named `file`) for attaching to an entry. */
export async function uploadFile(file: File): Promise<StoredFile> {
  const form = new FormData();
  form.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch('/api/files', {
      method: 'POST',
      body: form,
      credentials: 'same-origin',
      headers: { accept: 'application/json, application/problem+json' },
    });
  } catch (cause) {
    throw new ApiError({ status: 0, code: 'network_error', title: String(cause) });
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? undefined : (JSON.parse(text) as unknown);
  } catch {
    // Not JSON: keep the text.
  }
  if (!response.ok) throw toApiError(response.status, response.statusText, body, response.headers);
  return body as StoredFile;
}
