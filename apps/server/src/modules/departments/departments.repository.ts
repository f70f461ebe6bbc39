import type { Db } from '../../platform/db/index.js';

export function createDepartmentsRepository() {
  return {
    list: (db: Db, accountId: string) =>
      db
        .selectFrom('departments')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('name')
        .orderBy('id')
        .execute(),
    find: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('departments')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst(),
    insert: (
      db: Db,
      values: { accountId: string; name: string; parentId: string | null; headUserId: string | null },
    ) =>
      db
        .insertInto('departments')
        .values({
          account_id: values.accountId,
          name: values.name,
          parent_id: values.parentId,
          head_user_id: values.headUserId,
        })
        .returningAll()
        .executeTakeFirstOrThrow(),
    update: (
      db: Db,
      accountId: string,
      id: string,
      values: Partial<{ name: string; parent_id: string | null; head_user_id: string | null }>,
    ) =>
      db
        .updateTable('departments')
        .set({ ...values, updated_at: new Date() })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow(),
    delete: (db: Db, accountId: string, id: string) =>
      db.deleteFrom('departments').where('account_id', '=', accountId).where('id', '=', id).execute(),
    countChildren: async (db: Db, accountId: string, id: string) =>
      Number(
        (
          await db
            .selectFrom('departments')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('account_id', '=', accountId)
            .where('parent_id', '=', id)
            .executeTakeFirstOrThrow()
        ).n,
      ),
    countMembers: async (db: Db, accountId: string, id: string) =>
      Number(
        (
          await db
            .selectFrom('users')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('account_id', '=', accountId)
            .where('department_id', '=', id)
            .executeTakeFirstOrThrow()
        ).n,
      ),
    userExists: async (db: Db, accountId: string, id: string) =>
      Boolean(
        await db
          .selectFrom('users')
          .select('id')
          .where('account_id', '=', accountId)
          .where('id', '=', id)
          .executeTakeFirst(),
      ),
    clearPendingInvitations: (db: Db, accountId: string, id: string) =>
      db
        .updateTable('invitations')
        .set({ department_id: null, updated_at: new Date() })
        .where('account_id', '=', accountId)
        .where('department_id', '=', id)
        .execute(),
  };
}
export type DepartmentsRepository = ReturnType<typeof createDepartmentsRepository>;
