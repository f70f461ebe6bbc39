// custom-fields — owns the account's custom field definitions (CORE-6), validated by the registry in
// packages/contracts. Emits custom_field.created|updated|deleted. Consumes no events. Uses the pipelines
// module to check the pipelines and stages a definition names.
import type { Pipeline } from '@voronka/contracts';
import type { Db } from '../../platform/db/index.js';
import type { EventBus } from '../../platform/events/index.js';
import type { Actor, App } from '../../platform/http/index.js';
import { createCustomFieldsRepository } from './custom-fields.repository.js';
import { registerCustomFieldsRoutes } from './custom-fields.routes.js';
import { createCustomFieldsService } from './custom-fields.service.js';

export type { CustomFieldsService } from './custom-fields.service.js';

export function createCustomFieldsModule(deps: {
  db: Db;
  events: EventBus;
  pipelinesOf: (actor: Actor) => Promise<Pipeline[]>;
}) {
  const service = createCustomFieldsService({
    db: deps.db,
    repo: createCustomFieldsRepository(),
    events: deps.events,
    pipelinesOf: deps.pipelinesOf,
  });
  return { service, registerRoutes: (app: App) => registerCustomFieldsRoutes(app, service) };
}
