// reference-lists — owns the account's reference lists (CORE-5): sources, contact types, company types,
// industries, loss reasons; filled with defaults when an account is created. Emits
// reference_item.created|updated|archived, reference_list.reordered. Consumes no events.
import type { Db } from '../../platform/db/index.js';
import type { EventBus } from '../../platform/events/index.js';
import type { App } from '../../platform/http/index.js';
import { createReferenceListsRepository } from './reference-lists.repository.js';
import { registerReferenceListsRoutes } from './reference-lists.routes.js';
import { createReferenceListsService } from './reference-lists.service.js';

export type { ReferenceListsService } from './reference-lists.service.js';

export function createReferenceListsModule(deps: { db: Db; events: EventBus }) {
  const service = createReferenceListsService({
    db: deps.db,
    repo: createReferenceListsRepository(),
    events: deps.events,
  });
  return { service, registerRoutes: (app: App) => registerReferenceListsRoutes(app, service) };
}
