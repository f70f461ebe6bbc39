// Pipelines and stages (CORE-1). Each pipeline keeps exactly one Unsorted, one Won and one Lost stage
// (they can be renamed and recoloured, not deleted or moved); open stages are ordered between them.
// Exactly one pipeline per account is the default: it can be renamed, never deleted. Records that live
// in stages (deals, leads) register a `StageRecords` so a pipeline or stage with records is not deleted,
// and a stage's records move to the chosen stage before it goes.
import type { Pipeline, Stage } from '@voronka/contracts';
import type { Selectable, Transaction } from 'kysely';
import type { DB, Db, PipelinesTable, StagesTable } from '../../platform/db/index.js';
import type { EventBus, EventContext } from '../../platform/events/index.js';
import { eventContextOf, type Actor } from '../../platform/http/index.js';
import { conflict, invalidField, notFound } from '../../platform/errors.js';
import type { PipelinesRepository } from './pipelines.repository.js';
import { defaultStages, moveAmongOpen, orderStages, positionsFor, systemStages } from './stage-order.js';

export interface StageRecords {
  /** What these records are called in error messages, e.g. "deals". */
  name: string;
  countInPipeline(trx: Transaction<DB>, accountId: string, pipelineId: string): Promise<number>;
  countInStage(trx: Transaction<DB>, accountId: string, stageId: string): Promise<number>;
  moveStage(trx: Transaction<DB>, accountId: string, fromStageId: string, toStageId: string): Promise<void>;
}

const presentStage = (row: Selectable<StagesTable>): Stage => ({
  id: row.id,
  pipelineId: row.pipeline_id,
  name: row.name,
  color: row.color,
  kind: row.kind,
  position: row.position,
});

const presentPipeline = (row: Selectable<PipelinesTable>, stages: Selectable<StagesTable>[]): Pipeline => ({
  id: row.id,
  name: row.name,
  position: row.position,
  isDefault: row.is_default,
  version: row.version,
  stages: orderStages(stages.filter((s) => s.pipeline_id === row.id)).map(presentStage),
  createdAt: row.created_at.toISOString(),
});

