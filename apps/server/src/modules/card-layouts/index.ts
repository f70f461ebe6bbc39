// card-layouts — owns the account's card layouts (card_layouts, CORE-7 "configurable card sections"): the
// sections, their order and titles, and the hidden fields of the deal, lead, contact and company cards'
// fields panels, one layout per entity for the whole account, checked against the rules in the contracts.
// Emits card_layout.updated (payload: the entity). Consumes no events. Uses the custom-fields module's
// list of an entity's fields to check and clean the `cf:<id>` keys.
import type { Db } from '../../platform/db/index.js';
import type { EventBus } from '../../platform/events/index.js';
import type { App } from '../../platform/http/index.js';
import { createCardLayoutsRepository } from './card-layouts.repository.js';
import { registerCardLayoutsRoutes } from './card-layouts.routes.js';
import { createCardLayoutsService, type CustomFieldsOf } from './card-layouts.service.js';

export type { CardLayoutsService } from './card-layouts.service.js';

export function createCardLayoutsModule(deps: { db: Db; events: EventBus; customFieldsOf: CustomFieldsOf }) {
  const service = createCardLayoutsService({
    db: deps.db,
    repo: createCardLayoutsRepository(),
    events: deps.events,
    customFieldsOf: deps.customFieldsOf,
  });
  return { service, registerRoutes: (app: App) => registerCardLayoutsRoutes(app, service) };
}
