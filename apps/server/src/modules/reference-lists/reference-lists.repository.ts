import type { ReferenceListName } from '@voronka/contracts';
import type { Db } from '../../platform/db/index.js';

export function createReferenceListsRepository() {
  return {
    list: (db: Db, accountId: string, list: ReferenceListName | undefined, includeArchived: boolean) => {
      let query = db.selectFrom('reference_list_items').selectAll().where('account_id', '=', accountId);
      if (list) query = query.where('list', '=', list);
      if (!includeArchived) query = query.where('archived_at', 'is', null);
      return query.orderBy('list').orderBy('position').orderBy('created_at').execute();
    },
    find: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('reference_list_items')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst(),
    insert: (
      db: Db,
      accountId: string,
      items: { list: ReferenceListName; name: string; position: number }[],
    ) =>
      db
        .insertInto('reference_list_items')
        .values(items.map((i) => ({ account_id: accountId, ...i })))
        .returningAll()
        .execute(),
    nextPosition: async (db: Db, accountId: string, list: ReferenceListName) => {
      const row = await db
        .selectFrom('reference_list_items')
        .select((eb) => eb.fn.max('position').as('max'))
        .where('account_id', '=', accountId)
        .where('list', '=', list)
        .executeTakeFirst();
      return row?.max == null ? 0 : row.max + 1;
    },
    delete: (db: Db, accountId: string, id: string) =>
      db
        .deleteFrom('reference_list_items')
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .execute(),
    update: (
      db: Db,
      accountId: string,
      id: string,
      values: Partial<{ name: string; position: number; archived_at: Date }>,
    ) =>
      db
        .updateTable('reference_list_items')
        .set({ ...values, updated_at: new Date() })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow(),
  };
}
export type ReferenceListsRepository = ReturnType<typeof createReferenceListsRepository>;
