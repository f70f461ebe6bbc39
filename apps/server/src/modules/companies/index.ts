// companies — owns companies (CORE-4: organisations with an INN, type and industry from the reference lists,
// typed phones, e-mails, sites, messengers, custom fields; search; sorted keyset lists), their channels, and
// the many-to-many links between contacts and companies (contact_companies), which it hands to the contacts
// module (`links`). Emits company.created|updated|deleted, and contact.updated when a company's body changes
// a contact's links. Consumes no events. Uses the contacts module's channel rules, list sorting and
// reference-list check, and the custom-fields module's record values. `service.create(actor, body, trx?)`
// runs inside a caller's transaction when one is given (lead conversion).
import type { Db } from '../../platform/db/index.js';
import type { EventBus } from '../../platform/events/index.js';
import type { App } from '../../platform/http/index.js';
import type { RecordFieldValues } from '../custom-fields/index.js';
import { createCompaniesRepository } from './companies.repository.js';
import { registerCompaniesRoutes } from './companies.routes.js';
import { createCompaniesService } from './companies.service.js';
import { createCompanyLinks } from './company-links.js';

export type { CompaniesService } from './companies.service.js';
export type { CompanyLinksService } from './company-links.js';
export { COMPANY_MERGE_FIELDS } from './companies.service.js';
export { innProblem } from './inn.js';

export function createCompaniesModule(deps: { db: Db; events: EventBus; fieldValues: RecordFieldValues }) {
  const repo = createCompaniesRepository();
  const links = createCompanyLinks({ repo, events: deps.events });
  const service = createCompaniesService({
    db: deps.db,
    repo,
    events: deps.events,
    links,
    fieldValues: deps.fieldValues,
  });
  return { service, links, registerRoutes: (app: App) => registerCompaniesRoutes(app, service) };
}
