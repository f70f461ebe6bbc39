// custom-fields — owns the account's custom field definitions (CORE-6), validated by the registry in
// packages/contracts, and their values on records (`values`, record-values.ts): deals, leads, contacts and
// companies call it in their write transactions, and use its filter and sort expressions in their lists.
// Emits custom_field.created|updated|deleted. Consumes no events. Uses the pipelines module to check the
// pipelines and stages a definition names, and contacts' phone rule for phone values.
import type { Pipeline } from '@voronka/contracts';
import type { Db } from '../../platform/db/index.js';
import type { EventBus } from '../../platform/events/index.js';
import type { Actor, App } from '../../platform/http/index.js';
import { createCustomFieldsRepository } from './custom-fields.repository.js';
import { registerCustomFieldsRoutes } from './custom-fields.routes.js';
import { createCustomFieldsService } from './custom-fields.service.js';
import { createRecordValues } from './record-values.js';

export type { CustomFieldsService } from './custom-fields.service.js';
export type { RecordFieldValues, WriteValuesArgs } from './record-values.js';

export function createCustomFieldsModule(deps: {
  db: Db;
  events: EventBus;
  pipelinesOf: (actor: Actor) => Promise<Pipeline[]>;
}) {
  const values = createRecordValues(deps.db);
  const service = createCustomFieldsService({
    db: deps.db,
    repo: createCustomFieldsRepository(),
    events: deps.events,
    pipelinesOf: deps.pipelinesOf,
    values,
  });
  return { service, values, registerRoutes: (app: App) => registerCustomFieldsRoutes(app, service) };
}
