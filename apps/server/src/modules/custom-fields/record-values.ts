// Custom-field values on records (CORE-6): the one place that validates, stores, filters and sorts them for
// deals, leads, contacts and companies. The canonical values live on the record (`custom_fields` jsonb, what
// `validateFieldValues` returned) and are indexed one row per element in `custom_field_values`, rewritten in
// the record's own transaction, so filters and sorting use B-tree (and trigram) indexes.
//
// Rules beyond the contracts' registry, which need the database:
// - user values are users of the account; crm_link values are records of the account; file values are uploads
//   of the account (name, size and MIME are taken from the upload, not from the client); a booked resource is
//   not booked by another record of the same field for an overlapping time.
// - phones are stored (for matching) in E.164, as contacts' phones are; a value that is not a phone is refused.
// - "required" is enforced on create, on the fields a request touches, and when the caller says the record
//   moved to another stage (`enforceRequired`): a field made required later does not block unrelated edits
//   of old records (amoCRM behaves the same).
// - stage order: "required from stage X" holds at X and every later open stage and at Won; Lost is not
//   "after" anything — a field required from Negotiation must not block losing a deal. A field required from
//   Lost itself applies only there.
import {
  applyFieldDefaults,
  customFieldFilterSchema,
  customFieldFilterToStorage,
  customFieldRegistry,
  customFieldSchema,
  customFieldStorageRows,
  validateFieldValues,
  type CustomField,
  type CustomFieldEntity,
  type CustomFieldStorageFilter,
  type CustomFieldStorageRow,
  type CustomFieldValue,
  type FieldError,
} from '@voronka/contracts';
import { sql, type Expression, type RawBuilder } from 'kysely';
import type { Db } from '../../platform/db/index.js';
import type { Actor } from '../../platform/http/index.js';
import { invalidField, invalidFields } from '../../platform/errors.js';
import { normalizePhone } from '../contacts/index.js';

type RecordRef = RawBuilder<unknown> | Expression<unknown>;

export interface WriteValuesArgs {
  entity: CustomFieldEntity;
  recordId: string;
  /** The record's stored `custom_fields`, or null on create (then defaults apply and required is enforced). */
  stored: Record<string, unknown> | null;
  /** The request's `customFields`: a partial map fieldId → value; null clears a field. */
  input: Record<string, unknown> | undefined;
  pipelineId?: string | null;
  stageId?: string | null;
  /** Enforce every required field (e.g. the record moved to another stage), not only those touched. */
  enforceRequired?: boolean;
}

/** The table of each entity's records (for crm_link checks and clearing a deleted field). */
const RECORD_TABLES = {
  deal: 'deals',
  lead: 'leads',
  contact: 'contacts',
  company: 'companies',
} as const satisfies Record<CustomFieldEntity, string>;

const pathOf = (fieldId: string) => `body.customFields.${fieldId}`;

interface StorageRow {
  account_id: string;
  field_id: string;
  record_id: string;
  ordinal: number;
  value_text: string | null;
  value_number: string | null;
  value_date: string | null;
  value_datetime: string | null;
  value_bool: boolean | null;
  value_ref: string | null;
}

const elementsOf = (value: CustomFieldValue | null): unknown[] =>
  value === null ? [] : Array.isArray(value) ? value : [value];

