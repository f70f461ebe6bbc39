// TanStack Query keys, one root per server collection so realtime events can invalidate by root.
export const queryKeys = {
  // Saved views of the lists (features/views), one query per entity under this root.
  savedViews: ['saved-views'] as const,
  me: ['me'] as const,
  account: ['account'] as const,
  users: ['users'] as const,
  // Access rights (features/access): the caller's own rights, roles, assignments, groups.
  access: ['access'] as const,
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
  // A deal's copy links (the original, the copies), under the deals root: a new deal refreshes them.
  dealCopyLinks: (id: string) => ['deals', 'card', id, 'copy-links'] as const,
  dealCopyPresets: ['deal-copy-presets'] as const,
  // A record's timeline feed (entries, tasks and history), one per record.
  timeline: ['timeline'] as const,
  timelineFeed: (entity: string, entityId: string) => ['timeline', entity, entityId] as const,
  // Task lists (the Tasks page).
  tasks: ['tasks'] as const,
  taskList: (filters: string) => ['tasks', 'list', filters] as const,
  // Contacts and companies: lists, cards and their duplicates under one root each; the deals linked to a
  // contact or a company live under the deals root, so deal events refresh them.
  contacts: ['contacts'] as const,
  contactsList: (filters: string) => ['contacts', 'list', filters] as const,
  contact: (id: string) => ['contacts', 'card', id] as const,
  contactDuplicates: (id: string) => ['contacts', 'card', id, 'duplicates'] as const,
  contactCustomFields: ['custom-fields', 'contact'] as const,
  companies: ['companies'] as const,
  companiesList: (filters: string) => ['companies', 'list', filters] as const,
  company: (id: string) => ['companies', 'card', id] as const,
  companyDuplicates: (id: string) => ['companies', 'card', id, 'duplicates'] as const,
  companyCustomFields: ['custom-fields', 'company'] as const,
  linkedDeals: (entity: string, id: string) => ['deals', 'linked', entity, id] as const,
  // Merges of duplicates (what a merged-away record's address explains).
  merges: ['merges'] as const,
  mergeOf: (entity: string, sourceId: string) => ['merges', 'of', entity, sourceId] as const,
  // Leads: every lead query lives under this root (list, card, calendar), so a lead event refreshes them.
  leads: ['leads'] as const,
  leadsList: (filters: string) => ['leads', 'list', filters] as const,
  lead: (id: string) => ['leads', 'card', id] as const,
  leadHistory: (id: string) => ['leads', 'card', id, 'history'] as const,
  leadStatuses: ['lead-statuses'] as const,
  leadCustomFields: ['custom-fields', 'lead'] as const,
  // Calendar views of deals and leads (under their roots, so their events refresh them too).
  dealsCalendar: (range: string) => ['deals', 'calendar', range] as const,
  leadsCalendar: (range: string) => ['leads', 'calendar', range] as const,
  // Migrations from amoCRM (features/imports): connections, runs, their logs and reports under one root.
  imports: ['imports'] as const,
  // Outbound webhooks (features/webhooks) and each one's delivery log under one root.
  webhooks: ['webhooks'] as const,
  webhookDeliveries: (id: string) => ['webhooks', id, 'deliveries'] as const,
  // The Unsorted inbox (features/inbox): its pages, a pipeline's running SLA deadlines (the kanban's
  // countdowns), a deal's requests and the SLA report of a period, under one root refreshed by request
  // and deal events.
  inbox: ['inbox'] as const,
  inboxList: (filters: string) => ['inbox', 'list', filters] as const,
  inboxDeadlines: (pipelineId: string) => ['inbox', 'deadlines', pipelineId] as const,
  inboxSlaReport: (from: string | null, to: string | null) => ['inbox', 'sla-report', from, to] as const,
  dealRequests: (dealId: string) => ['inbox', 'deal', dealId] as const,
  // Web forms and the pipelines' response SLA (features/forms).
  forms: ['forms'] as const,
  slaPolicies: ['forms', 'sla-policies'] as const,
  // How each entity's card arranges its fields (features/cardLayout), one query per entity.
  cardLayouts: ['card-layouts'] as const,
  cardLayout: (entity: string) => ['card-layouts', entity] as const,
};

export type QueryRoot =
  | 'savedViews'
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
  | 'tasks'
  | 'leads'
  | 'leadStatuses'
  | 'leadCustomFields'
  | 'contacts'
  | 'companies'
  | 'contactCustomFields'
  | 'companyCustomFields'
  | 'merges'
  | 'imports'
  | 'cardLayouts'
  | 'webhooks'
  | 'inbox'
  | 'forms';

/**
 * Which cached collections a domain event may have changed, from its entity (`user`,
 * `department`, …) — the part of the event type before the first dot.
 */
export function queriesForEvent(type: string, entity?: string): QueryRoot[] {
  // A pipeline's response SLA: an event of the pipeline entity, read by Settings → Forms and the inbox.
  if (type === 'sla_policy.updated') return ['forms', 'inbox'];
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
    case 'webhook':
      // Turned off by a 410 Gone, or changed by another administrator.
      return ['webhooks'];
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
      // A record's feed shows its change history; a stage move takes a request out of the inbox (the
      // inbox's accept / decline / link are deal events too).
      return ['deals', 'timeline', 'inbox'];
    case 'intake_request':
      // A submission makes a deal in Unsorted (or joins one) with a note on its timeline; a missed SLA
      // may reassign it.
      return ['inbox', 'deals', 'timeline'];
    case 'form':
      return ['forms'];
    case 'task':
      // A deal's next task date and its "no task planned" / overdue markers come from its tasks;
      // the record's feed shows tasks created and completed.
      return ['deals', 'tasks', 'timeline', 'leads'];
    case 'lead':
      // A conversion creates a deal and moves the lead's feed to it.
      return ['leads', 'timeline', 'deals'];
    case 'lead_status':
      // Deleting a status moves its leads to another one.
      return ['leadStatuses', 'leads'];
    case 'contact':
    case 'company':
      // Links show on both sides; deal cards and lists name their contacts and company; a merge moves
      // deals, tasks and timeline entries.
      return ['contacts', 'companies', 'deals', 'leads', 'tasks', 'timeline', 'merges'];
    case 'timeline':
      return ['timeline'];
    case 'saved_view':
      return ['savedViews'];
    case 'custom_field':
      return ['dealCustomFields', 'leadCustomFields', 'contactCustomFields', 'companyCustomFields'];
    case 'card_layout':
      return ['cardLayouts'];
    case 'import_run':
    case 'import_connection':
      return ['imports'];
    default:
      return [];
  }
}
