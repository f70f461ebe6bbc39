import type { CustomFieldEntity } from '@voronka/contracts';
import type { Db } from '../../platform/db/index.js';

export function createCustomFieldsRepository() {
  return {
    list: (db: Db, accountId: string, entity: CustomFieldEntity | undefined) => {
      let query = db.selectFrom('custom_fields').selectAll().where('account_id', '=', accountId);
      if (entity) query = query.where('entity', '=', entity);
      return query.orderBy('entity').orderBy('sort').orderBy('created_at').execute();
    },
    find: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('custom_fields')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst(),
    lock: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('custom_fields')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst(),
    insert: (
      db: Db,
      values: {
        id: string;
        accountId: string;
        entity: CustomFieldEntity;
        type: string;
        code: string | null;
        sort: number;
        definition: object;
      },
    ) =>
      db
        .insertInto('custom_fields')
        .values({
          id: values.id,
          account_id: values.accountId,
          entity: values.entity,
          type: values.type,
          code: values.code,
          sort: values.sort,
          definition: JSON.stringify(values.definition),
        })
        .returningAll()
        .executeTakeFirstOrThrow(),
    update: (
      db: Db,
      accountId: string,
      id: string,
      values: { code: string | null; sort: number; definition: object },
    ) =>
      db
        .updateTable('custom_fields')
        .set((eb) => ({
          code: values.code,
          sort: values.sort,
          definition: JSON.stringify(values.definition),
          version: eb('version', '+', 1),
          updated_at: new Date(),
        }))
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow(),
    delete: (db: Db, accountId: string, id: string) =>
      db.deleteFrom('custom_fields').where('account_id', '=', accountId).where('id', '=', id).execute(),
  };
}
export type CustomFieldsRepository = ReturnType<typeof createCustomFieldsRepository>;
