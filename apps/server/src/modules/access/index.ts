// access — access rights (ADR 0018): roles as a matrix of entity × operation × level with per-stage overrides,
// their assignments (users, departments with or without sub-departments, groups, everyone), user groups; and the
// one enforcement point: `service.access(actor)` (effective rights and scope), `decide` for one record and
// `visibility` + `visibilitySql` for many. Emits no events.
// `ReadableRecords` is how modules that keep things ON a record (timeline entries, files, tasks, history,
// intake requests) ask whether the actor may read that record: the composition root answers per entity with
// the owning module's one filter (deals: `deals.service.readable`), so a hidden record is absent there too.
import type { Db } from '../../platform/db/index.js';
import type { Actor, App } from '../../platform/http/index.js';
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

/**
 * Of these ids of records of `entity` (deal, timeline, file…), those the actor may read: existing ones the rights
 * let through; for an actor the rights do not bind (administrators, background work), every id given; for an
 * entity whose rights are not enforced yet, every id given too.
 */
export interface ReadableRecords {
  readable(actor: Actor, entity: string, ids: readonly string[], trx?: Db): Promise<Set<string>>;
}

export function createAccessModule(deps: { db: Db }) {
  const service = createAccessService({
    db: deps.db,
    repo: createAccessRepository(),
  });
  return { service, registerRoutes: (app: App) => registerAccessRoutes(app, service) };
}
