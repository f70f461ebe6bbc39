import type { Selectable } from 'kysely';
import type { Db, SavedViewsTable } from '../../platform/db/index.js';

export type SavedViewRow = Selectable<SavedViewsTable>;
export type SavedViewValues = Pick<SavedViewRow, 'name' | 'filter' | 'sort' | 'columns' | 'mode' | 'shared'>;

const columns = [
  'id',
  'account_id',
  'owner_user_id',
  'entity',
  'name',
  'filter',
  'sort',
  'columns',
  'mode',
  'shared',
  'version',
  'created_at',
  'updated_at',
] as const;

// jsonb columns are written as JSON text (both drivers take it).
const stored = (v: SavedViewValues) => ({
  name: v.name,
  filter: JSON.stringify(v.filter),
  sort: v.sort === null ? null : JSON.stringify(v.sort),
  columns: JSON.stringify(v.columns),
  mode: v.mode,
  shared: v.shared,
});

export function createSavedViewsRepository() {
  return {
    insert: (
      db: Db,
      accountId: string,
      ownerUserId: string,
      entity: SavedViewRow['entity'],
      v: SavedViewValues,
    ) =>
      db
        .insertInto('saved_views')
        .values({ account_id: accountId, owner_user_id: ownerUserId, entity, ...stored(v) })
        .returning(columns)
        .executeTakeFirstOrThrow(),

    update: (db: Db, accountId: string, id: string, v: SavedViewValues) =>
      db
        .updateTable('saved_views')
        .set((eb) => ({ ...stored(v), version: eb('version', '+', 1), updated_at: new Date() }))
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .returning(columns)
        .executeTakeFirstOrThrow(),

    find: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('saved_views')
        .select(columns)
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst(),

    lock: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('saved_views')
        .select(columns)
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst(),

    delete: (db: Db, accountId: string, id: string) =>
      db.deleteFrom('saved_views').where('account_id', '=', accountId).where('id', '=', id).execute(),

    /** The user's own views and the account's shared ones: shared first, then by name. */
    visible: (db: Db, accountId: string, userId: string, entity: SavedViewRow['entity'] | undefined) => {
      let query = db
        .selectFrom('saved_views')
        .select(columns)
        .where('account_id', '=', accountId)
        .where((eb) => eb.or([eb('owner_user_id', '=', userId), eb('shared', '=', true)]));
      if (entity) query = query.where('entity', '=', entity);
      return query.orderBy('shared', 'desc').orderBy('name').orderBy('id').execute();
    },

    /** The ids of the user's default views (one per entity at most). */
    async defaultsOf(db: Db, accountId: string, userId: string): Promise<Set<string>> {
      const rows = await db
        .selectFrom('saved_view_defaults')
        .select('view_id')
        .where('account_id', '=', accountId)
        .where('user_id', '=', userId)
        .execute();
      return new Set(rows.map((r) => r.view_id));
    },

    /** Makes the view the user's default of its entity, replacing the previous one. */
    setDefault: (db: Db, accountId: string, userId: string, entity: string, viewId: string) =>
      db
        .insertInto('saved_view_defaults')
        .values({ account_id: accountId, user_id: userId, entity, view_id: viewId })
        .onConflict((oc) => oc.columns(['account_id', 'user_id', 'entity']).doUpdateSet({ view_id: viewId }))
        .execute(),

    /** Unsets the view as the user's default; true when it was. */
    async clearDefault(db: Db, accountId: string, userId: string, viewId: string) {
      const rows = await db
        .deleteFrom('saved_view_defaults')
        .where('account_id', '=', accountId)
        .where('user_id', '=', userId)
        .where('view_id', '=', viewId)
        .returning('view_id')
        .execute();
      return rows.length > 0;
    },

    /** A view no longer shared stops being anyone's default but its owner's. */
    clearOthersDefaults: (db: Db, accountId: string, viewId: string, ownerUserId: string) =>
      db
        .deleteFrom('saved_view_defaults')
        .where('account_id', '=', accountId)
        .where('view_id', '=', viewId)
        .where('user_id', '<>', ownerUserId)
        .execute(),
  };
}
export type SavedViewsRepository = ReturnType<typeof createSavedViewsRepository>;