export function createPipelinesService(deps: {
  db: Db;
  repo: PipelinesRepository;
  events: EventBus;
  records: StageRecords[];
}) {
  const { db, repo, events, records } = deps;
  const inTransaction = <T>(trx: Transaction<DB> | undefined, work: (trx: Transaction<DB>) => Promise<T>) =>
    trx ? work(trx) : db.transaction().execute(work);

  async function load(trx: Db, accountId: string, id: string) {
    const row = await repo.find(trx, accountId, id);
    if (!row) throw notFound('Pipeline');
    return presentPipeline(row, await repo.stagesOf(trx, accountId, [id]));
  }

  /** The pipeline, locked for this transaction, with its stages. */
  async function lockPipeline(trx: Transaction<DB>, accountId: string, id: string) {
    const row = await repo.lock(trx, accountId, id);
    if (!row) throw notFound('Pipeline');
    return { row, stages: await repo.stagesOf(trx, accountId, [id]) };
  }

  async function renumber(
    trx: Transaction<DB>,
    accountId: string,
    stages: Selectable<StagesTable>[],
    openIds: string[],
  ) {
    await repo.setPositions(trx, accountId, positionsFor(stages, openIds));
  }

  const openIdsOf = (stages: Selectable<StagesTable>[]) =>
    orderStages(stages)
      .filter((s) => s.kind === 'open')
      .map((s) => s.id);

  async function insertPipeline(
    trx: Transaction<DB>,
    context: EventContext,
    input: {
      name: string;
      isDefault: boolean;
      stages: { name: string; color: string; kind: Stage['kind'] }[];
    },
  ) {
    const position = await repo.nextPosition(trx, context.accountId);
    const pipeline = await repo.insert(trx, {
      accountId: context.accountId,
      name: input.name,
      position,
      isDefault: input.isDefault,
    });
    const stages = await repo.insertStages(
      trx,
      context.accountId,
      pipeline.id,
      orderStages(input.stages.map((s, i) => ({ ...s, id: String(i), position: i }))).map((s, i) => ({
        name: s.name,
        color: s.color,
        kind: s.kind,
        position: i,
      })),
    );
    await events.record(trx, context, {
      type: 'pipeline.created',
      entity: 'pipeline',
      entityId: pipeline.id,
      payload: { name: pipeline.name, stages: stages.map((s) => ({ id: s.id, name: s.name, kind: s.kind })) },
    });
    return presentPipeline(pipeline, stages);
  }

  async function recordsIn(
    trx: Transaction<DB>,
    accountId: string,
    count: (r: StageRecords) => Promise<number>,
  ) {
    for (const r of records) {
      const n = await count(r);
      if (n > 0) return { name: r.name, n };
    }
    return undefined;
  }

  return {
    async list(actor: Actor) {
      const pipelines = await repo.list(db, actor.accountId);
      const stages = await repo.stagesOf(
        db,
        actor.accountId,
        pipelines.map((p) => p.id),
      );
      return pipelines.map((p) => presentPipeline(p, stages));
    },

    get: (actor: Actor, id: string) => load(db, actor.accountId, id),

    /** The default pipeline of a new account (called inside the account's creation transaction). */
    createDefault: (trx: Transaction<DB>, context: EventContext, locale: string) => {
      const template = defaultStages(locale);
      return insertPipeline(trx, context, {
        name: template.pipelineName,
        isDefault: true,
        stages: template.stages,
      });
    },

    /** Creates a pipeline; inside `trx` when given (a migration writes it with its checkpoint). */
    create: (
      actor: Actor,
      input: { name: string; stages?: { name: string; color: string }[] | undefined },
      trx?: Transaction<DB>,
    ) =>
      inTransaction(trx, async (trx) => {
        // New pipelines take the system stages' names and colours from the default pipeline, so an
        // account that renamed "Неразобранное" keeps its wording everywhere.
        const all = await repo.list(trx, actor.accountId);
        const fallback = all.find((p) => p.is_default);
        const defaults = fallback ? await repo.stagesOf(trx, actor.accountId, [fallback.id]) : [];
        const system = systemStages('ru').map((s) => {
          const own = defaults.find((d) => d.kind === s.kind);
          return own ? { name: own.name, color: own.color, kind: s.kind } : s;
        });
        const open = (input.stages ?? []).map((s) => ({ ...s, kind: 'open' as const }));
        return insertPipeline(trx, eventContextOf(actor), {
          name: input.name,
          isDefault: all.length === 0,
          stages: [...system, ...open],
        });
      }),

    update: (
      actor: Actor,
      id: string,
      input: {
        name?: string | undefined;
        position?: number | undefined;
        isDefault?: true | undefined;
      },
      ifMatch: number | undefined,
    ) =>
      db.transaction().execute(async (trx) => {
        const { row } = await lockPipeline(trx, actor.accountId, id);
        if (ifMatch !== undefined && ifMatch !== row.version) {
          throw conflict(
            'stale_version',
            'The pipeline was changed by someone else; reload it and try again',
          );
        }
        const changes: Record<string, { from: unknown; to: unknown }> = {};
        if (input.name !== undefined && input.name !== row.name)
          changes.name = { from: row.name, to: input.name };
        if (input.position !== undefined && input.position !== row.position)
          changes.position = { from: row.position, to: input.position };
        if (input.isDefault && !row.is_default) {
          changes.isDefault = { from: false, to: true };
          await repo.clearDefault(trx, actor.accountId);
        }
        if (Object.keys(changes).length === 0) return load(trx, actor.accountId, id);
        await repo.update(trx, actor.accountId, id, {
          ...(changes.name ? { name: input.name } : {}),
          ...(changes.position ? { position: input.position } : {}),
          ...(changes.isDefault ? { is_default: true } : {}),
        });
        await events.record(trx, eventContextOf(actor), {
          type: 'pipeline.updated',
          entity: 'pipeline',
          entityId: id,
          payload: { changes },
        });
        return load(trx, actor.accountId, id);
      }),

    remove: (actor: Actor, id: string) =>
      db.transaction().execute(async (trx) => {
        const { row } = await lockPipeline(trx, actor.accountId, id);
        if (row.is_default)
          throw conflict('default_pipeline', 'The default pipeline can be renamed but not deleted');
        const used = await recordsIn(trx, actor.accountId, (r) =>
          r.countInPipeline(trx, actor.accountId, id),
        );
        if (used) {
          throw conflict(
            'pipeline_not_empty',
            `The pipeline still has ${used.n} ${used.name}; move or delete them first`,
          );
        }
        await repo.delete(trx, actor.accountId, id);
        await events.record(trx, eventContextOf(actor), {
          type: 'pipeline.deleted',
          entity: 'pipeline',
          entityId: id,
          payload: { name: row.name },
        });
      }),

    addStage: (
      actor: Actor,
      pipelineId: string,
      input: { name: string; color: string; position?: number | undefined },
      trx?: Transaction<DB>,
    ) =>
      inTransaction(trx, async (trx) => {
        const { stages } = await lockPipeline(trx, actor.accountId, pipelineId);
        const [created] = await repo.insertStages(trx, actor.accountId, pipelineId, [
          { name: input.name, color: input.color, kind: 'open', position: stages.length },
        ]);
        if (!created) throw new Error('stage insert returned nothing');
        await renumber(
          trx,
          actor.accountId,
          [...stages, created],
          moveAmongOpen(openIdsOf(stages), created.id, input.position),
        );
        await events.record(trx, eventContextOf(actor), {
          type: 'stage.created',
          entity: 'stage',
          entityId: created.id,
          payload: { pipelineId, name: created.name, color: created.color },
        });
        return presentStage((await repo.findStage(trx, actor.accountId, created.id)) ?? created);
      }),

    updateStage: (
      actor: Actor,
      stageId: string,
      input: { name?: string | undefined; color?: string | undefined; position?: number | undefined },
    ) =>
      db.transaction().execute(async (trx) => {
        const stage = await repo.findStage(trx, actor.accountId, stageId);
        if (!stage) throw notFound('Stage');
        const { stages } = await lockPipeline(trx, actor.accountId, stage.pipeline_id);
        const changes: Record<string, { from: unknown; to: unknown }> = {};
        if (input.name !== undefined && input.name !== stage.name)
          changes.name = { from: stage.name, to: input.name };
        if (input.color !== undefined && input.color !== stage.color)
          changes.color = { from: stage.color, to: input.color };
        if (input.position !== undefined) {
          if (stage.kind !== 'open') {
            throw invalidField(
              'body.position',
              'Unsorted, Won and Lost keep their places; only open stages move',
            );
          }
          const before = openIdsOf(stages);
          const after = moveAmongOpen(before, stage.id, input.position);
          if (after.join() !== before.join()) {
            changes.position = { from: before.indexOf(stage.id) + 1, to: after.indexOf(stage.id) + 1 };
            await renumber(trx, actor.accountId, stages, after);
          }
        }
        if (changes.name || changes.color) {
          await repo.updateStage(trx, actor.accountId, stageId, {
            ...(changes.name ? { name: input.name } : {}),
            ...(changes.color ? { color: input.color } : {}),
          });
        }
        if (Object.keys(changes).length > 0) {
          await events.record(trx, eventContextOf(actor), {
            type: 'stage.updated',
            entity: 'stage',
            entityId: stageId,
            payload: { pipelineId: stage.pipeline_id, changes },
          });
        }
        const updated = await repo.findStage(trx, actor.accountId, stageId);
        if (!updated) throw notFound('Stage');
        return presentStage(updated);
      }),

    reorderStages: (actor: Actor, pipelineId: string, stageIds: string[]) =>
      db.transaction().execute(async (trx) => {
        const { stages } = await lockPipeline(trx, actor.accountId, pipelineId);
        const open = openIdsOf(stages);
        if (
          stageIds.length !== open.length ||
          new Set(stageIds).size !== stageIds.length ||
          !stageIds.every((id) => open.includes(id))
        ) {
          throw invalidField('body.stageIds', 'List every open stage of this pipeline exactly once');
        }
        if (stageIds.join() !== open.join()) {
          await renumber(trx, actor.accountId, stages, stageIds);
          await events.record(trx, eventContextOf(actor), {
            type: 'stage.reordered',
            entity: 'pipeline',
            entityId: pipelineId,
            payload: { from: open, to: stageIds },
          });
        }
        return load(trx, actor.accountId, pipelineId);
      }),

    removeStage: (actor: Actor, stageId: string, moveTo: string | undefined) =>
      db.transaction().execute(async (trx) => {
        const stage = await repo.findStage(trx, actor.accountId, stageId);
        if (!stage) throw notFound('Stage');
        const { stages } = await lockPipeline(trx, actor.accountId, stage.pipeline_id);
        if (stage.kind !== 'open')
          throw conflict('system_stage', 'Unsorted, Won and Lost cannot be deleted; rename them instead');
        if (moveTo !== undefined) {
          const target = stages.find((s) => s.id === moveTo);
          if (!target || target.id === stageId)
            throw invalidField('querystring.moveTo', 'Choose another stage of the same pipeline');
          for (const r of records) await r.moveStage(trx, actor.accountId, stageId, moveTo);
        } else {
          const used = await recordsIn(trx, actor.accountId, (r) =>
            r.countInStage(trx, actor.accountId, stageId),
          );
          if (used) {
            throw invalidField(
              'querystring.moveTo',
              `The stage still has ${used.n} ${used.name}; choose the stage to move them to`,
              'stage_not_empty',
            );
          }
        }
        await repo.deleteStage(trx, actor.accountId, stageId);
        const remaining = stages.filter((s) => s.id !== stageId);
        await renumber(trx, actor.accountId, remaining, openIdsOf(remaining));
        await events.record(trx, eventContextOf(actor), {
          type: 'stage.deleted',
          entity: 'stage',
          entityId: stageId,
          payload: { pipelineId: stage.pipeline_id, name: stage.name, movedTo: moveTo ?? null },
        });
      }),
  };
}
export type PipelinesService = ReturnType<typeof createPipelinesService>;
