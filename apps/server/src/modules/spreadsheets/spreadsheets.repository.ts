// Persistence of spreadsheet imports, their per-row results and saved mappings; and the duplicate lookups of
// an import, which read (never write) the records' tables through the contacts module's channel queries.
import { sql, type Insertable, type Selectable } from 'kysely';
import type { SpreadsheetEntity } from '@voronka/contracts';
import type { Db, SpreadsheetImportsTable } from '../../platform/db/index.js';
import { createChannelsRepository, type ChannelTable } from '../contacts/index.js';
import type { RowKeys } from './row-values.js';

export type ImportRow = Omit<Selectable<SpreadsheetImportsTable>, 'content'>;
export type ImportOutcome = 'created' | 'updated' | 'skipped' | 'failed';

const columns = [
  'id',
  'account_id',
  'created_by',
  'entity',
  'file_name',
  'format',
  'encoding',
  'delimiter',
  'headers',
  'header_signature',
  'total_rows',
  'mapping',
  'mapping_source',
  'duplicate_rule',
  'duplicate_keys',
  'status',
  'processed_rows',
  'created',
  'updated',
  'skipped',
  'failed',
  'error',
  'created_at',
  'started_at',
  'finished_at',
  'undone_at',
] as const;

/** One import of the account (found or locked by the caller). */
const selectImport = (db: Db, accountId: string, id: string) =>
  db
    .selectFrom('spreadsheet_imports')
    .select(columns)
    .where('account_id', '=', accountId)
    .where('id', '=', id);

const recordTables = {
  contacts: { table: 'contacts', channels: 'contact_channels' },
  companies: { table: 'companies', channels: 'company_channels' },
  deals: { table: 'deals', channels: null },
  leads: { table: 'leads', channels: 'lead_channels' },
} as const satisfies Record<SpreadsheetEntity, { table: string; channels: ChannelTable | null }>;

