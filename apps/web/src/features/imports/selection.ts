// Pure rules of the migration wizard: which entities a choice brings along (`withLinked`, shared with the
// server through packages/contracts; the server's effective selection stays the truth and is shown), the
// wizard's choice as the API's selection and back, and which run states are still moving.
import {
  IMPORT_ENTITIES,
  withLinked,
  type ImportEntity,
  type ImportRun,
  type ImportRunStatus,
  type ImportSelection,
} from '@voronka/contracts';

export { IMPORT_ENTITIES as ENTITIES, withLinked };

/** The ticked entities that need `entity` (so it cannot be unticked while they are ticked). */
export function neededBy(entity: ImportEntity, ticked: readonly ImportEntity[]): ImportEntity[] {
  return ticked.filter((other) => other !== entity && withLinked([other]).includes(entity));
}

/** Ticks `entity` (with what it needs) or unticks it (only when nothing ticked needs it). */
export function toggleEntity(ticked: readonly ImportEntity[], entity: ImportEntity): ImportEntity[] {
  if (!ticked.includes(entity)) return withLinked([...ticked, entity]);
  if (neededBy(entity, ticked).length > 0) return [...ticked];
  return ticked.filter((e) => e !== entity);
}

export const NEW_PIPELINE = 'new';
export const DEFAULT_RESPONSIBLE = 'default';

export interface Choice {
  entities: ImportEntity[];
  withFiles: boolean;
  period: { from: string; to: string } | null;
  /** Source pipeline id → a Voronka pipeline id, or NEW_PIPELINE. */
  pipelines: Record<number, string>;
  /** Source user id → a Voronka user id, or DEFAULT_RESPONSIBLE; absent: the match by e-mail. */
  users: Record<number, string>;
  /** Invite the amoCRM users without a match (seed 000: users are invited by e-mail). */
  inviteUsers: boolean;
}

export type SelectionInput = {
  entities: ImportEntity[];
  withFiles: boolean;
  period: { from: string; to: string } | null;
  pipelines: ImportSelection['pipelines'];
  users: ImportSelection['users'];
  inviteUsers: boolean;
};

/**
 * The first choice for a portal: everything, the whole period, files on; the main source pipeline into the
 * default Voronka pipeline and the others into new ones (the server's own default, made visible).
 */
export function initialChoice(
  sourcePipelines: readonly { id: number; isMain: boolean }[],
  defaultPipelineId: string | undefined,
): Choice {
  const pipelines: Record<number, string> = {};
  for (const p of sourcePipelines)
    pipelines[p.id] = p.isMain && defaultPipelineId !== undefined ? defaultPipelineId : NEW_PIPELINE;
  return {
    entities: [...IMPORT_ENTITIES],
    withFiles: true,
    period: null,
    pipelines,
    users: {},
    inviteUsers: true,
  };
}

/** A stored selection (a draft run's) as the wizard's choice. */
export function choiceOf(selection: ImportSelection, base: Choice): Choice {
  const pipelines = { ...base.pipelines };
  for (const p of selection.pipelines)
    pipelines[p.sourcePipelineId] = 'pipelineId' in p.target ? p.target.pipelineId : NEW_PIPELINE;
  const users: Record<number, string> = {};
  for (const u of selection.users) users[u.sourceUserId] = u.targetUserId ?? DEFAULT_RESPONSIBLE;
  return {
    entities: withLinked(selection.entities),
    withFiles: selection.withFiles,
    period: selection.period,
    pipelines,
    users,
    inviteUsers: selection.inviteUsers,
  };
}

/** A period is usable when both days are set and from ≤ to. */
export function periodError(period: Choice['period']): 'from' | 'to' | null {
  if (period === null) return null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(period.from)) return 'from';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(period.to) || period.to < period.from) return 'to';
  return null;
}

/** The wizard's choice as the API's selection; mappings only where they matter. */
export function selectionOf(choice: Choice): SelectionInput {
  const entities = withLinked(choice.entities);
  return {
    entities,
    withFiles: choice.withFiles,
    period: choice.period,
    pipelines: entities.includes('pipelines')
      ? Object.entries(choice.pipelines).map(([source, target]) => ({
          sourcePipelineId: Number(source),
          target: target === NEW_PIPELINE ? { new: true as const } : { pipelineId: target },
        }))
      : [],
    users: Object.entries(choice.users).map(([source, target]) => ({
      sourceUserId: Number(source),
      targetUserId: target === DEFAULT_RESPONSIBLE ? null : target,
    })),
    inviteUsers: entities.includes('users') && choice.inviteUsers,
  };
}

/** The same selection, whatever the order of its lists (to skip a PATCH that changes nothing). */
export function sameSelection(a: SelectionInput, b: SelectionInput): boolean {
  const norm = (s: SelectionInput) =>
    JSON.stringify({
      entities: [...s.entities].sort(),
      withFiles: s.withFiles,
      period: s.period,
      pipelines: [...s.pipelines]
        .sort((x, y) => x.sourcePipelineId - y.sourcePipelineId)
        .map((p) => [p.sourcePipelineId, 'pipelineId' in p.target ? p.target.pipelineId : 'new']),
      users: [...s.users]
        .sort((x, y) => x.sourceUserId - y.sourceUserId)
        .map((u) => [u.sourceUserId, u.targetUserId]),
      inviteUsers: s.inviteUsers,
    });
  return norm(a) === norm(b);
}

/** States the server is still working on: the pages following them poll (realtime may be down). */
export function isActiveRun(status: ImportRunStatus): boolean {
  return (
    status === 'draft' ||
    status === 'checking' ||
    status === 'running' ||
    status === 'stopping' ||
    status === 'rolling_back'
  );
}

/** A run still being prepared in the wizard (its selection can change). */
export const isDraftRun = (run: Pick<ImportRun, 'status'>) =>
  run.status === 'draft' || run.status === 'checking' || run.status === 'ready';

/** What the run page offers in each state (seed 000 §4–5). */
export function actionsOf(run: Pick<ImportRun, 'status' | 'error'>) {
  const s = run.status;
  return {
    stop: s === 'running',
    continue: (s === 'stopped' || s === 'failed') && run.error?.code !== 'rollback_error',
    cancel: s === 'running' || s === 'stopping' || s === 'stopped' || s === 'failed',
    rollback: s === 'cancelled' || s === 'failed' || s === 'completed',
    confirm: s === 'completed',
    sync: s === 'completed' || s === 'confirmed',
  };
}
