// Card layouts (CORE-7): the sections of a card's fields panel, one layout per account and entity. Everyone
// signed in reads it (the default one, version 0, until an administrator stores one); only administrators
// change it, with If-Match guarding against a stale write. Keys of custom fields deleted since are dropped
// on read, so deleting a field never breaks a layout; a stored layout is checked against the entity's
// standard fields and the account's custom fields of that entity.
import type { z } from 'zod';
import {
  CARD_STANDARD_FIELDS,
  cardLayoutErrors,
  customFieldIdOfKey,
  type CardLayout,
  type CardLayoutEntity,
  type CardSection,
  type updateCardLayoutBodySchema,
} from '@voronka/contracts';
import type { Db } from '../../platform/db/index.js';
import type { EventBus } from '../../platform/events/index.js';
import { eventContextOf, type Actor } from '../../platform/http/index.js';
import { conflict, forbidden, invalidFields } from '../../platform/errors.js';
import type { CardLayoutRow, CardLayoutsRepository, CardLayoutValues } from './card-layouts.repository.js';

type UpdateBody = z.output<typeof updateCardLayoutBodySchema>;

/** The account's custom fields of an entity (the custom-fields module's list). */
export type CustomFieldsOf = (actor: Actor, entity: CardLayoutEntity) => Promise<readonly { id: string }[]>;

/** What an account shows until an administrator arranges the card: one section of the standard fields. */
export const defaultCardLayout = (entity: CardLayoutEntity): CardLayoutValues => ({
  sections: [{ id: 'main', title: null, fields: [...CARD_STANDARD_FIELDS[entity]] }],
  hidden: [],
});

// One shape (and key order) for stored, default and sent layouts, so that comparing their JSON is exact.
const valuesOf = (v: { sections: readonly CardSection[]; hidden: readonly string[] }): CardLayoutValues => ({
  sections: v.sections.map((s) => ({ id: s.id, title: s.title, fields: [...s.fields] })),
  hidden: [...v.hidden],
});

const keysOf = (v: CardLayoutValues) => [...v.sections.flatMap((s) => s.fields), ...v.hidden];
const hasCustomKeys = (v: CardLayoutValues) => keysOf(v).some((key) => customFieldIdOfKey(key) !== null);

/** The layout without the keys of custom fields that no longer exist. */
const withoutDeleted = (v: CardLayoutValues, fieldIds: ReadonlySet<string>): CardLayoutValues => {
  const exists = (key: string) => {
    const id = customFieldIdOfKey(key);
    return id === null || fieldIds.has(id);
  };
  return {
    sections: v.sections.map((s) => ({ ...s, fields: s.fields.filter(exists) })),
    hidden: v.hidden.filter(exists),
  };
};

const present = (
  entity: CardLayoutEntity,
  row: CardLayoutRow | undefined,
  fieldIds: ReadonlySet<string>,
): CardLayout => ({
  entity,
  ...(row ? withoutDeleted(valuesOf(row), fieldIds) : defaultCardLayout(entity)),
  version: row?.version ?? 0,
  updatedAt: row?.updated_at.toISOString() ?? null,
});

const stale = () =>
  conflict('stale_version', 'The card layout was changed by someone else; reload it and try again');

export function createCardLayoutsService({
  db,
  repo,
  events,
  customFieldsOf,
}: {
  db: Db;
  repo: CardLayoutsRepository;
  events: EventBus;
  customFieldsOf: CustomFieldsOf;
}) {
  const fieldIdsOf = async (actor: Actor, entity: CardLayoutEntity) =>
    new Set((await customFieldsOf(actor, entity)).map((field) => field.id));

  return {
    async get(actor: Actor, entity: CardLayoutEntity) {
      const row = await repo.find(db, actor.accountId, entity);
      const fieldIds = row && hasCustomKeys(row) ? await fieldIdsOf(actor, entity) : new Set<string>();
      return present(entity, row, fieldIds);
    },

    async update(actor: Actor, entity: CardLayoutEntity, body: UpdateBody, ifMatch: number | undefined) {
      if (actor.role !== 'admin') throw forbidden('Only an administrator may change the layout of the cards');
      // Read before the transaction (PGlite has one connection). A field deleted before the commit only
      // leaves a key that reading drops, like any deleted field's.
      const fieldIds = await fieldIdsOf(actor, entity);
      const values = valuesOf(body);
      const errors = cardLayoutErrors(entity, values, fieldIds);
      if (errors.length > 0)
        throw invalidFields(errors.map(([path, reason]) => ({ field: `body.${path}`, reason })));
      return db.transaction().execute(async (trx) => {
        const row = await repo.lock(trx, actor.accountId, entity);
        if (ifMatch !== undefined && ifMatch !== (row?.version ?? 0)) throw stale();
        const current = present(entity, row, fieldIds);
        if (JSON.stringify(valuesOf(current)) === JSON.stringify(values)) return current;
        const after = row
          ? await repo.update(trx, actor.accountId, entity, actor.userId, values)
          : // No row to lock yet: a first layout stored meanwhile by another request makes this one stale.
            await repo.insert(trx, actor.accountId, entity, actor.userId, values);
        if (!after) throw stale();
        await events.record(trx, eventContextOf(actor), {
          type: 'card_layout.updated',
          entity: 'card_layout',
          entityId: null,
          payload: { entity },
        });
        return present(entity, after, fieldIds);
      });
    },
  };
}
export type CardLayoutsService = ReturnType<typeof createCardLayoutsService>;
