// Server state of the custom-field editor: the definitions of one entity (the same query the deal card
// reads), one field with its ETag for editing, and the writes. Every write refreshes the whole
// `custom-fields` root, so record cards show a new or changed field at once.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CustomField, CustomFieldEntity } from '@voronka/contracts';
import { api, request, toApiError, type ListResponse } from '../../../lib/api';

export const customFieldKeys = {
  root: ['custom-fields'] as const,
  /** The same keys and data as the record cards' queries (`queryKeys.dealCustomFields`, …). */
  entity: (entity: CustomFieldEntity) => ['custom-fields', entity] as const,
  // Outside the root on purpose: the editor keeps the version it started from until the user reloads.
  editing: (id: string) => ['custom-field-editing', id] as const,
};

export const useCustomFields = (entity: CustomFieldEntity) =>
  useQuery({
    queryKey: customFieldKeys.entity(entity),
    queryFn: async () =>
      (await api.get<ListResponse<CustomField>>(`/api/custom-fields?entity=${entity}`)).items,
  });

export interface VersionedField {
  field: CustomField;
  /** From the ETag (`"v7"`), sent back as If-Match. */
  version: number;
}

/** `"v7"` → 7; null when the header is missing or not ours. */
export function versionOfEtag(etag: string | null): number | null {
  const match = etag === null ? null : /^(?:W\/)?"v(\d+)"$/.exec(etag.trim());
  return match?.[1] === undefined ? null : Number(match[1]);
}

async function fetchVersioned(id: string): Promise<VersionedField> {
  let response: Response;
  try {
    response = await fetch(`/api/custom-fields/${id}`, {
      credentials: 'same-origin',
      headers: { accept: 'application/json, application/problem+json' },
    });
  } catch (cause) {
    throw toApiError(0, String(cause), undefined, new Headers());
  }
  const body = (await response.json().catch(() => undefined)) as unknown;
  if (!response.ok) throw toApiError(response.status, response.statusText, body, response.headers);
  const version = versionOfEtag(response.headers.get('etag'));
  if (version === null) throw new Error('The server sent no ETag for the field');
  return { field: body as CustomField, version };
}

/** The field being edited, read once per opening (and again when the user chooses to reload). */
export const useEditedField = (id: string | null) =>
  useQuery({
    queryKey: customFieldKeys.editing(id ?? ''),
    queryFn: () => fetchVersioned(id ?? ''),
    enabled: id !== null,
    gcTime: 0,
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });

function useRefreshingMutation<TVariables, TData>(mutationFn: (variables: TVariables) => Promise<TData>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () => queryClient.invalidateQueries({ queryKey: customFieldKeys.root }),
  });
}

export const useCreateField = () =>
  useRefreshingMutation((body: Record<string, unknown>) => api.post<CustomField>('/api/custom-fields', body));

/** Sends If-Match with the version the form started from: someone else's change is refused (409 `stale_version`). */
export const useUpdateField = () =>
  useRefreshingMutation(
    ({ id, version, body }: { id: string; version: number; body: Record<string, unknown> }) =>
      request<CustomField>('PATCH', `/api/custom-fields/${id}`, body, { 'if-match': `"v${version}"` }),
  );

export const useDeleteField = () =>
  useRefreshingMutation((id: string) => api.delete<unknown>(`/api/custom-fields/${id}`));

/**
 * New sort values for several fields (a drag in the list). The list shows the new order at once; the
 * writes go one by one and the list is reloaded from the server afterwards, whatever happened.
 */
export function useReorderFields(entity: CustomFieldEntity) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (changes: { id: string; sort: number }[]) => {
      for (const change of changes)
        await api.patch<CustomField>(`/api/custom-fields/${change.id}`, { sort: change.sort });
    },
    onMutate: async (changes) => {
      await queryClient.cancelQueries({ queryKey: customFieldKeys.entity(entity) });
      const sorts = new Map(changes.map((change) => [change.id, change.sort]));
      queryClient.setQueryData<CustomField[]>(customFieldKeys.entity(entity), (fields) =>
        fields?.map((field) => ({ ...field, sort: sorts.get(field.id) ?? field.sort })),
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: customFieldKeys.root }),
  });
}
