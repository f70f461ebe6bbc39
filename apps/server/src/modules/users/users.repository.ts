import type { Db } from '../../platform/db/index.js';

const columns = [
  'users.id',
  'users.account_id',
  'users.name',
  'users.role',
  'users.department_id',
  'users.active',
  'users.created_at',
  'users.deactivated_at',
  'identities.email',
] as const;

export function createUsersRepository() {
  const base = (db: Db, accountId: string) =>
    db
      .selectFrom('users')
      .innerJoin('identities', 'identities.id', 'users.identity_id')
      .select(columns)
      .where('users.account_id', '=', accountId);
  return {
    list: (db: Db, accountId: string) =>
      base(db, accountId).orderBy('users.name').orderBy('users.id').execute(),
    find: (db: Db, accountId: string, id: string) =>
      base(db, accountId).where('users.id', '=', id).executeTakeFirst(),
    update: (
      db: Db,
      accountId: string,
      id: string,
      values: Partial<{
        name: string;
        role: 'admin' | 'member';
        department_id: string | null;
        active: boolean;
        deactivated_at: Date | null;
      }>,
    ) =>
      db
        .updateTable('users')
        .set({ ...values, updated_at: new Date() })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .execute(),
    countActiveAdmins: async (db: Db, accountId: string) =>
      Number(
        (
          await db
            .selectFrom('users')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .where('account_id', '=', accountId)
            .where('role', '=', 'admin')
            .where('active', '=', true)
            .executeTakeFirstOrThrow()
        ).n,
      ),
  };
}
export type UsersRepository = ReturnType<typeof createUsersRepository>;
export type UserRow = NonNullable<Awaited<ReturnType<UsersRepository['find']>>>;
