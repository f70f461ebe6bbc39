// Which group of the Tasks page a task falls in, by the account's calendar days.
import type { Task } from '@voronka/contracts';
import { addDays, dayInZone } from './zonedTime';

export const TASK_GROUPS = ['overdue', 'today', 'tomorrow', 'later'] as const;
export type TaskGroup = (typeof TASK_GROUPS)[number];

type Deadline = Pick<Task, 'deadline' | 'allDay' | 'deadlineDate'>;

/** The day a task is due: its own day for all-day tasks, else the deadline's day in the zone. */
export function taskDay(task: Deadline, timeZone: string): string {
  return task.allDay && task.deadlineDate !== null ? task.deadlineDate : dayInZone(task.deadline, timeZone);
}

/** Overdue once its deadline has passed (all-day tasks: at the end of their day), else by its day. */
export function taskGroup(task: Deadline, now: Date, timeZone: string): TaskGroup {
  if (Date.parse(task.deadline) < now.getTime()) return 'overdue';
  const today = dayInZone(now, timeZone);
  const day = taskDay(task, timeZone);
  if (day <= today) return 'today';
  if (day === addDays(today, 1)) return 'tomorrow';
  return 'later';
}

/** The tasks by group, each group in the order given (the API's: earliest deadline first). */
export function groupTasks<T extends Deadline>(
  tasks: readonly T[],
  now: Date,
  timeZone: string,
): Record<TaskGroup, T[]> {
  const groups: Record<TaskGroup, T[]> = { overdue: [], today: [], tomorrow: [], later: [] };
  for (const task of tasks) groups[taskGroup(task, now, timeZone)].push(task);
  return groups;
}
