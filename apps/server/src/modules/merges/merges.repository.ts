// The merges module's queries. A merge rewrites references held by other modules' tables (deals, leads,
// tasks, timeline, custom-field values, links) in the merge's one transaction; references.ts lists them and a
// test checks that list against the database's foreign keys. Rows are snapshotted as jsonb (`to_jsonb`, so
// timestamps keep their microseconds and every column is kept, also ones added later) and restored with
// `jsonb_populate_record(set)`, so undo brings back the very rows.
import { sql, type Selectable } from 'kysely';
import type { MergeEntity } from '@voronka/contracts';
import {
  keysetPage,
  keysetValue,
  keysetValueChecks,
  type Db,
  type KeysetKey,
  type KeysetOrder,
  type RecordMergesTable,
} from '../../platform/db/index.js';
import { OTHER_TABLES, RECORD_TABLES, type ColumnReference, type PairReference } from './references.js';

/** A row as jsonb gave it. */
export type JsonRow = Record<string, unknown>;
export type MergeRow = Selectable<RecordMergesTable>;

const CUSTOM_FIELD_TABLES = {
  deal: 'deals',
  lead: 'leads',
  contact: 'contacts',
  company: 'companies',
} as const;
export type HolderEntity = keyof typeof CUSTOM_FIELD_TABLES;

/** Columns a restore of the kept record leaves alone: its identity, and the version/time of the undo itself. */
const KEPT_COLUMNS = new Set(['id', 'account_id', 'created_at', 'version', 'updated_at']);