/** The SQL condition "row v matches these columns" for one storage row and a comparison operator. */
function rowCondition(row: CustomFieldStorageRow, op: '=' | '>' | '>=' | '<' | '<='): RawBuilder<boolean> {
  const parts: RawBuilder<boolean>[] = [];
  const cmp = sql.raw(op);
  if (row.text !== undefined) {
    // The prefix matches the index expression; the whole value decides.
    if (op === '=') parts.push(sql<boolean>`left(v.value_text, 200) = left(${row.text}, 200)`);
    parts.push(sql<boolean>`v.value_text ${cmp} ${row.text}`);
  }
  if (row.number !== undefined) parts.push(sql<boolean>`v.value_number ${cmp} ${row.number}::numeric`);
  if (row.date !== undefined) parts.push(sql<boolean>`v.value_date ${cmp} ${row.date}::date`);
  if (row.datetime !== undefined)
    parts.push(sql<boolean>`v.value_datetime ${cmp} ${row.datetime}::timestamptz`);
  if (row.bool !== undefined) parts.push(sql<boolean>`v.value_bool ${cmp} ${row.bool}`);
  if (row.ref !== undefined) parts.push(sql<boolean>`v.value_ref ${cmp} ${row.ref}::uuid`);
  return parts.length === 0 ? sql<boolean>`true` : sql<boolean>`(${sql.join(parts, sql` AND `)})`;
}

function storageCondition(filter: CustomFieldStorageFilter): {
  exists: boolean;
  condition: RawBuilder<boolean>;
} {
  switch (filter.op) {
    case 'empty':
      return { exists: false, condition: sql<boolean>`true` };
    case 'not_empty':
      return { exists: true, condition: sql<boolean>`true` };
    case 'eq':
      return { exists: true, condition: rowCondition(filter.row, '=') };
    case 'neq':
      return { exists: false, condition: rowCondition(filter.row, '=') };
    case 'gt':
      return { exists: true, condition: rowCondition(filter.row, '>') };
    case 'gte':
      return { exists: true, condition: rowCondition(filter.row, '>=') };
    case 'lt':
      return { exists: true, condition: rowCondition(filter.row, '<') };
    case 'lte':
      return { exists: true, condition: rowCondition(filter.row, '<=') };
    case 'in':
      return {
        exists: true,
        condition: sql<boolean>`(${sql.join(
          filter.rows.map((row) => rowCondition(row, '=')),
          sql` OR `,
        )})`,
      };
    case 'between':
      return {
        exists: true,
        condition: sql<boolean>`(${rowCondition(filter.from, '>=')} AND ${rowCondition(filter.to, '<=')})`,
      };
    case 'contains': {
      const escaped = filter.text.replace(/[\\%_]/g, (c) => `\\${c}`);
      return { exists: true, condition: sql<boolean>`v.value_text ILIKE ${`%${escaped}%`}` };
    }
  }
}

/** The column a sortable type sorts by. */
function sortColumn(field: CustomField) {
  switch (field.type) {
    case 'number':
    case 'money':
      return sql`v.value_number`;
    case 'date':
      return sql`v.value_date`;
    case 'datetime':
    case 'resource_booking':
      return sql`v.value_datetime`;
    case 'boolean':
      return sql`v.value_bool`;
    default:
      return sql`left(v.value_text, 200)`;
  }
}

// Definitions are read on every list request with a custom-field filter or sort and on every write with
// custom fields; they rarely change. Parsing one, and building its filter schema, costs more than the query
// that reads it, so both are kept per stored text (a changed definition is a new key; the oldest go first).
const MAX_PARSED_FIELDS = 5000;
const parsedFields = new Map<string, CustomField>();
const filterSchemas = new WeakMap<CustomField, ReturnType<typeof customFieldFilterSchema>>();

function parsedField(id: string, definition: string): CustomField {
  const key = `${id}\n${definition}`;
  let field = parsedFields.get(key);
  if (field === undefined) {
    field = Object.freeze(customFieldSchema.parse({ ...(JSON.parse(definition) as object), id }));
    if (parsedFields.size >= MAX_PARSED_FIELDS) {
      const oldest = parsedFields.keys().next();
      if (!oldest.done) parsedFields.delete(oldest.value);
    }
    parsedFields.set(key, field);
  }
  return field;
}

function filterSchemaOf(field: CustomField) {
  let schema = filterSchemas.get(field);
  if (schema === undefined) {
    schema = customFieldFilterSchema(field);
    filterSchemas.set(field, schema);
  }
  return schema;
}

