// merges — owns merges of duplicate contacts and companies and their undo (CORE-4), in record_merges. A merge
// moves every reference to the merged-away records (references.ts: deals, deal contacts, leads, tasks,
// timeline entries, contact ↔ company links, crm_link custom-field values) to the kept record in one
// transaction, and keeps what undo needs. Emits contact|company.merged, .merge_undone, .deleted (each
// merged-away record) and .restored (each one brought back). Consumes no events. Uses the contacts and
// companies modules' `merging` entry points for their own records.
import type { Db } from '../../platform/db/index.js';
import type { EventBus } from '../../platform/events/index.js';
import type { App } from '../../platform/http/index.js';
import type { CompaniesService } from '../companies/index.js';
import type { ContactsService } from '../contacts/index.js';
import { createMergesRepository } from './merges.repository.js';
import { registerMergesRoutes } from './merges.routes.js';
import { createMergesService } from './merges.service.js';

export type { MergesService } from './merges.service.js';
export { handledReferences } from './references.js';

export function createMergesModule(deps: {
  db: Db;
  events: EventBus;
  contacts: ContactsService;
  companies: CompaniesService;
}) {
  const service = createMergesService({
    db: deps.db,
    repo: createMergesRepository(),
    events: deps.events,
    contacts: deps.contacts,
    companies: deps.companies,
  });
  return { service, registerRoutes: (app: App) => registerMergesRoutes(app, service) };
}
