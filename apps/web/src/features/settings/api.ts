// Server state of the settings section. Mutations invalidate their collections at once; the
// realtime stream does the same for changes made elsewhere.
import { queryOptions, useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import type {
  AccountSettings,
  ApiToken,
  Department,
  Invitation,
  Locale,
  Pipeline,
  ProductionCalendarYear,
  ReferenceListItem,
  ReferenceListName,
  Role,
  Stage,
  UpdateAccountWorkingHoursBody,
  User,
  WorkingHours,
} from '@voronka/contracts';
import { api, type ListResponse } from '../../lib/api';
import { queryKeys } from '../../lib/queryKeys';

export interface CreatedInvitation extends Invitation {
  token: string;
  url: string;
}
export interface CreatedApiToken extends ApiToken {
  token: string;
}

const list = async <T>(path: string): Promise<T[]> => (await api.get<ListResponse<T>>(path)).items;

export interface AccountChanges {
  name?: string;
  locale?: Locale;
  currency?: string;
  timezone?: string;
}

export const useAccountSettings = () =>
  useQuery({ queryKey: queryKeys.account, queryFn: () => api.get<AccountSettings>('/api/account') });

/** Administrators only; the account's name also shows in the account switcher, hence `me`. */
export function useUpdateAccount() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: AccountChanges) => api.patch<AccountSettings>('/api/account', changes),
    onSuccess: (account) => {
      queryClient.setQueryData(queryKeys.account, account);
      return queryClient.invalidateQueries({ queryKey: queryKeys.me });
    },
  });
}

export const usersQuery = queryOptions({
  queryKey: queryKeys.users,
  queryFn: () => list<User>('/api/users'),
});

export const useUsers = () => useQuery(usersQuery);

export const useInvitations = (enabled = true) =>
  useQuery({ queryKey: queryKeys.invitations, queryFn: () => list<Invitation>('/api/invitations'), enabled });

export const useDepartments = () =>
  useQuery({ queryKey: queryKeys.departments, queryFn: () => list<Department>('/api/departments') });

export const useTokens = () =>
  useQuery({ queryKey: queryKeys.tokens, queryFn: () => list<ApiToken>('/api/tokens') });

/** A mutation that, once it succeeds, refetches the collections it has changed. */
function useInvalidatingMutation<TVariables, TData>(
  mutationFn: (variables: TVariables) => Promise<TData>,
  changed: readonly QueryKey[],
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => Promise.all(changed.map((queryKey) => queryClient.invalidateQueries({ queryKey }))),
  });
}

export const useCreateInvitation = () =>
  useInvalidatingMutation(
    (body: { email: string; role: Role; departmentId: string | null }) =>
      api.post<CreatedInvitation>('/api/invitations', body),
    [queryKeys.invitations],
  );

/** A new link for an open invitation (the old one stops working). */
export const useRenewInvitationLink = () =>
  useInvalidatingMutation(
    (id: string) => api.post<CreatedInvitation>(`/api/invitations/${id}/link`),
    [queryKeys.invitations],
  );

export const useRevokeInvitation = () =>
  useInvalidatingMutation(
    (id: string) => api.delete<unknown>(`/api/invitations/${id}`),
    [queryKeys.invitations],
  );

export const useUpdateUser = () =>
  useInvalidatingMutation(
    ({ id, ...body }: { id: string; role?: Role; departmentId?: string | null; name?: string }) =>
      api.patch<User>(`/api/users/${id}`, body),
    [queryKeys.users, queryKeys.me],
  );

export const useSetUserActive = () =>
  useInvalidatingMutation(
    ({ id, active }: { id: string; active: boolean }) =>
      api.post<User>(`/api/users/${id}/${active ? 'activate' : 'deactivate'}`),
    [queryKeys.users],
  );

export const useSaveDepartment = () =>
  useInvalidatingMutation(
    ({ id, ...body }: { id?: string; name?: string; parentId?: string | null }) =>
      id === undefined
        ? api.post<Department>('/api/departments', body)
        : api.patch<Department>(`/api/departments/${id}`, body),
    [queryKeys.departments],
  );

// Deleting a department detaches its users.
export const useDeleteDepartment = () =>
  useInvalidatingMutation(
    (id: string) => api.delete<unknown>(`/api/departments/${id}`),
    [queryKeys.departments, queryKeys.users],
  );

export const useCreateToken = () =>
  useInvalidatingMutation(
    (name: string) => api.post<CreatedApiToken>('/api/tokens', { name }),
    [queryKeys.tokens],
  );

export const useRevokeToken = () =>
  useInvalidatingMutation((id: string) => api.delete<unknown>(`/api/tokens/${id}`), [queryKeys.tokens]);

// Pipelines and their stages (CORE-1).

export const pipelinesQuery = queryOptions({
  queryKey: queryKeys.pipelines,
  queryFn: () => list<Pipeline>('/api/pipelines'),
});

export const usePipelines = () => useQuery(pipelinesQuery);

export interface NewStage {
  name: string;
  color: string;
}

export const useCreatePipeline = () =>
  useInvalidatingMutation(
    (body: { name: string; stages: NewStage[] }) => api.post<Pipeline>('/api/pipelines', body),
    [queryKeys.pipelines],
  );

/**
 * Rename or make default. `version` (sent as If-Match) is the one shown, so someone else's change is not overwritten: that
 * is refused (409 `stale_version`) and the pipelines are reloaded either way.
 */
export function useUpdatePipeline() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      version,
      ...body
    }: {
      id: string;
      version: number;
      name?: string;
      isDefault?: true;
    }) => api.patch<Pipeline>(`/api/pipelines/${id}`, body, { 'if-match': `"v${version}"` }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.pipelines }),
  });
}

