// users — owns the people of an account: list, change (role, department, name), deactivate/activate.
// Emits user.updated, user.deactivated, user.activated. Consumes no events. (Creating users is the
// accounts module's: sign-up and invitations.)
import type { Db } from '../../platform/db/index.js';
import type { EventBus } from '../../platform/events/index.js';
import type { App } from '../../platform/http/index.js';
import { createUsersRepository } from './users.repository.js';
import { registerUsersRoutes } from './users.routes.js';
import { createUsersService } from './users.service.js';

export type { UsersService } from './users.service.js';

export function createUsersModule(deps: { db: Db; events: EventBus; onAccessChanged: () => void }) {
  const service = createUsersService({ ...deps, repo: createUsersRepository() });
  return { service, registerRoutes: (app: App) => registerUsersRoutes(app, service) };
}
