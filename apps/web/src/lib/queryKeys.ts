// TanStack Query keys, one root per server collection so realtime events can invalidate by root.
export const queryKeys = {
  me: ['me'] as const,
  account: ['account'] as const,
  users: ['users'] as const,
  invitations: ['invitations'] as const,
  invitationPreview: (token: string) => ['invitation-preview', token] as const,
  departments: ['departments'] as const,
  tokens: ['tokens'] as const,
  pipelines: ['pipelines'] as const,
  referenceLists: ['reference-lists'] as const,
  referenceList: (list: string, includeArchived: boolean) =>
    ['reference-lists', list, includeArchived] as const,
  workingHours: ['working-hours'] as const,
  productionCalendar: (year: number) => ['production-calendar', year] as const,
  // Deals: every deal query lives under this root, so one deal or task event refreshes them all.
  deals: ['deals'] as const,
  dealsKanban: (pipelineId: string, filters: string) => ['deals', 'kanban', pipelineId, filters] as const,
  dealsList: (filters: string, sort: string, order: string) =>
    ['deals', 'list', filters, sort, order] as const,
  dealCustomFields: ['custom-fields', 'deal'] as const,
  // The deal card (under the deals root, so deal and task events refresh it too).
  deal: (id: string) => ['deals', 'card', id] as const,
  dealItems: (id: string) => ['deals', 'card', id, 'items'] as const,
  // A record's timeline feed (entries, tasks and history), one per record.
  timeline: ['timeline'] as const,
  timelineFeed: (entity: string, entityId: string) => ['timeline', entity, entityId] as const,
  // Task lists (the Tasks page).
  tasks: ['tasks'] as const,
  taskList: (filters: string) => ['tasks', 'list', filters] as const,
};

export type QueryRoot =
  | 'me'
  | 'account'
  | 'users'
  | 'invitations'
  | 'departments'
  | 'tokens'
  | 'pipelines'
  | 'referenceLists'
  | 'workingHours'
  | 'deals'
  | 'dealCustomFields'
  | 'timeline'
  | 'tasks';

/**
 * Which cached collections a domain event may have changed, from its entity (`user`,
 * `department`, …) — the part of the event type before the first dot.
 */
export function queriesForEvent(type: string, entity?: string): QueryRoot[] {
  const root = entity ?? type.split('.')[0] ?? '';
  switch (root) {
    case 'user':
    case 'membership':
      return ['users', 'me'];
    case 'department':
      // Deleting a department detaches its users.
      return ['departments', 'users'];
    case 'invitation':
      // An accepted invitation adds a user.
      return ['invitations', 'users'];
    case 'api_token':
      return ['tokens'];
    case 'account':
      // Its settings, its name in the account switcher, and its time zone in the working hours.
      return ['account', 'me', 'workingHours'];
    case 'identity':
      return ['me'];
    case 'pipeline':
    case 'stage':
      return ['pipelines'];
    case 'reference_item':
    case 'reference_list':
      return ['referenceLists'];
    case 'working_hours':
      return ['workingHours'];
    case 'deal':
      // A record's feed shows its change history.
      return ['deals', 'timeline'];
    case 'task':
      // A deal's next task date and its "no task planned" / overdue markers come from its tasks;
      // the record's feed shows tasks created and completed.
      return ['deals', 'tasks', 'timeline'];
    case 'timeline':
      return ['timeline'];
    case 'custom_field':
      return ['dealCustomFields'];
    default:
      return [];
  }
}
