// Server state of robots and triggers (Settings → Automation; administrators change them) and of a deal's
// runs (the deal card). Runs are polled while the card is open: robots act in the background.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AutomationRule, AutomationRun, CreateAutomationRuleBody } from '@voronka/contracts';
import { api, type ListResponse } from '../../lib/api';

const RULES = ['automation', 'rules'] as const;

export const useAutomationRules = () =>
  useQuery({
    queryKey: RULES,
    queryFn: async () => (await api.get<ListResponse<AutomationRule>>('/api/automation/rules')).items,
  });

export const useDealRuns = (dealId: string) =>
  useQuery({
    queryKey: ['automation', 'runs', dealId],
    queryFn: async () =>
      (await api.get<ListResponse<AutomationRun>>(`/api/deals/${dealId}/automation-runs`)).items,
    refetchInterval: 3000,
  });

function useRuleMutation<V, R>(fn: (variables: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: RULES }),
  });
}

export const useCreateRule = () =>
  useRuleMutation((body: CreateAutomationRuleBody) =>
    api.post<AutomationRule>('/api/automation/rules', body),
  );

export const useUpdateRule = () =>
  useRuleMutation(({ id, ...changes }: { id: string } & Record<string, unknown>) =>
    api.patch<AutomationRule>(`/api/automation/rules/${id}`, changes),
  );

export const useDeleteRule = () => useRuleMutation((id: string) => api.delete(`/api/automation/rules/${id}`));