export function createMergesRepository() {
  /** Rows of `table` whose `column` is one of `ids`, as jsonb objects, in a stable order. */
  async function rowsOf(db: Db, table: string, accountId: string, column: string, ids: string[]) {
    if (ids.length === 0) return [];
    const { rows } = await sql<{ row: JsonRow }>`
      SELECT to_jsonb(t.*) AS row FROM ${sql.table(table)} t
      WHERE t.account_id = ${accountId} AND ${sql.ref(`t.${column}`)} IN (${sql.join(ids)})
      ORDER BY to_jsonb(t.*)::text`.execute(db);
    return rows.map((r) => r.row);
  }

  /** Inserts snapshotted rows back; `onlyIf` keeps those whose condition (over `r`) holds. */
  async function insertRows(db: Db, table: string, rows: JsonRow[], onlyIf = sql`true`) {
    if (rows.length === 0) return;
    await sql`INSERT INTO ${sql.table(table)}
      SELECT r.* FROM jsonb_populate_recordset(NULL::${sql.table(table)}, ${JSON.stringify(rows)}::jsonb) r
      WHERE ${onlyIf}`.execute(db);
  }

  return {
    rowsOf,
    insertRows,

    /** Custom-field index rows of these records. */
    fieldValuesOf: (db: Db, accountId: string, recordIds: string[]) =>
      rowsOf(db, 'custom_field_values', accountId, 'record_id', recordIds),

    /** Puts index rows back, leaving out those of fields deleted since. */
    restoreFieldValues: (db: Db, rows: JsonRow[]) =>
      insertRows(
        db,
        'custom_field_values',
        rows,
        sql`EXISTS (SELECT 1 FROM custom_fields f WHERE f.account_id = r.account_id AND f.id = r.field_id)`,
      ),

    deleteFieldValues: (db: Db, accountId: string, recordId: string, fieldId?: string) => {
      let query = db
        .deleteFrom('custom_field_values')
        .where('account_id', '=', accountId)
        .where('record_id', '=', recordId);
      if (fieldId) query = query.where('field_id', '=', fieldId);
      return query.execute();
    },

    deleteOwnRows: (db: Db, table: string, accountId: string, column: string, id: string) =>
      sql`DELETE FROM ${sql.table(table)} WHERE account_id = ${accountId} AND ${sql.ref(column)} = ${id}`.execute(
        db,
      ),

    /** Sets the kept record's columns back to the snapshot; its version steps on (so old ETags stay stale). */
    async restoreRecord(db: Db, entity: MergeEntity, row: JsonRow) {
      const columns = Object.keys(row).filter((c) => !KEPT_COLUMNS.has(c));
      const table = RECORD_TABLES[entity];
      await sql`UPDATE ${sql.table(table)} t SET (${sql.join(columns.map((c) => sql.id(c)))}) =
          (SELECT ${sql.join(columns.map((c) => sql.ref(`r.${c}`)))}
           FROM jsonb_populate_record(NULL::${sql.table(table)}, ${JSON.stringify(row)}::jsonb) r),
        version = t.version + 1, updated_at = now()
        WHERE t.account_id = ${row.account_id} AND t.id = ${row.id}`.execute(db);
    },

    // ---- single-id columns ---------------------------------------------------------------------------------

    async moveColumn(db: Db, ref: ColumnReference, accountId: string, sourceIds: string[], targetId: string) {
      const { rows } = await sql<{ id: string; from: string }>`
        SELECT id, ${sql.id(ref.column)} AS "from" FROM ${sql.table(ref.table)}
        WHERE account_id = ${accountId} AND ${sql.id(ref.column)} IN (${sql.join(sourceIds)})
        ORDER BY id FOR UPDATE`.execute(db);
      if (rows.length > 0) {
        await sql`UPDATE ${sql.table(ref.table)} SET ${sql.id(ref.column)} = ${targetId}
          WHERE account_id = ${accountId} AND ${sql.id(ref.column)} IN (${sql.join(sourceIds)})`.execute(db);
      }
      return rows;
    },

    /** Moves one reference back, if it still points at the kept record. */
    moveColumnBack: (
      db: Db,
      ref: ColumnReference,
      accountId: string,
      id: string,
      from: string,
      targetId: string,
    ) =>
      sql`UPDATE ${sql.table(ref.table)} SET ${sql.id(ref.column)} = ${from}
        WHERE account_id = ${accountId} AND id = ${id} AND ${sql.id(ref.column)} = ${targetId}`.execute(db),

    // ---- link tables ---------------------------------------------------------------------------------------

    pairRow: async (db: Db, ref: PairReference, accountId: string, recordId: string, otherId: string) => {
      const { rows } = await sql<{ row: JsonRow }>`
        SELECT to_jsonb(t.*) AS row FROM ${sql.table(ref.table)} t
        WHERE t.account_id = ${accountId} AND ${sql.ref(`t.${ref.column}`)} = ${recordId}
          AND ${sql.ref(`t.${ref.other}`)} = ${otherId}
        FOR UPDATE`.execute(db);
      return rows[0]?.row;
    },

    deletePair: (db: Db, ref: PairReference, accountId: string, recordId: string, otherId: string) =>
      sql`DELETE FROM ${sql.table(ref.table)} WHERE account_id = ${accountId}
        AND ${sql.id(ref.column)} = ${recordId} AND ${sql.id(ref.other)} = ${otherId}`.execute(db),

    repointPair: (db: Db, ref: PairReference, accountId: string, from: string, to: string, otherId: string) =>
      sql`UPDATE ${sql.table(ref.table)} SET ${sql.id(ref.column)} = ${to} WHERE account_id = ${accountId}
        AND ${sql.id(ref.column)} = ${from} AND ${sql.id(ref.other)} = ${otherId}`.execute(db),

    setPrimary: (db: Db, accountId: string, dealId: string, contactId: string, primary: boolean) =>
      db
        .updateTable('deal_contacts')
        .set({ is_primary: primary })
        .where('account_id', '=', accountId)
        .where('deal_id', '=', dealId)
        .where('contact_id', '=', contactId)
        .execute(),

    hasPrimary: async (db: Db, accountId: string, dealId: string) =>
      (await db
        .selectFrom('deal_contacts')
        .select('contact_id')
        .where('account_id', '=', accountId)
        .where('deal_id', '=', dealId)
        .where('is_primary', '=', true)
        .executeTakeFirst()) !== undefined,

    /** Whether the other end of a link row still exists. */
    otherExists: async (db: Db, ref: PairReference, accountId: string, otherId: string) => {
      const { rows } = await sql`SELECT 1 FROM ${sql.table(OTHER_TABLES[ref.other])}
        WHERE account_id = ${accountId} AND id = ${otherId}`.execute(db);
      return rows.length > 0;
    },

    // ---- crm_link custom-field values ----------------------------------------------------------------------

    /** crm_link values pointing at these records: the holding record, its field, its entity. */
    fieldLinksTo: async (db: Db, accountId: string, entity: MergeEntity, ids: string[]) => {
      const { rows } = await sql<{ field_id: string; record_id: string; holder: HolderEntity }>`
        SELECT DISTINCT v.field_id, v.record_id, f.entity AS holder
        FROM custom_field_values v
        JOIN custom_fields f ON f.account_id = v.account_id AND f.id = v.field_id
        WHERE v.account_id = ${accountId} AND f.type = 'crm_link' AND v.value_text = ${entity}
          AND v.value_ref IN (${sql.join(ids)})
        ORDER BY f.entity, v.record_id, v.field_id`.execute(db);
      return rows;
    },

    /** A record's stored value of one custom field (jsonb), locking the record. */
    fieldValue: async (
      db: Db,
      holder: HolderEntity,
      accountId: string,
      recordId: string,
      fieldId: string,
    ) => {
      const { rows } = await sql<{ value: unknown }>`
        SELECT custom_fields -> ${fieldId} AS value FROM ${sql.table(CUSTOM_FIELD_TABLES[holder])}
        WHERE account_id = ${accountId} AND id = ${recordId} FOR UPDATE`.execute(db);
      return rows[0];
    },

    /** Sets one custom field's stored value, only if it still is `expected` (null: no condition). */
    async setFieldValue(
      db: Db,
      holder: HolderEntity,
      accountId: string,
      recordId: string,
      fieldId: string,
      value: unknown,
      expected?: unknown,
    ) {
      const condition =
        expected === undefined
          ? sql`true`
          : sql`custom_fields -> ${fieldId} = ${JSON.stringify(expected)}::jsonb`;
      const result = await sql`UPDATE ${sql.table(CUSTOM_FIELD_TABLES[holder])}
        SET custom_fields = jsonb_set(custom_fields, ARRAY[${fieldId}::text], ${JSON.stringify(value)}::jsonb)
        WHERE account_id = ${accountId} AND id = ${recordId} AND ${condition}`.execute(db);
      return Number(result.numAffectedRows ?? 0) > 0;
    },

    /** Rewrites one field's crm_link index rows of a record (ordinal, id, entity). */
    async writeLinkRows(
      db: Db,
      accountId: string,
      recordId: string,
      fieldId: string,
      links: { entity: string; id: string }[],
    ) {
      await db
        .deleteFrom('custom_field_values')
        .where('account_id', '=', accountId)
        .where('record_id', '=', recordId)
        .where('field_id', '=', fieldId)
        .execute();
      if (links.length === 0) return;
      await db
        .insertInto('custom_field_values')
        .values(
          links.map((link, ordinal) => ({
            account_id: accountId,
            field_id: fieldId,
            record_id: recordId,
            ordinal,
            value_ref: link.id,
            value_text: link.entity,
          })),
        )
        .execute();
    },

    // ---- record_merges -------------------------------------------------------------------------------------

    insertMerge: (
      db: Db,
      values: {
        account_id: string;
        entity: MergeEntity;
        target_id: string;
        source_ids: string[];
        snapshot: unknown;
        moved: unknown;
        merged_by: string;
      },
    ) =>
      db
        .insertInto('record_merges')
        .values({ ...values, snapshot: JSON.stringify(values.snapshot), moved: JSON.stringify(values.moved) })
        .returningAll()
        .executeTakeFirstOrThrow(),

    findMerge: (db: Db, accountId: string, id: string, lock = false) => {
      let query = db
        .selectFrom('record_merges')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id);
      if (lock) query = query.forUpdate();
      return query.executeTakeFirst();
    },

    markUndone: (db: Db, accountId: string, id: string, userId: string) =>
      db
        .updateTable('record_merges')
        .set({ undone_at: new Date(), undone_by: userId, updated_at: new Date() })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow(),

    /** The order of the merges list: newest first. */
    order: {
      tag: 'mergedAt:desc',
      value: sql.ref('record_merges.merged_at'),
      id: sql.ref('record_merges.id'),
      direction: 'desc',
      notNull: true,
      check: keysetValueChecks.timestamp,
    } satisfies KeysetOrder as KeysetOrder,

    pageMerges: (
      db: Db,
      accountId: string,
      filter: {
        entity?: MergeEntity | undefined;
        targetId?: string | undefined;
        /** Merges that took this record away. */
        sourceId?: string | undefined;
        order: KeysetOrder;
        after?: KeysetKey | undefined;
        limit: number;
      },
    ) => {
      let query = db
        .selectFrom('record_merges')
        .selectAll()
        .select(keysetValue(filter.order).as('keyset_value'))
        .where('account_id', '=', accountId);
      if (filter.entity) query = query.where('entity', '=', filter.entity);
      if (filter.targetId) query = query.where('target_id', '=', filter.targetId);
      if (filter.sourceId)
        query = query.where(sql<boolean>`record_merges.source_ids @> ARRAY[${filter.sourceId}]::uuid[]`);
      return keysetPage(query, filter.order, filter.after, filter.limit).execute();
    },
  };
}
export type MergesRepository = ReturnType<typeof createMergesRepository>;
