// departments — owns the department tree of an account. Emits department.created|updated|deleted.
// Consumes no events. `subtreeIds` is the rule the access-rights module will use for "sub-departments".
import type { Db } from '../../platform/db/index.js';
import type { EventBus } from '../../platform/events/index.js';
import type { App } from '../../platform/http/index.js';
import { createDepartmentsRepository } from './departments.repository.js';
import { registerDepartmentsRoutes } from './departments.routes.js';
import { createDepartmentsService } from './departments.service.js';

export { subtreeIds } from './department-tree.js';

export function createDepartmentsModule(deps: { db: Db; events: EventBus }) {
  const service = createDepartmentsService({
    db: deps.db,
    repo: createDepartmentsRepository(),
    events: deps.events,
  });
  return { service, registerRoutes: (app: App) => registerDepartmentsRoutes(app, service) };
}
