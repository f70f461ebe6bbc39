// saved-views — owns saved views (saved_views) and each user's default view per entity
// (saved_view_defaults): the filters, sort, visible columns and (deals) mode of the deals, leads, contacts
// and companies lists (CORE-9 "saved filters"). A view's filter is validated against the entity's list query
// schema from the contracts, so it holds exactly what that list API takes. Emits
// saved_view.created|updated|deleted|default_changed (no filter contents). Consumes no events.
import type { Db } from '../../platform/db/index.js';
import type { EventBus } from '../../platform/events/index.js';
import type { App } from '../../platform/http/index.js';
import { createSavedViewsRepository } from './saved-views.repository.js';
import { registerSavedViewsRoutes } from './saved-views.routes.js';
import { createSavedViewsService } from './saved-views.service.js';

export type { SavedViewsService } from './saved-views.service.js';

export function createSavedViewsModule(deps: { db: Db; events: EventBus }) {
  const service = createSavedViewsService({
    db: deps.db,
    repo: createSavedViewsRepository(),
    events: deps.events,
  });
  return { service, registerRoutes: (app: App) => registerSavedViewsRoutes(app, service) };
}
