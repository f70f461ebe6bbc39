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

    /** Refused by the foreign key of timeline_entry_files while an entry still has the file. */
    delete: (db: Db, accountId: string, id: string) =>
      db.deleteFrom('files').where('account_id', '=', accountId).where('id', '=', id).execute(),
  };
}
export type FilesRepository = ReturnType<typeof createFilesRepository>;
