import type { Selectable } from 'kysely';
import type { Db, FilesTable } from '../../platform/db/index.js';

export type FileRow = Selectable<FilesTable>;

export function createFilesRepository() {
  return {
    insert: (
      db: Db,
      values: Pick<
        FileRow,
        'id' | 'account_id' | 'name' | 'mime' | 'size' | 'sha256' | 'storage_key' | 'uploaded_by'
      > &
        Partial<Pick<FileRow, 'created_at' | 'updated_at'>>,
    ) => db.insertInto('files').values(values).returningAll().executeTakeFirstOrThrow(),

    find: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('files')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst(),

    lock: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('files')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst(),

    findMany: (db: Db, accountId: string, ids: readonly string[]) =>
      ids.length === 0
        ? Promise.resolve([] as FileRow[])
        : db
            .selectFrom('files')
            .selectAll()
            .where('account_id', '=', accountId)
            .where('id', 'in', ids)
            .execute(),

    /**
     * The records the files are on, through the timeline entries that have them (a read of the timeline
     * module's tables: a file is only ever attached there). A file on no entry has no row.
     */
    attachments: (db: Db, accountId: string, ids: readonly string[]) =>
      ids.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('timeline_entry_files as f')
            .innerJoin('timeline_entries as e', (j) =>
              j.onRef('e.account_id', '=', 'f.account_id').onRef('e.id', '=', 'f.entry_id'),
            )
            .select(['f.file_id', 'e.deal_id', 'e.lead_id', 'e.contact_id', 'e.company_id'])
            .where('f.account_id', '=', accountId)
            .where('f.file_id', 'in', [...ids])
            .execute(),

    /** Refused by the foreign key of timeline_entry_files while an entry still has the file. */
    delete: (db: Db, accountId: string, id: string) =>
      db.deleteFrom('files').where('account_id', '=', accountId).where('id', '=', id).execute(),
  };
}
export type FilesRepository = ReturnType<typeof createFilesRepository>;
