// Reference lists (CORE-5). Names are unique within a live list; removing archives the item so records
// that use it keep their value; the order is the account's own.
import type { ReferenceListItem, ReferenceListName } from '@voronka/contracts';
import type { Selectable, Transaction } from 'kysely';
import {
  isForeignKeyViolation,
  isUniqueViolation,
  type DB,
  type Db,
  type ReferenceListItemsTable,
} from '../../platform/db/index.js';
import type { EventBus, EventContext } from '../../platform/events/index.js';
import { eventContextOf, type Actor } from '../../platform/http/index.js';
import { invalidField, notFound } from '../../platform/errors.js';
import type { ReferenceListsRepository } from './reference-lists.repository.js';
import { defaultLists } from './default-lists.js';

export const presentItem = (row: Selectable<ReferenceListItemsTable>): ReferenceListItem => ({
  id: row.id,
  list: row.list,
  name: row.name,
  position: row.position,
  archived: row.archived_at !== null,
});

const duplicateName = (error: unknown): never => {
  if (isUniqueViolation(error))
    throw invalidField('body.name', 'The list already has an item with this name', 'duplicate_name');
  throw error;
};

export function createReferenceListsService({
  db,
  repo,
  events,
}: {
  db: Db;
  repo: ReferenceListsRepository;
  events: EventBus;
}) {
  const inTransaction = <T>(trx: Transaction<DB> | undefined, work: (trx: Transaction<DB>) => Promise<T>) =>
    trx ? work(trx) : db.transaction().execute(work);

  return {
    /** The lists of a new account (inside its creation transaction). */
    async createDefaults(trx: Transaction<DB>, context: EventContext, locale: string) {
      for (const [list, names] of defaultLists(locale)) {
        await repo.insert(
          trx,
          context.accountId,
          names.map((name, position) => ({ list, name, position })),
        );
      }
    },

    list: async (actor: Actor, list: ReferenceListName | undefined, includeArchived: boolean) =>
      (await repo.list(db, actor.accountId, list, includeArchived)).map(presentItem),

    /** Adds an item (inside `trx` when given: a migration creates the loss reasons it brings). */
    add: (actor: Actor, list: ReferenceListName, name: string, trx?: Transaction<DB>) =>
      inTransaction(trx, async (trx) => {
        const position = await repo.nextPosition(trx, actor.accountId, list);
        const [row] = await repo
          .insert(trx, actor.accountId, [{ list, name, position }])
          .catch(duplicateName);
        if (!row) throw new Error('insert returned nothing');
        await events.record(trx, eventContextOf(actor), {
          type: 'reference_item.created',
          entity: 'reference_item',
          entityId: row.id,
          payload: { list, name },
        });
        return presentItem(row);
      }),

    /**
     * Takes back an item a migration created (its "Delete migrated data"): deleted when no record uses it,
     * else archived, so the records that came to use it meanwhile keep their value.
     */
    async removeImported(actor: Actor, id: string) {
      try {
        await db.transaction().execute(async (trx) => {
          const row = await repo.find(trx, actor.accountId, id);
          if (!row) return;
          await repo.delete(trx, actor.accountId, id);
          await events.record(trx, eventContextOf(actor), {
            type: 'reference_item.deleted',
            entity: 'reference_item',
            entityId: id,
            payload: { list: row.list, name: row.name },
          });
        });
      } catch (error) {
        if (!isForeignKeyViolation(error)) throw error;
        await this.archive(actor, id);
      }
    },

    rename: (actor: Actor, id: string, name: string) =>
      db.transaction().execute(async (trx) => {
        const before = await repo.find(trx, actor.accountId, id);
        if (!before) throw notFound('Item');
        if (before.name === name) return presentItem(before);
        const row = await repo.update(trx, actor.accountId, id, { name }).catch(duplicateName);
        await events.record(trx, eventContextOf(actor), {
          type: 'reference_item.updated',
          entity: 'reference_item',
          entityId: id,
          payload: { list: row.list, changes: { name: { from: before.name, to: name } } },
        });
        return presentItem(row);
      }),

    archive: (actor: Actor, id: string) =>
      db.transaction().execute(async (trx) => {
        const before = await repo.find(trx, actor.accountId, id);
        if (!before) throw notFound('Item');
        if (before.archived_at) return;
        await repo.update(trx, actor.accountId, id, { archived_at: new Date() });
        await events.record(trx, eventContextOf(actor), {
          type: 'reference_item.archived',
          entity: 'reference_item',
          entityId: id,
          payload: { list: before.list, name: before.name },
        });
      }),

    reorder: (actor: Actor, list: ReferenceListName, itemIds: string[]) =>
      db.transaction().execute(async (trx) => {
        const live = await repo.list(trx, actor.accountId, list, false);
        const ids = new Set(live.map((i) => i.id));
        if (
          itemIds.length !== ids.size ||
          new Set(itemIds).size !== itemIds.length ||
          !itemIds.every((id) => ids.has(id))
        ) {
          throw invalidField('body.itemIds', 'List every item of this list exactly once');
        }
        for (const [position, id] of itemIds.entries()) {
          if (live.find((i) => i.id === id)?.position !== position)
            await repo.update(trx, actor.accountId, id, { position });
        }
        await events.record(trx, eventContextOf(actor), {
          type: 'reference_list.reordered',
          entity: 'reference_list',
          entityId: list,
          payload: { itemIds },
        });
        return (await repo.list(trx, actor.accountId, list, false)).map(presentItem);
      }),
  };
}
export type ReferenceListsService = ReturnType<typeof createReferenceListsService>;
