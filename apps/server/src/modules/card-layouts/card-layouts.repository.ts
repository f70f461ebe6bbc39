import type { Selectable } from 'kysely';
import type { CardLayoutsTable, Db } from '../../platform/db/index.js';

export type CardLayoutRow = Selectable<CardLayoutsTable>;
export type CardLayoutValues = Pick<CardLayoutRow, 'sections' | 'hidden'>;

const columns = [
  'account_id',
  'entity',
  'sections',
  'hidden',
  'version',
  'updated_at',
  'updated_by',
] as const;

// jsonb columns are written as JSON text (both drivers take it).
const stored = (v: CardLayoutValues) => ({
  sections: JSON.stringify(v.sections),
  hidden: JSON.stringify(v.hidden),
});

export function createCardLayoutsRepository() {
  return {
    find: (db: Db, accountId: string, entity: CardLayoutRow['entity']) =>
      db
        .selectFrom('card_layouts')
        .select(columns)
        .where('account_id', '=', accountId)
        .where('entity', '=', entity)
        .executeTakeFirst(),

    lock: (db: Db, accountId: string, entity: CardLayoutRow['entity']) =>
      db
        .selectFrom('card_layouts')
        .select(columns)
        .where('account_id', '=', accountId)
        .where('entity', '=', entity)
        .forUpdate()
        .executeTakeFirst(),

    /** The first layout of the entity (version 1); undefined when another request stored one meanwhile. */
    insert: (
      db: Db,
      accountId: string,
      entity: CardLayoutRow['entity'],
      userId: string,
      v: CardLayoutValues,
    ) =>
      db
        .insertInto('card_layouts')
        .values({ account_id: accountId, entity, updated_by: userId, ...stored(v) })
        .onConflict((oc) => oc.columns(['account_id', 'entity']).doNothing())
        .returning(columns)
        .executeTakeFirst(),

    update: (
      db: Db,
      accountId: string,
      entity: CardLayoutRow['entity'],
      userId: string,
      v: CardLayoutValues,
    ) =>
      db
        .updateTable('card_layouts')
        .set((eb) => ({
          ...stored(v),
          version: eb('version', '+', 1),
          updated_at: new Date(),
          updated_by: userId,
        }))
        .where('account_id', '=', accountId)
        .where('entity', '=', entity)
        .returning(columns)
        .executeTakeFirstOrThrow(),
  };
}
export type CardLayoutsRepository = ReturnType<typeof createCardLayoutsRepository>;
