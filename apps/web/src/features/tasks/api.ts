// Server state of tasks: the open tasks of the Tasks page and the writes on a task. Every write refreshes
// task lists, the record feeds (tasks show there) and the deals (their next-task markers).
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { Task, TaskEntity, TaskType } from '@voronka/contracts';
import { api, request } from '../../lib/api';
import { queryKeys } from '../../lib/queryKeys';

export interface TaskFilters {
  /** A user's tasks, or everyone's (null). */
  responsibleUserId: string | null;
  type: TaskType | null;
}

const PAGE = 200;

interface TaskPage {
  items: Task[];
  nextCursor: string | null;
}

/** Open tasks (overdue ones included), earliest deadline first. */
export function useOpenTasks(filters: TaskFilters) {
  return useInfiniteQuery({
    queryKey: queryKeys.taskList(JSON.stringify(filters)),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const params = new URLSearchParams({ state: 'open', limit: String(PAGE) });
      if (filters.responsibleUserId !== null) params.set('responsibleUserId', filters.responsibleUserId);
      if (filters.type !== null) params.set('type', filters.type);
      if (pageParam !== null) params.set('cursor', pageParam);
      return api.get<TaskPage>(`/api/tasks?${params.toString()}`);
    },
    getNextPageParam: (last) => last.nextCursor,
  });
}

export interface NewTask {
  type: TaskType;
  text: string;
  /** A moment with its offset, or a whole day (YYYY-MM-DD). */
  deadline: string;
  responsibleUserId: string;
  entity?: TaskEntity;
  entityId?: string;
}

function useRefreshAfterTaskWrite() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all(
      [queryKeys.tasks, queryKeys.timeline, queryKeys.deals].map((queryKey) =>
        queryClient.invalidateQueries({ queryKey }),
      ),
    );
}

export function useCreateTask() {
  const refresh = useRefreshAfterTaskWrite();
  return useMutation({
    mutationFn: (task: NewTask) => api.post<Task>('/api/tasks', task),
    onSuccess: refresh,
  });
}

export function useCompleteTask() {
  const refresh = useRefreshAfterTaskWrite();
  return useMutation({
    mutationFn: ({ task, result }: { task: Task; result: string }) =>
      request<Task>('POST', `/api/tasks/${task.id}/complete`, result.trim() === '' ? {} : { result }, {
        'if-match': `"v${task.version}"`,
      }),
    onSuccess: refresh,
  });
}
