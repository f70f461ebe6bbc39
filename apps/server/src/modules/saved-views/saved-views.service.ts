// Saved views (CORE-9): a user's own views and the account's shared ones. Rights: a private view is seen and
// changed by its owner only (anyone else gets 404, as for a missing one); sharing, and changing or deleting
// a shared view, is for administrators. Everyone may make any view they see their default of its entity.
// Changes need the current version (If-Match). Events carry no filter contents: a private view's details
// must not reach the account's other users through the realtime stream.
import type { z } from 'zod';
import type {
  createSavedViewBodySchema,
  SavedView,
  savedViewListQuerySchema,
  updateSavedViewBodySchema,
} from '@voronka/contracts';
import { isUniqueViolation, type Db } from '../../platform/db/index.js';
import type { EventBus } from '../../platform/events/index.js';
import { eventContextOf, type Actor } from '../../platform/http/index.js';
import { conflict, forbidden, invalidField, invalidFields, notFound } from '../../platform/errors.js';
import type { SavedViewRow, SavedViewsRepository, SavedViewValues } from './saved-views.repository.js';
import { viewErrors } from './view-rules.js';

type CreateBody = z.output<typeof createSavedViewBodySchema>;
type UpdateBody = z.output<typeof updateSavedViewBodySchema>;
type ListQuery = z.output<typeof savedViewListQuerySchema>;

const isVisible = (row: SavedViewRow, actor: Actor) => row.shared || row.owner_user_id === actor.userId;
const mayEdit = (row: SavedViewRow, actor: Actor) =>
  row.shared ? actor.role === 'admin' : row.owner_user_id === actor.userId;