export const useDeletePipeline = () =>
  useInvalidatingMutation((id: string) => api.delete<unknown>(`/api/pipelines/${id}`), [queryKeys.pipelines]);

export const useSaveStage = () =>
  useInvalidatingMutation(
    ({ pipelineId, id, ...body }: { pipelineId: string; id?: string; name: string; color: string }) =>
      id === undefined
        ? api.post<Stage>(`/api/pipelines/${pipelineId}/stages`, body)
        : api.patch<Stage>(`/api/stages/${id}`, body),
    [queryKeys.pipelines],
  );

export const useDeleteStage = () =>
  useInvalidatingMutation(
    ({ id, moveTo }: { id: string; moveTo: string | null }) =>
      api.delete<unknown>(
        `/api/stages/${id}${moveTo === null ? '' : `?moveTo=${encodeURIComponent(moveTo)}`}`,
      ),
    [queryKeys.pipelines],
  );

/** Puts the open stages in a new order at once (the list shows it while the server saves it). */
export function useReorderStages() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ pipelineId, stageIds }: { pipelineId: string; stageIds: string[] }) =>
      api.put<Pipeline>(`/api/pipelines/${pipelineId}/stages/order`, { stageIds }),
    onMutate: async ({ pipelineId, stageIds }) => {
      await queryClient.cancelQueries({ queryKey: queryKeys.pipelines });
      queryClient.setQueryData<Pipeline[]>(queryKeys.pipelines, (pipelines) =>
        pipelines?.map((pipeline) =>
          pipeline.id === pipelineId
            ? { ...pipeline, stages: withOpenOrder(pipeline.stages, stageIds) }
            : pipeline,
        ),
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.pipelines }),
  });
}

/** The stages with the open ones in the order of `openIds`; Unsorted, Won and Lost keep their places. */
export function withOpenOrder(stages: readonly Stage[], openIds: readonly string[]): Stage[] {
  const open = reorderItems(
    stages.filter((stage) => stage.kind === 'open'),
    openIds,
  );
  let next = 0;
  return stages.map((stage) => (stage.kind === 'open' ? (open[next++] ?? stage) : stage));
}

// Reference lists (CORE-5).

export const REFERENCE_LISTS = [
  'sources',
  'contact_types',
  'company_types',
  'industries',
  'loss_reasons',
] as const satisfies readonly ReferenceListName[];

export const useReferenceList = (name: ReferenceListName, includeArchived: boolean) =>
  useQuery({
    queryKey: queryKeys.referenceList(name, includeArchived),
    queryFn: () =>
      list<ReferenceListItem>(
        `/api/reference-lists/${name}${includeArchived ? '?includeArchived=true' : ''}`,
      ),
  });

export const useAddReferenceItem = () =>
  useInvalidatingMutation(
    ({ list: name, ...body }: { list: ReferenceListName; name: string }) =>
      api.post<ReferenceListItem>(`/api/reference-lists/${name}`, body),
    [queryKeys.referenceLists],
  );

export const useRenameReferenceItem = () =>
  useInvalidatingMutation(
    ({ id, ...body }: { id: string; name: string }) =>
      api.patch<ReferenceListItem>(`/api/reference-list-items/${id}`, body),
    [queryKeys.referenceLists],
  );

export const useArchiveReferenceItem = () =>
  useInvalidatingMutation(
    (id: string) => api.delete<unknown>(`/api/reference-list-items/${id}`),
    [queryKeys.referenceLists],
  );

/** Puts the live items in a new order at once; archived ones (when shown) stay after them. */
export function useReorderReferenceList() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ list: name, itemIds }: { list: ReferenceListName; itemIds: string[] }) =>
      api.put<unknown>(`/api/reference-lists/${name}/order`, { itemIds }),
    onMutate: async ({ list: name, itemIds }) => {
      await queryClient.cancelQueries({ queryKey: queryKeys.referenceLists });
      for (const includeArchived of [false, true]) {
        queryClient.setQueryData<ReferenceListItem[]>(
          queryKeys.referenceList(name, includeArchived),
          (items) => items && reorderItems(items, itemIds),
        );
      }
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.referenceLists }),
  });
}

/** The items listed in `ids` in that order, then the rest as they were. */
export function reorderItems<T extends { id: string }>(items: readonly T[], ids: readonly string[]): T[] {
  const byId = new Map(items.map((item) => [item.id, item]));
  const ordered = ids.flatMap((id) => {
    const item = byId.get(id);
    return item === undefined ? [] : [item];
  });
  const listed = new Set(ids);
  return [...ordered, ...items.filter((item) => !listed.has(item.id))];
}

// Working hours and the production calendar (CORE-11).

export const useWorkingHours = () =>
  useQuery({ queryKey: queryKeys.workingHours, queryFn: () => api.get<WorkingHours>('/api/working-hours') });

export function useUpdateWorkingHours() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateAccountWorkingHoursBody) => api.put<WorkingHours>('/api/working-hours', body),
    onSuccess: (hours) => queryClient.setQueryData(queryKeys.workingHours, hours),
  });
}

export const useProductionCalendar = (year: number) =>
  useQuery({
    queryKey: queryKeys.productionCalendar(year),
    queryFn: () => api.get<ProductionCalendarYear>(`/api/calendar/production?year=${year}`),
    staleTime: Infinity,
    retry: false,
  });

/** Invitations still waiting for an answer. */
export function isPending(invitation: Invitation, now = Date.now()): boolean {
  return (
    invitation.acceptedAt === null && invitation.revokedAt === null && Date.parse(invitation.expiresAt) > now
  );
}

/** An absolute invitation link, whether the server returned a path or a full URL. */
export function absoluteUrl(url: string, origin: string): string {
  try {
    return new URL(url, origin).toString();
  } catch {
    return url;
  }
}
