// contacts — owns contacts (CORE-4: people with typed phones, e-mails, sites, messengers; a contact type;
// custom fields; search; sorted keyset lists) and their channels. Emits contact.created|updated|deleted.
// Consumes no events. Uses the companies module's links (handed in by app.ts: contact ↔ company is owned
// there) and the custom-fields module's record values. Shares with companies (and leads) the channel rules
// (channels.ts), the channel tables' persistence (channels.repository.ts: contact_channels, company_channels,
// lead_channels), the list order (list-order.ts) and the reference-list choice check. Services take an
// optional transaction (`create(actor, body, trx?)`) so lead conversion can create records in its own.
import type { Db } from '../../platform/db/index.js';
import type { EventBus } from '../../platform/events/index.js';
import type { App } from '../../platform/http/index.js';
import type { RecordFieldValues } from '../custom-fields/index.js';
import { createContactsRepository } from './contacts.repository.js';
import { registerContactsRoutes } from './contacts.routes.js';
import { createContactsService, type CompanyLinks } from './contacts.service.js';

export type { ContactsService, CompanyLinks, WriteOptions } from './contacts.service.js';
export { CONTACT_MERGE_FIELDS } from './contacts.service.js';
export {
  normalizePhone,
  normalizeEmail,
  phoneDigits,
  parseChannels,
  presentChannels,
  unionChannels,
  type ChannelKind,
  type ChannelValues,
  type ChannelsBody,
} from './channels.js';
export { createChannelsRepository, type ChannelRow, type ChannelTable } from './channels.repository.js';
export { listOrder, type OrderRefs } from './list-order.js';
export { storeChannels, storeCustomFields, type RecordStore } from './record-writes.js';
export { referenceItemErrors, type ReferenceChoice } from './reference-items.repository.js';

export function createContactsModule(deps: {
  db: Db;
  events: EventBus;
  links: CompanyLinks;
  fieldValues: RecordFieldValues;
}) {
  const service = createContactsService({
    db: deps.db,
    repo: createContactsRepository(),
    events: deps.events,
    links: deps.links,
    fieldValues: deps.fieldValues,
  });
  return { service, registerRoutes: (app: App) => registerContactsRoutes(app, service) };
}