export function createRecordValues(db: Db) {
  async function fieldsOf(trx: Db, accountId: string, entity: CustomFieldEntity): Promise<CustomField[]> {
    const rows = await trx
      .selectFrom('custom_fields')
      .select(['id', sql<string>`definition::text`.as('definition')])
      .where('account_id', '=', accountId)
      .where('entity', '=', entity)
      .orderBy('sort')
      .orderBy('created_at')
      .execute();
    return rows.map((row) => parsedField(row.id, row.definition));
  }

  /** The stages "required from stage X" counts through, for a record at `stageId` (see the header). */
  async function stageOrderOf(trx: Db, accountId: string, pipelineId: string, stageId: string) {
    const stages = await trx
      .selectFrom('stages')
      .select(['id', 'kind', 'position'])
      .where('account_id', '=', accountId)
      .where('pipeline_id', '=', pipelineId)
      .execute();
    const current = stages.find((s) => s.id === stageId);
    if (!current) return undefined;
    if (current.kind === 'lost') return [stageId];
    const rank = { unsorted: 0, open: 1, won: 2, lost: 3 } as const;
    return stages
      .filter((s) => s.kind !== 'lost')
      .sort((a, b) => rank[a.kind] - rank[b.kind] || a.position - b.position)
      .map((s) => s.id);
  }

  /** What only the database knows about the values: references exist in the account, bookings are free. */
  async function checkReferences(
    trx: Db,
    accountId: string,
    recordId: string,
    fields: CustomField[],
    values: Record<string, CustomFieldValue | null>,
  ): Promise<{ errors: FieldError[]; values: Record<string, CustomFieldValue | null> }> {
    const errors: FieldError[] = [];
    const result = { ...values };
    for (const field of fields) {
      const value = values[field.id];
      if (value === undefined || value === null) continue;
      const elements = elementsOf(value);
      const path = pathOf(field.id);
      if (field.type === 'user') {
        const ids = elements as string[];
        const found = await trx
          .selectFrom('users')
          .select('id')
          .where('account_id', '=', accountId)
          .where('id', 'in', ids)
          .execute();
        const known = new Set(found.map((u) => u.id));
        for (const id of ids) if (!known.has(id)) errors.push({ field: path, reason: `no such user ${id}` });
      } else if (field.type === 'crm_link') {
        for (const link of elements as { entity: CustomFieldEntity; id: string }[]) {
          const found = await trx
            .selectFrom(RECORD_TABLES[link.entity])
            .select('id')
            .where('account_id', '=', accountId)
            .where('id', '=', link.id)
            .executeTakeFirst();
          if (!found) errors.push({ field: path, reason: `no such ${link.entity} ${link.id}` });
        }
      } else if (field.type === 'file') {
        const files = elements as { fileId: string }[];
        const found = await trx
          .selectFrom('files')
          .select(['id', 'name', 'size', 'mime'])
          .where('account_id', '=', accountId)
          .where(
            'id',
            'in',
            files.map((f) => f.fileId),
          )
          .execute();
        const byId = new Map(found.map((f) => [f.id, f]));
        const stored = files.map((f) => {
          const upload = byId.get(f.fileId);
          if (!upload) {
            errors.push({ field: path, reason: `no such file ${f.fileId}` });
            return f;
          }
          return { fileId: upload.id, name: upload.name, size: Number(upload.size), mime: upload.mime };
        });
        // The upload's own size and type must still fit the field's limits.
        const checked = validateFieldValues([field], {
          [field.id]: field.multiple ? stored : stored[0],
        });
        if (checked.ok) result[field.id] = checked.values[field.id] ?? null;
        else errors.push(...checked.errors.map((e) => ({ ...e, field: path })));
      } else if (field.type === 'phone') {
        for (const phone of elements as string[]) {
          if (!normalizePhone(phone)) errors.push({ field: path, reason: `${phone} is not a phone number` });
        }
      } else if (field.type === 'resource_booking') {
        for (const booking of elements as { resourceId: string; start: string; end: string }[]) {
          const clash = await bookingClash(trx, accountId, field, recordId, booking);
          if (clash) errors.push({ field: path, reason: 'the resource is booked for that time' });
        }
      }
    }
    return { errors, values: result };
  }

  /** Whether another record of this field books the same resource for an overlapping time. */
  async function bookingClash(
    trx: Db,
    accountId: string,
    field: CustomField,
    recordId: string,
    booking: { resourceId: string; start: string; end: string },
  ) {
    const rows = await trx
      .selectFrom('custom_field_values')
      .select('record_id')
      .where('account_id', '=', accountId)
      .where('field_id', '=', field.id)
      .where('value_ref', '=', booking.resourceId)
      .where('record_id', '<>', recordId)
      .where('value_datetime', '<', new Date(booking.end))
      .execute();
    if (rows.length === 0) return false;
    const records = await trx
      .selectFrom(RECORD_TABLES[field.entity])
      .select('custom_fields')
      .where('account_id', '=', accountId)
      .where(
        'id',
        'in',
        rows.map((r) => r.record_id),
      )
      .execute();
    const start = Date.parse(booking.start);
    return records.some((record) =>
      elementsOf((record.custom_fields[field.id] ?? null) as CustomFieldValue | null).some((other) => {
        const b = other as { resourceId: string; start: string; end: string };
        return b.resourceId === booking.resourceId && Date.parse(b.end) > start;
      }),
    );
  }

  function storageRowsOf(
    accountId: string,
    recordId: string,
    fields: CustomField[],
    values: Record<string, CustomFieldValue | null>,
  ): StorageRow[] {
    const rows: StorageRow[] = [];
    for (const field of fields) {
      const value = values[field.id];
      if (value === undefined || value === null) continue;
      customFieldStorageRows(field, value).forEach((row, ordinal) => {
        const text = field.type === 'phone' && row.text ? (normalizePhone(row.text) ?? row.text) : row.text;
        rows.push({
          account_id: accountId,
          field_id: field.id,
          record_id: recordId,
          ordinal,
          value_text: text ?? null,
          value_number: row.number ?? null,
          value_date: row.date ?? null,
          value_datetime: row.datetime ?? null,
          value_bool: row.bool ?? null,
          value_ref: row.ref ?? null,
        });
      });
    }
    return rows;
  }

  async function timeZoneOf(trx: Db, accountId: string) {
    const account = await trx
      .selectFrom('accounts')
      .select('timezone')
      .where('id', '=', accountId)
      .executeTakeFirst();
    return account?.timezone ?? 'UTC';
  }

  async function fieldFor(actor: Actor, entity: CustomFieldEntity, fieldId: string, path: string) {
    const field = (await fieldsOf(db, actor.accountId, entity)).find((f) => f.id === fieldId);
    if (!field) throw invalidField(path, `no ${entity} field ${fieldId}`);
    return field;
  }

  /**
   * Checks and stores the custom fields of several records (a migrated page: each record's own args), in
   * one delete and one insert; returns each record's canonical map, in order. The first refused record
   * refuses the whole call.
   */
  async function writeMany(
    trx: Db,
    actor: Actor,
    list: WriteValuesArgs[],
  ): Promise<Record<string, CustomFieldValue>[]> {
    const fieldsByEntity = new Map<CustomFieldEntity, CustomField[]>();
    const stageOrders = new Map<string, Awaited<ReturnType<typeof stageOrderOf>>>();
    let timeZone: string | undefined;
    const results: Record<string, CustomFieldValue>[] = [];
    const rows: StorageRow[] = [];
    for (const args of list) {
      let fields = fieldsByEntity.get(args.entity);
      if (!fields) {
        fields = await fieldsOf(trx, actor.accountId, args.entity);
        fieldsByEntity.set(args.entity, fields);
      }
      const known = new Set(fields.map((f) => f.id));
      const input = args.input ?? {};
      // Values of fields deleted since they were stored are dropped, not reported.
      const stored = Object.fromEntries(Object.entries(args.stored ?? {}).filter(([id]) => known.has(id)));
      let merged: Record<string, unknown> = { ...stored, ...input };
      const creating = args.stored === null;
      if (creating) {
        timeZone ??= await timeZoneOf(trx, actor.accountId);
        merged = applyFieldDefaults(fields, merged, new Date(), {
          timeZone,
          ...(args.pipelineId !== undefined ? { pipelineId: args.pipelineId } : {}),
        });
      }
      let stageOrder: Awaited<ReturnType<typeof stageOrderOf>> | undefined;
      if (args.pipelineId && args.stageId) {
        const key = `${args.pipelineId}:${args.stageId}`;
        stageOrder = stageOrders.get(key);
        if (!stageOrder) {
          stageOrder = await stageOrderOf(trx, actor.accountId, args.pipelineId, args.stageId);
          stageOrders.set(key, stageOrder);
        }
      }
      // Outside create and stage moves only the fields this request touches must be filled.
      const enforced =
        creating || args.enforceRequired === true
          ? fields
          : fields.map((f) => (f.id in input ? f : { ...f, required: false, requiredFromStageIds: [] }));
      const checked = validateFieldValues(enforced, merged, {
        ...(args.pipelineId !== undefined ? { pipelineId: args.pipelineId } : {}),
        ...(stageOrder && args.stageId ? { stageId: args.stageId, stageOrder } : {}),
      });
      if (!checked.ok) throw invalidFields(checked.errors.map((e) => ({ ...e, field: `body.${e.field}` })));
      const values = checked.values;
      const referenced = await checkReferences(trx, actor.accountId, args.recordId, fields, values);
      if (referenced.errors.length > 0) throw invalidFields(referenced.errors);
      rows.push(...storageRowsOf(actor.accountId, args.recordId, fields, referenced.values));
      const canonical: Record<string, CustomFieldValue> = {};
      for (const field of fields) {
        const value = referenced.values[field.id];
        if (value !== undefined && value !== null) canonical[field.id] = value;
      }
      results.push(canonical);
    }
    if (list.length === 0) return results;
    await trx
      .deleteFrom('custom_field_values')
      .where('account_id', '=', actor.accountId)
      .where(
        'record_id',
        'in',
        list.map((args) => args.recordId),
      )
      .execute();
    // Bound the statement's parameters (a page of records with many fields each).
    for (let i = 0; i < rows.length; i += 1000)
      await trx
        .insertInto('custom_field_values')
        .values(rows.slice(i, i + 1000))
        .execute();
    return results;
  }

  return {
    async write(trx: Db, actor: Actor, args: WriteValuesArgs): Promise<Record<string, CustomFieldValue>> {
      const [stored] = await writeMany(trx, actor, [args]);
      if (!stored) throw new Error('unreachable');
      return stored;
    },

    writeMany,

    remove: async (trx: Db, accountId: string, recordIds: string[]) => {
      if (recordIds.length === 0) return;
      await trx
        .deleteFrom('custom_field_values')
        .where('account_id', '=', accountId)
        .where('record_id', 'in', recordIds)
        .execute();
    },

    async filter(
      actor: Actor,
      entity: CustomFieldEntity,
      json: string | undefined,
      recordId: RecordRef,
    ): Promise<RawBuilder<boolean> | undefined> {
      if (json === undefined || json.trim() === '') return undefined;
      const path = 'querystring.customFields';
      let filters: unknown;
      try {
        filters = JSON.parse(json);
      } catch {
        throw invalidField(path, 'must be a JSON object: {"<field id>": {"op": "eq", "value": …}}');
      }
      if (typeof filters !== 'object' || filters === null || Array.isArray(filters)) {
        throw invalidField(path, 'must be a JSON object: {"<field id>": {"op": "eq", "value": …}}');
      }
      const entries = Object.entries(filters as Record<string, unknown>);
      if (entries.length === 0) return undefined;
      if (entries.length > 20) throw invalidField(path, 'at most 20 field filters');
      const fields = new Map((await fieldsOf(db, actor.accountId, entity)).map((f) => [f.id, f]));
      const errors: FieldError[] = [];
      const conditions: RawBuilder<boolean>[] = [];
      for (const [fieldId, raw] of entries) {
        const field = fields.get(fieldId);
        if (!field) {
          errors.push({ field: `${path}.${fieldId}`, reason: 'unknown field' });
          continue;
        }
        const parsed = filterSchemaOf(field).safeParse(raw);
        if (!parsed.success) {
          for (const issue of parsed.error.issues)
            errors.push({
              field: [`${path}.${fieldId}`, ...issue.path.map(String)].join('.'),
              reason: issue.message,
            });
          continue;
        }
        let storage = customFieldFilterToStorage(field, parsed.data);
        if (field.type === 'phone') storage = normalizedPhoneFilter(storage);
        const { exists, condition } = storageCondition(storage);
        const rows = sql`SELECT 1 FROM custom_field_values v
          WHERE v.account_id = ${actor.accountId} AND v.field_id = ${fieldId} AND v.record_id = ${recordId}
            AND ${condition}`;
        conditions.push(exists ? sql<boolean>`EXISTS (${rows})` : sql<boolean>`NOT EXISTS (${rows})`);
      }
      if (errors.length > 0) throw invalidFields(errors);
      return sql<boolean>`(${sql.join(conditions, sql` AND `)})`;
    },

    async sortExpression(
      actor: Actor,
      entity: CustomFieldEntity,
      fieldId: string,
      recordId: RecordRef,
    ): Promise<RawBuilder<unknown>> {
      const field = await fieldFor(actor, entity, fieldId, 'querystring.sort');
      if (!customFieldRegistry[field.type].sortable) {
        throw invalidField('querystring.sort', `a ${field.type} field cannot be sorted by`);
      }
      return sql`(SELECT ${sortColumn(field)} FROM custom_field_values v
        WHERE v.account_id = ${actor.accountId} AND v.field_id = ${fieldId} AND v.record_id = ${recordId}
          AND v.ordinal = 0)`;
    },

    /** Drops a deleted field's values from its entity's records (the index rows cascade). */
    async dropField(trx: Db, accountId: string, entity: CustomFieldEntity, fieldId: string) {
      await sql`UPDATE ${sql.table(RECORD_TABLES[entity])} SET custom_fields = custom_fields - ${fieldId}
        WHERE account_id = ${accountId} AND custom_fields ? ${fieldId}`.execute(trx);
    },

    /** How many records hold one of these list options (before the options are removed). */
    async countOptionUses(trx: Db, accountId: string, fieldId: string, optionIds: string[]) {
      if (optionIds.length === 0) return 0;
      const row = await trx
        .selectFrom('custom_field_values')
        .select((eb) => eb.fn.count<string>('record_id').distinct().as('count'))
        .where('account_id', '=', accountId)
        .where('field_id', '=', fieldId)
        .where('value_ref', 'in', optionIds)
        .executeTakeFirst();
      return Number(row?.count ?? 0);
    },
  };
}
export type RecordFieldValues = ReturnType<typeof createRecordValues>;

/** Phone filters compare E.164 forms, as the values are stored. */
function normalizedPhoneFilter(filter: CustomFieldStorageFilter): CustomFieldStorageFilter {
  const row = (r: CustomFieldStorageRow) => ({
    ...r,
    text: r.text ? (normalizePhone(r.text) ?? r.text) : r.text,
  });
  switch (filter.op) {
    case 'eq':
    case 'neq':
      return { ...filter, row: row(filter.row) };
    case 'in':
      return { ...filter, rows: filter.rows.map(row) };
    default:
      return filter;
  }
}