export function createSpreadsheetsRepository() {
  const channelQueries = {
    contact_channels: createChannelsRepository('contact_channels'),
    company_channels: createChannelsRepository('company_channels'),
    lead_channels: createChannelsRepository('lead_channels'),
  };
  return {
    insert: (db: Db, values: Omit<Insertable<SpreadsheetImportsTable>, 'error'>) =>
      db
        .insertInto('spreadsheet_imports')
        .values({ ...values, error: null })
        .returning(columns)
        .executeTakeFirstOrThrow(),

    find: (db: Db, accountId: string, id: string) => selectImport(db, accountId, id).executeTakeFirst(),

    lock: (db: Db, accountId: string, id: string) =>
      selectImport(db, accountId, id).forUpdate().executeTakeFirst(),

    /** The uploaded bytes (PGlite returns a Uint8Array, pg a Buffer). */
    content: async (db: Db, accountId: string, id: string) => {
      const row = await db
        .selectFrom('spreadsheet_imports')
        .select('content')
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row?.content ? Buffer.from(row.content) : null;
    },

    list: (
      db: Db,
      accountId: string,
      filter: { entity?: SpreadsheetEntity | undefined; createdBy?: string },
    ) => {
      let query = db
        .selectFrom('spreadsheet_imports')
        .select(columns)
        .where('account_id', '=', accountId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(100);
      if (filter.entity) query = query.where('entity', '=', filter.entity);
      if (filter.createdBy) query = query.where('created_by', '=', filter.createdBy);
      return query.execute();
    },

    update: (
      db: Db,
      accountId: string,
      id: string,
      values: Partial<{
        mapping: string;
        mapping_source: 'guessed' | 'saved' | 'user';
        duplicate_rule: 'skip' | 'update' | 'create';
        duplicate_keys: string;
        status: ImportRow['status'];
        processed_rows: number;
        error: string | null;
        started_at: Date;
        finished_at: Date;
        undone_at: Date;
        content: null;
      }>,
    ) =>
      db
        .updateTable('spreadsheet_imports')
        .set(values)
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .returning(columns)
        .executeTakeFirstOrThrow(),

    /** Moves the checkpoint and adds the batch's outcomes to the counters. */
    advance: (
      db: Db,
      accountId: string,
      id: string,
      processedRows: number,
      counts: Record<ImportOutcome, number>,
    ) =>
      db
        .updateTable('spreadsheet_imports')
        .set((eb) => ({
          processed_rows: processedRows,
          created: eb('created', '+', counts.created),
          updated: eb('updated', '+', counts.updated),
          skipped: eb('skipped', '+', counts.skipped),
          failed: eb('failed', '+', counts.failed),
        }))
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .execute(),

    insertRows: async (
      db: Db,
      accountId: string,
      importId: string,
      rows: {
        row: number;
        outcome: ImportOutcome;
        recordId: string | null;
        prior: object | null;
        reason: string | null;
      }[],
    ) => {
      if (rows.length === 0) return;
      await db
        .insertInto('spreadsheet_import_rows')
        .values(
          rows.map((r) => ({
            account_id: accountId,
            import_id: importId,
            row_number: r.row,
            outcome: r.outcome,
            record_id: r.recordId,
            prior: r.prior ? JSON.stringify(r.prior) : null,
            reason: r.reason,
          })),
        )
        .execute();
    },

    /** A row's result, replacing a placeholder written before a write the service commits on its own. */
    setRow: (
      db: Db,
      importId: string,
      row: number,
      values: {
        outcome: ImportOutcome;
        recordId: string | null;
        prior: object | null;
        reason: string | null;
      },
    ) =>
      db
        .updateTable('spreadsheet_import_rows')
        .set({
          outcome: values.outcome,
          record_id: values.recordId,
          prior: values.prior ? JSON.stringify(values.prior) : null,
          reason: values.reason,
        })
        .where('import_id', '=', importId)
        .where('row_number', '=', row)
        .execute(),

    rows: (
      db: Db,
      accountId: string,
      importId: string,
      filter: { outcome?: ImportOutcome | undefined; after?: number | undefined; limit: number },
    ) => {
      let query = db
        .selectFrom('spreadsheet_import_rows')
        .select(['row_number', 'outcome', 'record_id', 'reason'])
        .where('account_id', '=', accountId)
        .where('import_id', '=', importId)
        .orderBy('row_number')
        .limit(filter.limit);
      if (filter.outcome) query = query.where('outcome', '=', filter.outcome);
      if (filter.after !== undefined) query = query.where('row_number', '>', filter.after);
      return query.execute();
    },

    /** Rows undo has still to handle, last written first. */
    toUndo: (db: Db, importId: string, limit: number) =>
      db
        .selectFrom('spreadsheet_import_rows')
        .select(['row_number', 'outcome', 'record_id', 'prior'])
        .where('import_id', '=', importId)
        .where('outcome', 'in', ['created', 'updated'])
        .where('undone', '=', false)
        .orderBy('row_number', 'desc')
        .limit(limit)
        .execute(),

    markUndone: (db: Db, importId: string, row: number) =>
      db
        .updateTable('spreadsheet_import_rows')
        .set({ undone: true })
        .where('import_id', '=', importId)
        .where('row_number', '=', row)
        .execute(),

    savedMapping: (db: Db, accountId: string, entity: SpreadsheetEntity, signature: string) =>
      db
        .selectFrom('spreadsheet_mappings')
        .select(['mapping', 'duplicate_rule', 'duplicate_keys'])
        .where('account_id', '=', accountId)
        .where('entity', '=', entity)
        .where('header_signature', '=', signature)
        .executeTakeFirst(),

    saveMapping: (
      db: Db,
      accountId: string,
      entity: SpreadsheetEntity,
      signature: string,
      values: { mapping: unknown[]; duplicateRule: string; duplicateKeys: string[] },
    ) =>
      db
        .insertInto('spreadsheet_mappings')
        .values({
          account_id: accountId,
          entity,
          header_signature: signature,
          mapping: JSON.stringify(values.mapping),
          duplicate_rule: values.duplicateRule,
          duplicate_keys: JSON.stringify(values.duplicateKeys),
        })
        .onConflict((oc) =>
          oc.columns(['account_id', 'entity', 'header_signature']).doUpdateSet({
            mapping: JSON.stringify(values.mapping),
            duplicate_rule: values.duplicateRule,
            duplicate_keys: JSON.stringify(values.duplicateKeys),
            updated_at: new Date(),
          }),
        )
        .execute(),

    /**
     * The oldest record of the entity matching the row by one of the keys: a phone or e-mail (normalized, as
     * the contacts module stores them) or the name (a contact's last and first name, any case).
     */
    findDuplicate: async (
      db: Db,
      accountId: string,
      entity: SpreadsheetEntity,
      by: ('phone' | 'email' | 'name')[],
      keys: RowKeys,
    ): Promise<string | undefined> => {
      const { table, channels } = recordTables[entity];
      const conditions = [];
      const queries = channels ? channelQueries[channels] : undefined;
      if (queries && by.includes('phone'))
        for (const phone of keys.phones) conditions.push(queries.hasChannel('phone', phone));
      if (queries && by.includes('email'))
        for (const email of keys.emails) conditions.push(queries.hasChannel('email', email));
      if (by.includes('name') && keys.name) {
        if (typeof keys.name === 'string')
          conditions.push(sql<boolean>`lower(${sql.ref(`${table}.name`)}) = lower(${keys.name})`);
        else
          conditions.push(
            sql<boolean>`(lower(contacts.last_name) = lower(${keys.name.last}) AND lower(contacts.first_name) = lower(${keys.name.first}))`,
          );
      }
      if (conditions.length === 0) return undefined;
      const { rows } = await sql<{ id: string }>`
        SELECT ${sql.ref(`${table}.id`)} AS id FROM ${sql.table(table)}
        WHERE ${sql.ref(`${table}.account_id`)} = ${accountId} AND (${sql.join(conditions, sql` OR `)})
        ORDER BY ${sql.ref(`${table}.created_at`)}, ${sql.ref(`${table}.id`)} LIMIT 1`.execute(db);
      return rows[0]?.id;
    },
  };
}
export type SpreadsheetsRepository = ReturnType<typeof createSpreadsheetsRepository>;
