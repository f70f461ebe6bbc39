// The only queries of the deal-copy module: the links between copies and originals, and the presets.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/index.js';

export function createDealCopyRepository() {
  return {
    accountLocale: async (db: Db, accountId: string) =>
      (await db.selectFrom('accounts').select('locale').where('id', '=', accountId).executeTakeFirst())
        ?.locale ?? 'ru',

    insertLink: (
      db: Db,
      row: {
        account_id: string;
        source_deal_id: string;
        copy_deal_id: string | null;
        anonymized: boolean;
        preset_id: string | null;
        created_by: string | null;
      },
    ) => db.insertInto('deal_copies').values(row).execute(),

    /** The original of a (plain) copy. Anonymized copies have no row pointing at them. */
    originalOf: (db: Db, accountId: string, dealId: string) =>
      db
        .selectFrom('deal_copies as c')
        .innerJoin('deals as d', (j) =>
          j.onRef('d.account_id', '=', 'c.account_id').onRef('d.id', '=', 'c.source_deal_id'),
        )
        .select(['c.source_deal_id', 'd.name', 'c.created_at'])
        .where('c.account_id', '=', accountId)
        .where('c.copy_deal_id', '=', dealId)
        .executeTakeFirst(),

    copiesOf: (db: Db, accountId: string, dealId: string) =>
      db
        .selectFrom('deal_copies as c')
        .leftJoin('deals as d', (j) =>
          j.onRef('d.account_id', '=', 'c.account_id').onRef('d.id', '=', 'c.copy_deal_id'),
        )
        .select(['c.copy_deal_id', 'd.name', 'c.anonymized', 'c.created_at'])
        .where('c.account_id', '=', accountId)
        .where('c.source_deal_id', '=', dealId)
        .orderBy('c.created_at')
        .orderBy('c.id')
        .execute(),

    presets: (db: Db, accountId: string) =>
      db
        .selectFrom('deal_copy_presets')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy(sql`lower(name)`)
        .orderBy('id')
        .execute(),

    findPreset: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('deal_copy_presets')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst(),

    insertPreset: (db: Db, accountId: string, values: { name: string; options: string }) =>
      db
        .insertInto('deal_copy_presets')
        .values({ account_id: accountId, ...values })
        .returningAll()
        .executeTakeFirstOrThrow(),

    updatePreset: (db: Db, accountId: string, id: string, values: { name: string; options: string }) =>
      db
        .updateTable('deal_copy_presets')
        .set({ ...values, updated_at: sql`now()` })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst(),

    deletePreset: async (db: Db, accountId: string, id: string) =>
      (
        await db
          .deleteFrom('deal_copy_presets')
          .where('account_id', '=', accountId)
          .where('id', '=', id)
          .executeTakeFirst()
      ).numDeletedRows > 0n,
  };
}
export type DealCopyRepository = ReturnType<typeof createDealCopyRepository>;
