import { sql, type Selectable } from 'kysely';
import type { Db, ProductsTable } from '../../platform/db/index.js';

export type ProductRow = Omit<Selectable<ProductsTable>, 'search'>;
export type ProductValues = Pick<
  ProductRow,
  'name' | 'sku' | 'description' | 'unit' | 'price' | 'currency' | 'vat_rate' | 'stock' | 'active'
>;

const columns = [
  'id',
  'account_id',
  'name',
  'sku',
  'description',
  'unit',
  'price',
  'currency',
  'vat_rate',
  'stock',
  'active',
  'version',
  'created_at',
  'updated_at',
] as const;

// "OK-1200" would be read as "ok" and the number "-1200"; as words it is "ok 1200", like the search.
const skuWords = (sku: string | null) => (sku ?? '').replace(/[^\p{L}\p{N}]+/gu, ' ');

/** Name and description stemmed in Russian and English, plus the SKU and every word as written. */
const searchOf = (v: Pick<ProductValues, 'name' | 'sku' | 'description'>) => {
  const words = [v.name, v.description].filter(Boolean).join(' ');
  return sql<string>`setweight(to_tsvector('russian', ${words}), 'A') || setweight(to_tsvector('english', ${words}), 'B')
    || to_tsvector('simple', ${`${words} ${skuWords(v.sku)}`})`;
};

export function createProductsRepository() {
  return {
    insert: (db: Db, accountId: string, values: ProductValues) =>
      db
        .insertInto('products')
        .values({ account_id: accountId, ...values, search: searchOf(values) })
        .returning(columns)
        .executeTakeFirstOrThrow(),

    update: (db: Db, accountId: string, id: string, values: ProductValues) =>
      db
        .updateTable('products')
        .set((eb) => ({
          ...values,
          search: searchOf(values),
          version: eb('version', '+', 1),
          updated_at: new Date(),
        }))
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .returning(columns)
        .executeTakeFirstOrThrow(),

    find: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('products')
        .select(columns)
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst(),

    lock: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('products')
        .select(columns)
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst(),

    delete: (db: Db, accountId: string, id: string) =>
      db.deleteFrom('products').where('account_id', '=', accountId).where('id', '=', id).execute(),

    page: (
      db: Db,
      accountId: string,
      filter: {
        tsquery?: string | undefined;
        active?: boolean | undefined;
        after?: { name: string; id: string } | undefined;
        limit: number;
      },
    ) => {
      let query = db.selectFrom('products').select(columns).where('account_id', '=', accountId);
      if (filter.active !== undefined) query = query.where('active', '=', filter.active);
      if (filter.tsquery) {
        const q = filter.tsquery;
        query = query.where(
          sql<boolean>`search @@ (to_tsquery('russian', ${q}) || to_tsquery('english', ${q}) || to_tsquery('simple', ${q}))`,
        );
      }
      if (filter.after) {
        const { name, id } = filter.after;
        query = query.where((eb) => eb(eb.refTuple('name', 'id'), '>', eb.tuple(name, id)));
      }
      return query.orderBy('name').orderBy('id').limit(filter.limit).execute();
    },
  };
}
export type ProductsRepository = ReturnType<typeof createProductsRepository>;
