// Server state of Settings → Forms: the account's web forms (administrators write), their key rotation,
// and the response SLA of each pipeline. Events of forms and SLA policies refresh the `forms` root.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Form, FormField, SlaPolicy } from '@voronka/contracts';
import { api, type ListResponse } from '../../lib/api';
import { queryKeys } from '../../lib/queryKeys';

export interface FormInput {
  name: string;
  pipelineId: string;
  responsibleUserId: string;
  fields: FormField[];
  consent: { required: boolean; text: string };
  thankYouText: string;
  active: boolean;
}

export const formsQuery = {
  queryKey: queryKeys.forms,
  queryFn: async () => (await api.get<ListResponse<Form>>('/api/forms')).items,
};

export const useForms = () => useQuery(formsQuery);

export const useSlaPolicies = () =>
  useQuery({
    queryKey: queryKeys.slaPolicies,
    queryFn: async () => (await api.get<ListResponse<SlaPolicy>>('/api/intake/sla-policies')).items,
  });

function useFormsMutation<V, R>(fn: (variables: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.forms }),
  });
}

export const useCreateForm = () =>
  useFormsMutation((input: FormInput) => api.post<Form>('/api/forms', input));

export const useUpdateForm = () =>
  useFormsMutation(({ id, version, ...changes }: Partial<FormInput> & { id: string; version: number }) =>
    api.patch<Form>(`/api/forms/${id}`, changes, { 'if-match': `"v${String(version)}"` }),
  );

export const useDeleteForm = () => useFormsMutation((id: string) => api.delete(`/api/forms/${id}`));

export const useRotateFormKey = () =>
  useFormsMutation((id: string) => api.post<Form>(`/api/forms/${id}/rotate-key`));

export const useSaveSlaPolicy = () =>
  useFormsMutation(({ pipelineId, ...body }: SlaPolicy) =>
    api.put<SlaPolicy>(`/api/intake/sla-policies/${pipelineId}`, body),
  );
