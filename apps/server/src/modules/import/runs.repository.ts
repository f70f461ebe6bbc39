// Persistence of migration runs: the run rows, the external-id map, the live log and the report of
// records not migrated. Every method takes the account id.
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type {
  Db,
  ImportExternalIdsTable,
  ImportRunsTable,
  ImportRunStatus,
} from '../../platform/db/index.js';

export type RunRow = Selectable<ImportRunsTable>;
export type ExternalIdRow = Selectable<ImportExternalIdsTable>;

/** Runs a worker is (or should be) busy with; at most one of them per account. */
export const ACTIVE_STATUSES: ImportRunStatus[] = ['running', 'stopping', 'rolling_back'];

export function createRunsRepository() {
  return {
    insert: (db: Db, values: Insertable<ImportRunsTable>) =>
      db.insertInto('import_runs').values(values).returningAll().executeTakeFirstOrThrow(),

    find: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('import_runs')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst(),

    lock: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('import_runs')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst(),

    list: (db: Db, accountId: string) =>
      db
        .selectFrom('import_runs')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(200)
        .execute(),

    update: (db: Db, accountId: string, id: string, values: Updateable<ImportRunsTable>) =>
      db
        .updateTable('import_runs')
        .set({ ...values, updated_at: new Date() })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow(),

    /** Another run of the account a worker is busy with (only one at a time). */
    activeOther: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('import_runs')
        .select(['id', 'status'])
        .where('account_id', '=', accountId)
        .where('id', '<>', id)
        .where('status', 'in', ACTIVE_STATUSES)
        .executeTakeFirst(),

    /** Completed runs past their confirmation deadline (confirmed automatically when read). */
    overdueConfirmations: (db: Db, accountId: string) =>
      db
        .selectFrom('import_runs')
        .select('id')
        .where('account_id', '=', accountId)
        .where('status', '=', 'completed')
        .where('confirm_by', '<=', new Date())
        .execute(),

    /** Takes the worker lease of a run unless a live worker holds it. */
    takeLease: (db: Db, accountId: string, id: string, seconds: number) =>
      db
        .updateTable('import_runs')
        .set({ lease_until: sql`now() + make_interval(secs => ${seconds})` })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', sql<Date>`now()`)]))
        .returningAll()
        .executeTakeFirst(),

    releaseLease: (db: Db, accountId: string, id: string) =>
      db
        .updateTable('import_runs')
        .set({ lease_until: null })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .execute(),

    /** Runs a dead worker may have left behind, of every account (the resume pass on start). */
    unfinished: (db: Db) =>
      db
        .selectFrom('import_runs')
        .select(['id', 'account_id'])
        .where('status', 'in', ['checking', ...ACTIVE_STATUSES])
        .execute(),

    log: (db: Db, accountId: string, runId: string, level: 'info' | 'warning' | 'error', message: string) =>
      db
        .insertInto('import_run_log')
        .values({ account_id: accountId, run_id: runId, level, message: message.slice(0, 2000) })
        .execute(),

    logPage: (db: Db, accountId: string, runId: string, after: string | undefined, limit: number) =>
      db
        .selectFrom('import_run_log')
        .select(['seq', 'level', 'message', 'at'])
        .where('account_id', '=', accountId)
        .where('run_id', '=', runId)
        .$if(after !== undefined, (q) => q.where('seq', '>', after ?? '0'))
        .orderBy('seq')
        .limit(limit)
        .execute(),

    fail: (
      db: Db,
      accountId: string,
      runId: string,
      values: {
        entity: string;
        source_id: string;
        name: string | null;
        reason: string;
        code: string | null;
        params: Record<string, string>;
      },
    ) => {
      const why = {
        reason: values.reason.slice(0, 2000),
        code: values.code,
        params: JSON.stringify(values.params),
      };
      return db
        .insertInto('import_run_failures')
        .values({ account_id: accountId, run_id: runId, ...values, ...why })
        .onConflict((oc) => oc.columns(['run_id', 'entity', 'source_id']).doUpdateSet(why))
        .execute();
    },

    failures: (
      db: Db,
      accountId: string,
      runId: string,
      after: { at: Date; id: string } | undefined,
      limit: number,
    ) =>
      db
        .selectFrom('import_run_failures')
        .select(['id', 'entity', 'source_id', 'name', 'reason', 'code', 'params', 'at'])
        .where('account_id', '=', accountId)
        .where('run_id', '=', runId)
        .$if(after !== undefined, (q) =>
          q.where((eb) =>
            eb.or([
              eb('at', '>', after?.at ?? new Date(0)),
              eb.and([eb('at', '=', after?.at ?? new Date(0)), eb('id', '>', after?.id ?? '')]),
            ]),
          ),
        )
        .orderBy('at')
        .orderBy('id')
        .limit(limit)
        .execute(),

    // ---- the external-id map ----

    findExternal: (db: Db, accountId: string, key: { portal: string; entity: string; sourceId: string }) =>
      db
        .selectFrom('import_external_ids')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('source', '=', 'amocrm')
        .where('portal', '=', key.portal)
        .where('source_entity', '=', key.entity)
        .where('source_id', '=', key.sourceId)
        .executeTakeFirst(),

    /** Every mapping of one entity of a portal (source id → target id). */
    externalMap: async (db: Db, accountId: string, portal: string, entity: string) =>
      new Map(
        (
          await db
            .selectFrom('import_external_ids')
            .select(['source_id', 'target_id'])
            .where('account_id', '=', accountId)
            .where('source', '=', 'amocrm')
            .where('portal', '=', portal)
            .where('source_entity', '=', entity)
            .execute()
        ).map((r) => [r.source_id, r.target_id]),
      ),

    /** Maps records to their source (one statement for a page of them). */
    insertExternals: async (db: Db, rows: Omit<Insertable<ImportExternalIdsTable>, 'source'>[]) => {
      if (rows.length === 0) return;
      await db
        .insertInto('import_external_ids')
        .values(rows.map((values) => ({ ...values, source: 'amocrm' })))
        .execute();
    },

    updateExternal: (db: Db, accountId: string, id: string, values: Updateable<ImportExternalIdsTable>) =>
      db
        .updateTable('import_external_ids')
        .set({ ...values, updated_at: new Date() })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .execute(),

    deleteExternal: (db: Db, accountId: string, id: string) =>
      db.deleteFrom('import_external_ids').where('account_id', '=', accountId).where('id', '=', id).execute(),

    /** The next mappings a rollback undoes: those the run wrote, of one kind of target. */
    /** The run's own rows, and rows of records it created that a later run (a re-sync) updated since. */
    writtenBy: (db: Db, accountId: string, runId: string, targetEntity: string, limit: number) =>
      db
        .selectFrom('import_external_ids')
        .selectAll()
        .where('account_id', '=', accountId)
        .where((eb) => eb.or([eb('run_id', '=', runId), eb('created_run_id', '=', runId)]))
        .where('target_entity', '=', targetEntity)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute(),

    // ---- what the run reads of the account ----

    /** The account's users with their e-mails (to match amoCRM users by e-mail). */
    users: (db: Db, accountId: string) =>
      db
        .selectFrom('users as u')
        .innerJoin('identities as i', 'i.id', 'u.identity_id')
        .select([
          'u.id',
          'u.name',
          'u.role',
          'u.active',
          'u.invited_at',
          'u.deactivated_at',
          'u.identity_id',
          'i.email',
        ])
        .where('u.account_id', '=', accountId)
        .orderBy('u.created_at')
        .execute(),

    /** The language a user reads in: their identity's locale. */
    localeOf: async (db: Db, accountId: string, userId: string) =>
      (
        await db
          .selectFrom('users as u')
          .innerJoin('identities as i', 'i.id', 'u.identity_id')
          .select('i.locale')
          .where('u.account_id', '=', accountId)
          .where('u.id', '=', userId)
          .executeTakeFirst()
      )?.locale,

    account: (db: Db, accountId: string) =>
      db
        .selectFrom('accounts')
        .select(['timezone', 'currency'])
        .where('id', '=', accountId)
        .executeTakeFirstOrThrow(),
  };
}
export type RunsRepository = ReturnType<typeof createRunsRepository>;
