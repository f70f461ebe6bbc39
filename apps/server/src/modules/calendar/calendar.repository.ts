import type { Db, WorkingDayJson } from '../../platform/db/index.js';

export function createCalendarRepository() {
  return {
    /** The account's time zone (an account setting, owned by the accounts module). */
    accountTimezone: async (db: Db, accountId: string) =>
      (
        await db
          .selectFrom('accounts')
          .select('timezone')
          .where('id', '=', accountId)
          .executeTakeFirstOrThrow()
      ).timezone,
    userExists: async (db: Db, accountId: string, userId: string) =>
      Boolean(
        await db
          .selectFrom('users')
          .select('id')
          .where('account_id', '=', accountId)
          .where('id', '=', userId)
          .executeTakeFirst(),
      ),
    findAccountHours: (db: Db, accountId: string, lock = false) => {
      const query = db.selectFrom('account_working_hours').selectAll().where('account_id', '=', accountId);
      return (lock ? query.forUpdate() : query).executeTakeFirst();
    },
    saveAccountHours: (
      db: Db,
      accountId: string,
      values: { useProductionCalendar: boolean; days: WorkingDayJson[] },
    ) =>
      db
        .insertInto('account_working_hours')
        .values({
          account_id: accountId,
          use_production_calendar: values.useProductionCalendar,
          days: JSON.stringify(values.days),
        })
        .onConflict((oc) =>
          oc.column('account_id').doUpdateSet({
            use_production_calendar: values.useProductionCalendar,
            days: JSON.stringify(values.days),
            updated_at: new Date(),
          }),
        )
        .returningAll()
        .executeTakeFirstOrThrow(),
    findUserHours: (db: Db, accountId: string, userId: string, lock = false) => {
      const query = db
        .selectFrom('user_working_hours')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('user_id', '=', userId);
      return (lock ? query.forUpdate() : query).executeTakeFirst();
    },
    saveUserHours: (
      db: Db,
      accountId: string,
      userId: string,
      values: { timezone: string; useProductionCalendar: boolean; days: WorkingDayJson[] },
    ) =>
      db
        .insertInto('user_working_hours')
        .values({
          account_id: accountId,
          user_id: userId,
          timezone: values.timezone,
          use_production_calendar: values.useProductionCalendar,
          days: JSON.stringify(values.days),
        })
        .onConflict((oc) =>
          oc.columns(['account_id', 'user_id']).doUpdateSet({
            timezone: values.timezone,
            use_production_calendar: values.useProductionCalendar,
            days: JSON.stringify(values.days),
            updated_at: new Date(),
          }),
        )
        .returningAll()
        .executeTakeFirstOrThrow(),
    deleteUserHours: (db: Db, accountId: string, userId: string) =>
      db
        .deleteFrom('user_working_hours')
        .where('account_id', '=', accountId)
        .where('user_id', '=', userId)
        .execute(),
  };
}
export type CalendarRepository = ReturnType<typeof createCalendarRepository>;
