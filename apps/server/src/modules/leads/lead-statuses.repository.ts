import type { Db, LeadStatusesTable } from '../../platform/db/index.js';

type Kind = LeadStatusesTable['kind'];

export function createLeadStatusesRepository() {
  return {
    list: (db: Db, accountId: string) =>
      db
        .selectFrom('lead_statuses')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('position')
        .orderBy('created_at')
        .execute(),

    /** Every status of the account, locked: status edits are serialised per account. */
    lockAll: (db: Db, accountId: string) =>
      db
        .selectFrom('lead_statuses')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('position')
        .forUpdate()
        .execute(),

    find: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('lead_statuses')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst(),

    insert: (
      db: Db,
      accountId: string,
      rows: { name: string; color: string; kind: Kind; position: number }[],
    ) =>
      db
        .insertInto('lead_statuses')
        .values(rows.map((r) => ({ account_id: accountId, ...r })))
        .returningAll()
        .execute(),

    update: (db: Db, accountId: string, id: string, values: Partial<{ name: string; color: string }>) =>
      db
        .updateTable('lead_statuses')
        .set({ ...values, updated_at: new Date() })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow(),

    setPositions: async (db: Db, accountId: string, positions: Map<string, number>) => {
      for (const [id, position] of positions) {
        await db
          .updateTable('lead_statuses')
          .set({ position, updated_at: new Date() })
          .where('account_id', '=', accountId)
          .where('id', '=', id)
          .where('position', '<>', position)
          .execute();
      }
    },

    delete: (db: Db, accountId: string, id: string) =>
      db.deleteFrom('lead_statuses').where('account_id', '=', accountId).where('id', '=', id).execute(),

    countLeads: async (db: Db, accountId: string, statusId: string) => {
      const row = await db
        .selectFrom('leads')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('account_id', '=', accountId)
        .where('status_id', '=', statusId)
        .executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    /** Moves every lead of one status to another (a deleted status's leads), bumping their versions. */
    moveLeads: (db: Db, accountId: string, fromId: string, toId: string) =>
      db
        .updateTable('leads')
        .set((eb) => ({ status_id: toId, version: eb('version', '+', 1), updated_at: new Date() }))
        .where('account_id', '=', accountId)
        .where('status_id', '=', fromId)
        .returning(['id', 'name'])
        .execute(),
  };
}
export type LeadStatusesRepository = ReturnType<typeof createLeadStatusesRepository>;
