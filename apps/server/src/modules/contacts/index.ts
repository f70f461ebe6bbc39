// contacts — owns contacts (CORE-4: people with typed phones, e-mails, sites, messengers; search; keyset
// lists). Emits contact.created|updated|deleted. Consumes no events. Companies, links between contacts
// and companies and duplicate merging build on it.
import type { Db } from '../../platform/db/index.js';
import type { EventBus } from '../../platform/events/index.js';
import type { App } from '../../platform/http/index.js';
import { createContactsRepository } from './contacts.repository.js';
import { registerContactsRoutes } from './contacts.routes.js';
import { createContactsService } from './contacts.service.js';

export type { ContactsService } from './contacts.service.js';
export { normalizePhone, normalizeEmail } from './channels.js';

export function createContactsModule(deps: { db: Db; events: EventBus }) {
  const service = createContactsService({
    db: deps.db,
    repo: createContactsRepository(),
    events: deps.events,
  });
  return { service, registerRoutes: (app: App) => registerContactsRoutes(app, service) };
}
