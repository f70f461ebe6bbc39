// The products catalogue (CORE-10). Prices are exact decimals; SKUs are unique in the account (any case);
// lists go by name in keyset pages and search names, descriptions and SKUs. Administrators change the
// catalogue; everyone reads it. Changes need the current version (If-Match) and are in the history.
import { canonicalDecimal, type Product } from '@voronka/contracts';
import type { z } from 'zod';
import type {
  createProductBodySchema,
  productListQuerySchema,
  updateProductBodySchema,
} from '@voronka/contracts';
import { isUniqueViolation, prefixQuery, type Db } from '../../platform/db/index.js';
import { diffRecords, type EventBus } from '../../platform/events/index.js';
import { decodeCursor, encodeCursor, eventContextOf, type Actor } from '../../platform/http/index.js';
import { conflict, invalidField, notFound } from '../../platform/errors.js';
import type { ProductRow, ProductsRepository, ProductValues } from './products.repository.js';

type CreateBody = z.output<typeof createProductBodySchema>;
type UpdateBody = z.output<typeof updateProductBodySchema>;
type ListQuery = z.output<typeof productListQuerySchema>;

const present = (row: ProductRow): Product => ({
  id: row.id,
  name: row.name,
  sku: row.sku,
  description: row.description,
  unit: row.unit,
  // numeric(17,2) comes back padded ("18999.90"); the API speaks canonical decimals everywhere.
  price: canonicalDecimal(row.price) ?? row.price,
  currency: row.currency,
  vatRate: row.vat_rate,
  stock: row.stock === null ? null : (canonicalDecimal(row.stock) ?? row.stock),
  active: row.active,
  version: row.version,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

const valuesOf = (p: Omit<Product, 'id' | 'version' | 'createdAt' | 'updatedAt'>): ProductValues => ({
  name: p.name,
  sku: p.sku,
  description: p.description,
  unit: p.unit,
  price: p.price,
  currency: p.currency,
  vat_rate: p.vatRate,
  stock: p.stock,
  active: p.active,
});

const skuTaken = (error: unknown): never => {
  if (isUniqueViolation(error))
    throw invalidField('body.sku', 'Another product has this SKU', 'duplicate_sku');
  throw error;
};

export function createProductsService({
  db,
  repo,
  events,
}: {
  db: Db;
  repo: ProductsRepository;
  events: EventBus;
}) {
  return {
    create: (actor: Actor, body: CreateBody) =>
      db.transaction().execute(async (trx) => {
        const row = await repo.insert(trx, actor.accountId, valuesOf(body)).catch(skuTaken);
        await events.record(trx, eventContextOf(actor), {
          type: 'product.created',
          entity: 'product',
          entityId: row.id,
          payload: { name: row.name, price: row.price, currency: row.currency },
        });
        return present(row);
      }),

    async get(actor: Actor, id: string) {
      const row = await repo.find(db, actor.accountId, id);
      if (!row) throw notFound('Product');
      return present(row);
    },

    async list(actor: Actor, query: ListQuery) {
      const after = query.cursor ? decodeCursor(query.cursor, 2) : undefined;
      const rows = await repo.page(db, actor.accountId, {
        tsquery: query.search ? (prefixQuery(query.search) ?? undefined) : undefined,
        active: query.active,
        after: after ? { name: after[0] ?? '', id: after[1] ?? '' } : undefined,
        limit: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        items: page.map(present),
        nextCursor: rows.length > query.limit && last ? encodeCursor([last.name, last.id]) : null,
      };
    },

    update: (actor: Actor, id: string, body: UpdateBody, ifMatch: number | undefined) =>
      db.transaction().execute(async (trx) => {
        const row = await repo.lock(trx, actor.accountId, id);
        if (!row) throw notFound('Product');
        if (ifMatch !== undefined && ifMatch !== row.version) {
          throw conflict('stale_version', 'The product was changed by someone else; reload it and try again');
        }
        const before = present(row);
        // Zod leaves keys that were not sent out of the body, so spreading it changes only what was sent.
        const merged = { ...before, ...body };
        const changes = diffRecords(valuesOf(before), valuesOf(merged));
        if (Object.keys(changes).length === 0) return before;
        const after = present(await repo.update(trx, actor.accountId, id, valuesOf(merged)).catch(skuTaken));
        await events.record(trx, eventContextOf(actor), {
          type: 'product.updated',
          entity: 'product',
          entityId: id,
          payload: { name: after.name, changes: diffRecords(before, after, ['version', 'updatedAt']) },
        });
        return after;
      }),

    remove: (actor: Actor, id: string) =>
      db.transaction().execute(async (trx) => {
        const row = await repo.lock(trx, actor.accountId, id);
        if (!row) throw notFound('Product');
        await repo.delete(trx, actor.accountId, id);
        await events.record(trx, eventContextOf(actor), {
          type: 'product.deleted',
          entity: 'product',
          entityId: id,
          payload: { name: row.name, sku: row.sku },
        });
      }),
  };
}
export type ProductsService = ReturnType<typeof createProductsService>;
