// Server state of the settings section. Mutations invalidate their collections at once; the
// realtime stream does the same for changes made elsewhere.
import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import type {
  AccountSettings,
  ApiToken,
  Department,
  Invitation,
  Locale,
  Role,
  User,
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

export const useUsers = () =>
  useQuery({ queryKey: queryKeys.users, queryFn: () => list<User>('/api/users') });

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