const present = (row: SavedViewRow, actor: Actor, isDefault: boolean): SavedView => ({
  id: row.id,
  entity: row.entity,
  name: row.name,
  filter: row.filter,
  sort: row.sort,
  columns: row.columns,
  mode: row.mode,
  shared: row.shared,
  ownerUserId: row.owner_user_id,
  isDefault,
  canEdit: mayEdit(row, actor),
  version: row.version,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const valuesOf = (v: SavedViewValues): SavedViewValues => ({
  name: v.name,
  filter: v.filter,
  sort: v.sort,
  columns: v.columns,
  mode: v.mode,
  shared: v.shared,
});

const nameTaken = (error: unknown): never => {
  if (isUniqueViolation(error))
    throw invalidField('body.name', 'You already have a view with this name', 'duplicate_name');
  throw error;
};

const checked = (row: Pick<SavedViewRow, 'entity'>, values: SavedViewValues) => {
  const errors = viewErrors({ entity: row.entity, ...values });
  if (errors.length > 0) throw invalidFields(errors);
};

const onlyAdminsShare = (actor: Actor) => {
  if (actor.role !== 'admin') throw forbidden('Only an administrator may share a view with the account');
};

export function createSavedViewsService({
  db,
  repo,
  events,
}: {
  db: Db;
  repo: SavedViewsRepository;
  events: EventBus;
}) {
  /** The view if the actor may see it; else 404, like a missing one. */
  const visibleRow = async (trx: Db, actor: Actor, id: string, lock = false) => {
    const row = await (lock ? repo.lock : repo.find)(trx, actor.accountId, id);
    if (!row || !isVisible(row, actor)) throw notFound('View');
    return row;
  };
  const isDefault = async (trx: Db, actor: Actor, id: string) =>
    (await repo.defaultsOf(trx, actor.accountId, actor.userId)).has(id);

  return {
    create: (actor: Actor, body: CreateBody) =>
      db.transaction().execute(async (trx) => {
        if (body.shared) onlyAdminsShare(actor);
        const values = valuesOf(body);
        checked(body, values);
        const row = await repo
          .insert(trx, actor.accountId, actor.userId, body.entity, values)
          .catch(nameTaken);
        await events.record(trx, eventContextOf(actor), {
          type: 'saved_view.created',
          entity: 'saved_view',
          entityId: row.id,
          payload: { entity: row.entity, shared: row.shared },
        });
        return present(row, actor, false);
      }),

    async get(actor: Actor, id: string) {
      const row = await visibleRow(db, actor, id);
      return present(row, actor, await isDefault(db, actor, id));
    },

    async list(actor: Actor, query: ListQuery) {
      const [rows, defaults] = await Promise.all([
        repo.visible(db, actor.accountId, actor.userId, query.entity),
        repo.defaultsOf(db, actor.accountId, actor.userId),
      ]);
      return { items: rows.map((row) => present(row, actor, defaults.has(row.id))) };
    },

    update: (actor: Actor, id: string, body: UpdateBody, ifMatch: number | undefined) =>
      db.transaction().execute(async (trx) => {
        const row = await visibleRow(trx, actor, id, true);
        if (!mayEdit(row, actor)) throw forbidden('Only an administrator may change a shared view');
        if (body.shared !== undefined && body.shared !== row.shared) onlyAdminsShare(actor);
        if (ifMatch !== undefined && ifMatch !== row.version)
          throw conflict('stale_version', 'The view was changed by someone else; reload it and try again');
        // Zod leaves keys that were not sent out of the body, so spreading it changes only what was sent.
        const values = valuesOf({ ...valuesOf(row), ...body });
        checked(row, values);
        if (JSON.stringify(values) === JSON.stringify(valuesOf(row)))
          return present(row, actor, await isDefault(trx, actor, id));
        const after = await repo.update(trx, actor.accountId, id, values).catch(nameTaken);
        if (row.shared && !after.shared)
          await repo.clearOthersDefaults(trx, actor.accountId, id, row.owner_user_id);
        await events.record(trx, eventContextOf(actor), {
          type: 'saved_view.updated',
          entity: 'saved_view',
          entityId: id,
          payload: { entity: after.entity, shared: after.shared },
        });
        return present(after, actor, await isDefault(trx, actor, id));
      }),

    remove: (actor: Actor, id: string, ifMatch: number | undefined) =>
      db.transaction().execute(async (trx) => {
        const row = await visibleRow(trx, actor, id, true);
        if (!mayEdit(row, actor)) throw forbidden('Only an administrator may delete a shared view');
        if (ifMatch !== undefined && ifMatch !== row.version)
          throw conflict('stale_version', 'The view was changed by someone else; reload it and try again');
        await repo.delete(trx, actor.accountId, id);
        await events.record(trx, eventContextOf(actor), {
          type: 'saved_view.deleted',
          entity: 'saved_view',
          entityId: id,
          payload: { entity: row.entity, shared: row.shared },
        });
      }),

    /** Makes a view the actor's default of its entity (replacing the previous default). */
    makeDefault: (actor: Actor, id: string) =>
      db.transaction().execute(async (trx) => {
        const row = await visibleRow(trx, actor, id);
        await repo.setDefault(trx, actor.accountId, actor.userId, row.entity, id);
        await events.record(trx, eventContextOf(actor), {
          type: 'saved_view.default_changed',
          entity: 'saved_view',
          entityId: id,
          payload: { entity: row.entity, isDefault: true },
        });
        return present(row, actor, true);
      }),

    /** The entity has no default view for the actor any more (when this one was it). */
    clearDefault: (actor: Actor, id: string) =>
      db.transaction().execute(async (trx) => {
        const row = await visibleRow(trx, actor, id);
        if (await repo.clearDefault(trx, actor.accountId, actor.userId, id))
          await events.record(trx, eventContextOf(actor), {
            type: 'saved_view.default_changed',
            entity: 'saved_view',
            entityId: id,
            payload: { entity: row.entity, isDefault: false },
          });
      }),
  };
}
export type SavedViewsService = ReturnType<typeof createSavedViewsService>;
