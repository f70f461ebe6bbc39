// Server state of the access-rights settings (ADR 0018): the caller's own rights (which hide or disable what
// the user may not do), the roles with their matrices, the assignments and the user groups.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AccessAssignment, AccessRole, MyAccess, RolePermissions, UserGroup } from '@voronka/contracts';
import { api, type ListResponse } from '../../lib/api';
import { queryKeys } from '../../lib/queryKeys';

export const useMyAccess = () =>
  useQuery({
    queryKey: [...queryKeys.access, 'me'],
    queryFn: () => api.get<MyAccess>('/api/access/me'),
    staleTime: 60_000,
  });

/** Whether the caller may change settings (an account administrator, or a role with the right). */
export function useMayChangeSettings() {
  const me = useMyAccess();
  return me.data !== undefined && (me.data.administrator || me.data.permissions.settings);
}

export const useRoles = () =>
  useQuery({
    queryKey: [...queryKeys.access, 'roles'],
    queryFn: async () => (await api.get<ListResponse<AccessRole>>('/api/roles')).items,
  });

export const useAssignments = () =>
  useQuery({
    queryKey: [...queryKeys.access, 'assignments'],
    queryFn: async () => (await api.get<ListResponse<AccessAssignment>>('/api/role-assignments')).items,
  });

export const useUserGroups = () =>
  useQuery({
    queryKey: [...queryKeys.access, 'groups'],
    queryFn: async () => (await api.get<ListResponse<UserGroup>>('/api/user-groups')).items,
  });

function useAccessMutation<V, R>(fn: (variables: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.access }),
  });
}

export interface RoleInput {
  name: string;
  permissions: RolePermissions;
}

export const useSaveRole = () =>
  useAccessMutation(({ role, input }: { role: AccessRole | null; input: RoleInput }) =>
    role
      ? api.put<AccessRole>(`/api/roles/${role.id}`, input, { 'if-match': `"v${role.version}"` })
      : api.post<AccessRole>('/api/roles', input),
  );

export const useDeleteRole = () =>
  useAccessMutation((role: AccessRole) => api.delete(`/api/roles/${role.id}`));

export const useAssign = () =>
  useAccessMutation((input: Omit<AccessAssignment, 'id'>) =>
    api.post<AccessAssignment>('/api/role-assignments', input),
  );

export const useUnassign = () => useAccessMutation((id: string) => api.delete(`/api/role-assignments/${id}`));

export const useSaveGroup = () =>
  useAccessMutation(({ id, ...input }: { id: string | null; name: string; memberIds: string[] }) =>
    id ? api.put<UserGroup>(`/api/user-groups/${id}`, input) : api.post<UserGroup>('/api/user-groups', input),
  );

export const useDeleteGroup = () => useAccessMutation((id: string) => api.delete(`/api/user-groups/${id}`));
