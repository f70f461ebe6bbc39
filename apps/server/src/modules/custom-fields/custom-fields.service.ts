// Custom field definitions (CORE-6). The contracts' registry decides what a definition may be (type,
// settings, default, flags); this service adds what only the account knows: the pipelines and stages a
// field names exist here (and the stages belong to the field's pipelines), a code is unique per entity,
// and a stale write (If-Match with an old version) is refused. `type`, `multiple` and `entity` never change.
import crypto from 'node:crypto';
import {
  applyCustomFieldUpdate,
  customFieldSchema,
  type createCustomFieldBodySchema,
  type CustomField,
  type CustomFieldEntity,
  type FieldError,
  type Pipeline,
  type updateCustomFieldBodySchema,
} from '@voronka/contracts';
import type { Selectable, Transaction } from 'kysely';
import type { z } from 'zod';
import { isUniqueViolation, type CustomFieldsTable, type DB, type Db } from '../../platform/db/index.js';
import { diffRecords, type EventBus } from '../../platform/events/index.js';
import { eventContextOf, type Actor } from '../../platform/http/index.js';
import { conflict, invalidField, notFound, invalidFields } from '../../platform/errors.js';
import type { CustomFieldsRepository } from './custom-fields.repository.js';
import type { RecordFieldValues } from './record-values.js';

export interface StoredField {
  field: CustomField;
  version: number;
}

const present = (row: Selectable<CustomFieldsTable>): StoredField => ({
  field: customFieldSchema.parse({ ...row.definition, id: row.id }),
  version: row.version,
});

const definitionOf = (field: CustomField) => {
  const { id: _id, ...definition } = field;
  return definition;
};

const issuesToErrors = (issues: readonly z.core.$ZodIssue[]): FieldError[] =>
  issues.map((i) => ({ field: ['body', ...i.path.map(String)].join('.'), reason: i.message }));

const codeTaken = (error: unknown): never => {
  if (isUniqueViolation(error))
    throw invalidField('body.code', 'Another field of this entity has this code', 'duplicate_code');
  throw error;
};

/** The pipelines and stages a definition names must be the account's, the stages inside its pipelines. */
function checkReferences(field: CustomField, pipelines: Pipeline[]) {
  const errors: FieldError[] = [];
  const known = new Map(pipelines.map((p) => [p.id, p]));
  for (const [i, id] of (field.pipelineIds ?? []).entries()) {
    if (!known.has(id)) errors.push({ field: `body.pipelineIds.${i}`, reason: 'No such pipeline' });
  }
  const allowed = field.pipelineIds ? pipelines.filter((p) => field.pipelineIds?.includes(p.id)) : pipelines;
  const stages = new Set(allowed.flatMap((p) => p.stages.map((s) => s.id)));
  for (const [i, id] of field.requiredFromStageIds.entries()) {
    if (!stages.has(id))
      errors.push({
        field: `body.requiredFromStageIds.${i}`,
        reason: 'No such stage in the field’s pipelines',
      });
  }
  if (errors.length > 0) throw invalidFields(errors);
}

export function createCustomFieldsService(deps: {
  db: Db;
  repo: CustomFieldsRepository;
  events: EventBus;
  pipelinesOf: (actor: Actor) => Promise<Pipeline[]>;
  values: RecordFieldValues;
}) {
  const { db, repo, events, values } = deps;

  return {
    /** The definitions (inside `trx` when given: a deal copy reads them in its transaction). */
    list: async (actor: Actor, entity: CustomFieldEntity | undefined, trx?: Db) =>
      (await repo.list(trx ?? db, actor.accountId, entity)).map((row) => present(row).field),

    async get(actor: Actor, id: string) {
      const row = await repo.find(db, actor.accountId, id);
      if (!row) throw notFound('Custom field');
      return present(row);
    },

    /** Creates a field; inside `trx` when given (a migration writes it with its checkpoint). */
    async create(actor: Actor, body: z.output<typeof createCustomFieldBodySchema>, trx?: Transaction<DB>) {
      const field = customFieldSchema.parse({ ...body, id: crypto.randomUUID() });
      // A field naming no pipeline or stage has nothing to check (and inside a caller's transaction a
      // second connection must not be waited for: PGlite has one).
      const names = field.pipelineIds !== null || field.requiredFromStageIds.length > 0;
      checkReferences(field, names ? await deps.pipelinesOf(actor) : []);
      const inTransaction = <T>(work: (trx: Transaction<DB>) => Promise<T>) =>
        trx ? work(trx) : db.transaction().execute(work);
      return inTransaction(async (trx) => {
        const row = await repo
          .insert(trx, {
            id: field.id,
            accountId: actor.accountId,
            entity: field.entity,
            type: field.type,
            code: field.code,
            sort: field.sort,
            definition: definitionOf(field),
          })
          .catch(codeTaken);
        await events.record(trx, eventContextOf(actor), {
          type: 'custom_field.created',
          entity: 'custom_field',
          entityId: row.id,
          payload: { name: field.name, entity: field.entity, type: field.type },
        });
        return present(row);
      });
    },

    async update(
      actor: Actor,
      id: string,
      body: z.output<typeof updateCustomFieldBodySchema>,
      ifMatch: number | undefined,
    ) {
      const pipelines = await deps.pipelinesOf(actor);
      return db.transaction().execute(async (trx) => {
        const row = await repo.lock(trx, actor.accountId, id);
        if (!row) throw notFound('Custom field');
        const before = present(row);
        if (ifMatch !== undefined && ifMatch !== before.version) {
          throw conflict('stale_version', 'The field was changed by someone else; reload it and try again');
        }
        const result = applyCustomFieldUpdate(before.field, body);
        if (!result.success) {
          const errors = issuesToErrors(result.error.issues);
          throw invalidFields(errors);
        }
        const after = result.data;
        checkReferences(after, pipelines);
        // Removing an option records still hold would lose their values: they must be changed first.
        if (before.field.type === 'list' && after.type === 'list') {
          const kept = new Set(after.settings.options.map((o) => o.id));
          const removed = before.field.settings.options.map((o) => o.id).filter((o) => !kept.has(o));
          const uses = await values.countOptionUses(trx, actor.accountId, id, removed);
          if (uses > 0) {
            throw conflict(
              'option_in_use',
              `${String(uses)} record(s) hold a removed option; change their value first`,
            );
          }
        }
        const changes = diffRecords(before.field, after);
        if (Object.keys(changes).length === 0) return before;
        const updated = await repo
          .update(trx, actor.accountId, id, {
            code: after.code,
            sort: after.sort,
            definition: definitionOf(after),
          })
          .catch(codeTaken);
        await events.record(trx, eventContextOf(actor), {
          type: 'custom_field.updated',
          entity: 'custom_field',
          entityId: id,
          payload: { name: after.name, changes },
        });
        return present(updated);
      });
    },

    remove: (actor: Actor, id: string) =>
      db.transaction().execute(async (trx) => {
        const row = await repo.lock(trx, actor.accountId, id);
        if (!row) throw notFound('Custom field');
        await values.dropField(trx, actor.accountId, row.entity, id);
        await repo.delete(trx, actor.accountId, id);
        await events.record(trx, eventContextOf(actor), {
          type: 'custom_field.deleted',
          entity: 'custom_field',
          entityId: id,
          payload: { name: present(row).field.name, entity: row.entity },
        });
      }),
  };
}
export type CustomFieldsService = ReturnType<typeof createCustomFieldsService>;
