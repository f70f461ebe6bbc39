import type { Selectable } from 'kysely';
import type { Db, ImportConnectionsTable } from '../../platform/db/index.js';

export type ConnectionRow = Selectable<ImportConnectionsTable> & { connected_by_name: string | null };

export interface ConnectionValues {
  status: ImportConnectionsTable['status'];
  base_url: string;
  client_id: string;
  client_secret_enc: string;
  redirect_uri: string;
  access_token_enc: string;
  refresh_token_enc: string | null;
  access_expires_at: Date;
  remote_account_id: number | null;
  remote_account_name: string | null;
  connected_by: string;
}

const select = (db: Db, accountId: string) =>
  db
    .selectFrom('import_connections as c')
    .leftJoin('users as u', (join) =>
      join.onRef('u.account_id', '=', 'c.account_id').onRef('u.id', '=', 'c.connected_by'),
    )
    .selectAll('c')
    .select('u.name as connected_by_name')
    .where('c.account_id', '=', accountId);

export function createConnectionsRepository() {
  return {
    list: (db: Db, accountId: string) =>
      select(db, accountId).orderBy('c.connected_at', 'desc').orderBy('c.id').execute(),

    find: (db: Db, accountId: string, id: string) =>
      select(db, accountId).where('c.id', '=', id).executeTakeFirst(),

    /** The row locked for a token rotation (other rotations of it wait). */
    lock: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('import_connections')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst(),

    /** Inserts, or replaces the credentials of the same portal's connection. Returns the id and whether it was new. */
    upsert: (db: Db, accountId: string, source: 'amocrm', values: ConnectionValues) =>
      db
        .insertInto('import_connections')
        .values({ account_id: accountId, source, ...values })
        .onConflict((oc) =>
          oc.columns(['account_id', 'source', 'base_url']).doUpdateSet({
            ...values,
            last_error: null,
            connected_at: new Date(),
            updated_at: new Date(),
          }),
        )
        .returning(['id', 'created_at', 'updated_at'])
        .executeTakeFirstOrThrow(),

    saveTokens: (
      db: Db,
      accountId: string,
      id: string,
      values: Pick<ConnectionValues, 'access_token_enc' | 'refresh_token_enc' | 'access_expires_at'>,
    ) =>
      db
        .updateTable('import_connections')
        .set({ ...values, status: 'connected', last_error: null, updated_at: new Date() })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .execute(),

    markReauthorizationRequired: (db: Db, accountId: string, id: string, error: string) =>
      db
        .updateTable('import_connections')
        .set({ status: 'reauthorization_required', last_error: error, updated_at: new Date() })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .execute(),

    delete: (db: Db, accountId: string, id: string) =>
      db.deleteFrom('import_connections').where('account_id', '=', accountId).where('id', '=', id).execute(),
  };
}
export type ConnectionsRepository = ReturnType<typeof createConnectionsRepository>;
