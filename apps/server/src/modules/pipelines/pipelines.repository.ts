import type { Db, StageKind } from '../../platform/db/index.js';

export function createPipelinesRepository() {
  return {
    list: (db: Db, accountId: string) =>
      db
        .selectFrom('pipelines')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('position')
        .orderBy('created_at')
        .execute(),

    find: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('pipelines')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst(),

    /** Locks the pipeline row for the rest of the transaction (stage edits are serialised per pipeline). */
    lock: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('pipelines')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst(),

    insert: (db: Db, values: { accountId: string; name: string; position: number; isDefault: boolean }) =>
      db
        .insertInto('pipelines')
        .values({
          account_id: values.accountId,
          name: values.name,
          position: values.position,
          is_default: values.isDefault,
        })
        .returningAll()
        .executeTakeFirstOrThrow(),

    nextPosition: async (db: Db, accountId: string) => {
      const row = await db
        .selectFrom('pipelines')
        .select((eb) => eb.fn.max('position').as('max'))
        .where('account_id', '=', accountId)
        .executeTakeFirst();
      return row?.max == null ? 0 : row.max + 1;
    },

    update: (
      db: Db,
      accountId: string,
      id: string,
      values: Partial<{ name: string; position: number; is_default: boolean }>,
    ) =>
      db
        .updateTable('pipelines')
        .set((eb) => ({ ...values, version: eb('version', '+', 1), updated_at: new Date() }))
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow(),

    clearDefault: (db: Db, accountId: string) =>
      db
        .updateTable('pipelines')
        .set((eb) => ({ is_default: false, version: eb('version', '+', 1), updated_at: new Date() }))
        .where('account_id', '=', accountId)
        .where('is_default', '=', true)
        .execute(),

    delete: (db: Db, accountId: string, id: string) =>
      db.deleteFrom('pipelines').where('account_id', '=', accountId).where('id', '=', id).execute(),

    stagesOf: (db: Db, accountId: string, pipelineIds: string[]) =>
      pipelineIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('stages')
            .selectAll()
            .where('account_id', '=', accountId)
            .where('pipeline_id', 'in', pipelineIds)
            .orderBy('position')
            .execute(),

    findStage: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('stages')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst(),

    insertStages: (
      db: Db,
      accountId: string,
      pipelineId: string,
      stages: { name: string; color: string; kind: StageKind; position: number }[],
    ) =>
      db
        .insertInto('stages')
        .values(stages.map((s) => ({ account_id: accountId, pipeline_id: pipelineId, ...s })))
        .returningAll()
        .execute(),

    updateStage: (db: Db, accountId: string, id: string, values: Partial<{ name: string; color: string }>) =>
      db
        .updateTable('stages')
        .set({ ...values, updated_at: new Date() })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow(),

    setPositions: async (db: Db, accountId: string, positions: Map<string, number>) => {
      for (const [id, position] of positions) {
        await db
          .updateTable('stages')
          .set({ position, updated_at: new Date() })
          .where('account_id', '=', accountId)
          .where('id', '=', id)
          .where('position', '<>', position)
          .execute();
      }
    },

    deleteStage: (db: Db, accountId: string, id: string) =>
      db.deleteFrom('stages').where('account_id', '=', accountId).where('id', '=', id).execute(),
  };
}
export type PipelinesRepository = ReturnType<typeof createPipelinesRepository>;
