// access — access rights (ADR 0018): roles as a matrix of entity × operation × level with per-stage overrides,
// their assignments (users, departments with or without sub-departments, groups, everyone), user groups; and the
// one enforcement point: `service.access(actor)` (effective rights and scope), `decide` for one record and
// `visibility` + `visibilitySql` for many. Emits no events.
import type { Db } from '../../platform/db/index.js';
import type { App } from '../../platform/http/index.js';
import { createAccessRepository } from './access.repository.js';
import { registerAccessRoutes } from './access.routes.js';
import { createAccessService } from './access.service.js';

export {
  decide,
  levelAt,
  visibility,
  type RecordFacts,
  type Rights,
  type Scope,
  type Visibility,
} from './access-policy.js';
export { visibilitySql, type VisibilityColumns } from './visibility-sql.js';
export type { AccessService, UserAccess } from './access.service.js';

export function createAccessModule(deps: { db: Db }) {
  const service = createAccessService({
    db: deps.db,
    repo: createAccessRepository(),
  });
  return { service, registerRoutes: (app: App) => registerAccessRoutes(app, service) };
}
