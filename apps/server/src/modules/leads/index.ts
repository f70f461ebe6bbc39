// leads — owns lead statuses (open ones in the account's order, then exactly one Converted and one Junk),
// leads with their channels (lead_channels) and their conversion into a deal, a contact and / or a company
// (CORE-2, Bitrix24 manual ch. 1, 3 and 11). Every new account gets the default statuses in its language
// (`statuses.createDefaults`, from the account set-up hook).
//
// Emits lead.created|updated|deleted|converted and lead_status.created|updated|reordered|deleted (the history
// module turns them into the records' change history). Consumes no events.
//
// Uses: contacts (phone / e-mail normalization; `service.create` / `get` in conversion), companies and deals
// (`service.create` inside the conversion's transaction, `get`), custom-fields (`values` for the leads'
// custom fields; field definitions to carry values by code), the contacts module's reference-list check (a
// source is a live item of `sources`), accounts (currency and the `leadsEnabled` setting). Reads the tasks table for `nextTaskAt` / `noTaskPlanned`; until
// the tasks and timeline modules offer a move of their own, conversion moves the lead's open tasks and its
// timeline entries itself (leads.repository.ts), in its transaction.
//
// CRM without leads (CORE-2): with `accounts.leads_enabled` off, POST /api/leads and conversion answer 409
// `leads_disabled`; old leads stay readable and editable. Intake (issue 8: forms, mail, messengers, calls)
// must then create deals in the pipeline's Unsorted stage instead of leads — it checks the same setting.
import type { Db } from '../../platform/db/index.js';
import type { EventBus } from '../../platform/events/index.js';
import type { Actor, App } from '../../platform/http/index.js';
import type { RecordFieldValues } from '../custom-fields/index.js';
import { createLeadConversionService, type ConversionTargets } from './conversion.service.js';
import { createLeadStatusesRepository } from './lead-statuses.repository.js';
import { createLeadStatusesService } from './lead-statuses.service.js';
import { registerLeadsRoutes } from './leads.routes.js';
import { createLeadsRepository } from './leads.repository.js';
import { createLeadsService, type LeadAccountSettings } from './leads.service.js';

export type { LeadStatusesService } from './lead-statuses.service.js';
export type { LeadsService, LeadAccountSettings } from './leads.service.js';
export type { LeadConversionService, ConversionTargets } from './conversion.service.js';

export function createLeadsModule(deps: {
  db: Db;
  events: EventBus;
  values: RecordFieldValues;
  accountOf: (actor: Actor) => Promise<LeadAccountSettings>;
  /** The modules conversion creates records through (contacts, companies, deals, custom fields). */
  conversionTargets: ConversionTargets;
}) {
  const repo = createLeadsRepository();
  const statusesRepo = createLeadStatusesRepository();
  const statuses = createLeadStatusesService({ db: deps.db, repo: statusesRepo, events: deps.events });
  const service = createLeadsService({
    db: deps.db,
    repo,
    statuses: statusesRepo,
    events: deps.events,
    values: deps.values,
    accountOf: deps.accountOf,
  });
  const conversion = createLeadConversionService({
    db: deps.db,
    repo,
    statuses: statusesRepo,
    events: deps.events,
    accountOf: deps.accountOf,
    targets: deps.conversionTargets,
  });
  return {
    service,
    statuses,
    conversion,
    registerRoutes: (app: App) => registerLeadsRoutes(app, { statuses, leads: service, conversion }),
  };
}
