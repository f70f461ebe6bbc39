// The robots' engine: plans runs from domain events (the `automation` subscriber of the outbox, inside the
// delivery's transaction, so a run is planned exactly once per event) and executes them from pg-boss jobs
// delayed to their planned moment (`automation.run`). A run's action, its events and the run's record
// commit in one transaction; the run row is locked and must still be `planned`, so a job delivered twice
// (a worker killed mid-run, a retried job) does the action once.
//
// - Imports (events of source `import`: the amoCRM migration, CSV import) plan nothing.
// - Depth: an event made by a person has depth 0; a run for an event of depth d has depth d + 1 and its
//   effects' events carry it. A run deeper than `maxDepth` is recorded failed and does nothing.
// - Robots of a stage run when a deal enters it (created there or moved); leaving the stage cancels the
//   deal's planned and waiting robots of other stages. Conditions are read when the run is due.
// - A failing action rolls back; the attempt is recorded and retried after base × 2^(n-1), up to
//   `maxAttempts`, then the run is failed with its error (shown on the deal card).
// - A date-timed run is planned again when its date field changes (its plan version is bumped, so the job
//   of the old plan does nothing).
import type { Transaction } from 'kysely';
import type { Logger } from 'pino';
import {
  automationActionSchema,
  automationConditionGroupSchema,
  automationTimingSchema,
  type AutomationTiming,
  type Deal,
} from '@voronka/contracts';
import type { DB, Db } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import type { StoredEvent, Subscriber } from '../../platform/events/index.js';
import type { Actor } from '../../platform/http/index.js';
import type { Jobs } from '../../platform/jobs/index.js';
import { runAction, type ActionServices } from './actions.js';
import type { AutomationRepository, RuleRow, RunRow } from './automation.repository.js';
import { fieldValue, groupHolds, type DealFacts } from './conditions.js';
import { render, type TemplateFacts } from './template.js';
import { plannedAt, retryDelayMs, type Hours } from './timing.js';

export const RUN_QUEUE = 'automation.run';
export const AUTOMATION_EVENT_TYPES = [
  'deal.created',
  'deal.updated',
  'task.completed',
  'timeline.created',
] as const;

export interface Clock {
  now(): Date;
}

export interface EngineOptions {
  /** The deepest chain of automations that still runs (default 5). */
  maxDepth?: number;
  /** Attempts of a failing action before the run fails (default 4). */
  maxAttempts?: number;
  /** The first retry's delay; each next one doubles (default 30 s). */
  retryBaseMs?: number;
  /** Run workers side by side in this process (default 4). */
  workers?: number;
}

export interface EngineDeps extends ActionServices {
  db: Db;
  jobs: Jobs;
  logger: Logger;
  clock: Clock;
  deals: ActionServices['deals'] & Pick<import('../deals/index.js').DealsService, 'get'>;
  workingHoursOf: (accountId: string, userId: string | null, trx: Db) => Promise<Hours>;
  repo: AutomationRepository;
}

const DATE_FIELDS = /^(startDate|closeDate|cf:.+)$/;

/** The fields a `deal.updated` event changed, as robots name them (custom fields as `cf:<id>`). */
export function changedFields(changes: Record<string, { from: unknown; to: unknown }>): string[] {
  const fields: string[] = [];
  for (const [key, change] of Object.entries(changes)) {
    if (key === 'customFields') {
      const from = (change.from ?? {}) as Record<string, unknown>;
      const to = (change.to ?? {}) as Record<string, unknown>;
      for (const id of new Set([...Object.keys(from), ...Object.keys(to)]))
        if (JSON.stringify(from[id] ?? null) !== JSON.stringify(to[id] ?? null)) fields.push(`cf:${id}`);
    } else fields.push(key);
  }
  return fields;
}

export function errorText(error: unknown): string {
  if (error instanceof AppError) {
    const fields = error.extra.errors?.map((e) => `${e.field}: ${e.reason}`).join('; ');
    return fields && fields !== error.message ? `${error.message} (${fields})` : error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

const factsOf = (deal: Deal): DealFacts => ({
  name: deal.name,
  amount: deal.amount,
  stageId: deal.stageId,
  pipelineId: deal.pipelineId,
  responsibleUserId: deal.responsibleUserId,
  sourceId: deal.sourceId,
  tags: deal.tags,
  startDate: deal.startDate,
  closeDate: deal.closeDate,
  customFields: deal.customFields,
});

export function createEngine(deps: EngineDeps, options: EngineOptions = {}) {
  const { db, jobs, repo, clock } = deps;
  const maxDepth = options.maxDepth ?? 5;
  const maxAttempts = options.maxAttempts ?? 4;
  const retryBaseMs = options.retryBaseMs ?? 30_000;
  const workers = options.workers ?? 4;

  /** Who a run acts as: the rule's author (or the deal's responsible), source `automation`, with its depth. */
  const actorOf = (accountId: string, userId: string, depth: number): Actor => ({
    accountId,
    userId,
    identityId: '',
    role: 'admin',
    via: 'session',
    sessionId: null,
    tokenId: null,
    source: 'automation',
    chainDepth: depth,
  });
  /** Reads only (a deal's facts while planning). */
  const reader = (accountId: string) => actorOf(accountId, '00000000-0000-0000-0000-000000000000', 0);

  async function loadDeal(trx: Db, accountId: string, dealId: string): Promise<Deal | null> {
    try {
      return await deps.deals.get(reader(accountId), dealId, trx);
    } catch (error) {
      if (error instanceof AppError && error.status === 404) return null;
      throw error;
    }
  }

  async function hoursFor(trx: Db, accountId: string, timing: AutomationTiming, deal: Deal | null) {
    if (timing.workingHours === 'off') return null;
    const userId = timing.workingHours === 'responsible' ? (deal?.responsibleUserId ?? null) : null;
    return deps.workingHoursOf(accountId, userId, trx);
  }

  async function computePlan(trx: Db, accountId: string, timing: AutomationTiming, deal: Deal | null) {
    const hours = await hoursFor(trx, accountId, timing, deal);
    const zone =
      timing.kind === 'date_field' && !hours
        ? (await deps.workingHoursOf(accountId, null, trx)).timeZone
        : undefined;
    const facts = deal ? factsOf(deal) : null;
    return plannedAt(timing, clock.now(), hours, (field) => (facts ? fieldValue(facts, field) : null), zone);
  }

  async function enqueue(trx: Transaction<DB>, run: RunRow) {
    if (!run.planned_at) return;
    const startAfter = run.planned_at.getTime() > Date.now() ? run.planned_at : undefined;
    await jobs.sendInTransaction(
      trx,
      RUN_QUEUE,
      { accountId: run.account_id, runId: run.id, version: run.plan_version },
      startAfter ? { startAfter } : {},
    );
  }

  /** Plans one run of `rule` for a deal (inside the event's delivery transaction). */
  async function plan(
    trx: Transaction<DB>,
    rule: RuleRow,
    dealId: string,
    event: StoredEvent,
    depth: number,
    deal: Deal | null,
    previous: RunRow | null,
  ): Promise<RunRow> {
    const base = {
      account_id: rule.account_id,
      rule_id: rule.id,
      deal_id: dealId,
      event_id: event.id,
      depth,
    };
    if (depth > maxDepth) {
      const now = clock.now();
      return repo.insertRun(trx, {
        ...base,
        status: 'failed',
        planned_at: now,
        finished_at: now,
        error: `Loop protection: a chain of automations deeper than ${maxDepth} was stopped`,
      });
    }
    const timing = automationTimingSchema.parse(rule.timing);
    if (
      timing.kind === 'after_previous' &&
      previous &&
      (previous.status === 'planned' || previous.status === 'waiting')
    ) {
      return repo.insertRun(trx, { ...base, status: 'waiting', after_run_id: previous.id });
    }
    const at = await computePlan(trx, rule.account_id, timing, deal);
    const run = await repo.insertRun(trx, { ...base, status: 'planned', planned_at: at });
    await enqueue(trx, run);
    return run;
  }

  /** The robots of a stage for a deal that entered it, in order ("after the previous robot" chains them). */
  async function planRobots(
    trx: Transaction<DB>,
    event: StoredEvent,
    dealId: string,
    stageId: string,
    depth: number,
    deal: Deal | null,
  ) {
    const robots = await repo.robotsOfStage(trx, event.accountId, stageId);
    let previous: RunRow | null = null;
    for (const robot of robots) previous = await plan(trx, robot, dealId, event, depth, deal, previous);
  }

  async function planTriggers(
    trx: Transaction<DB>,
    event: StoredEvent,
    dealId: string,
    depth: number,
    deal: Deal | null,
    wanted: { event: RuleRow['trigger_event']; stageId?: string; fields?: string[] }[],
  ) {
    const triggers = await repo.triggersOf(
      trx,
      event.accountId,
      wanted.map((w) => w.event as string),
    );
    const place = deal
      ? { pipeline_id: deal.pipelineId }
      : await repo.dealPlace(trx, event.accountId, dealId);
    for (const trigger of triggers) {
      const want = wanted.find((w) => w.event === trigger.trigger_event);
      if (!want || !place) continue;
      if (trigger.pipeline_id && trigger.pipeline_id !== place.pipeline_id) continue;
      if (trigger.trigger_event === 'stage_entered' && trigger.stage_id && trigger.stage_id !== want.stageId)
        continue;
      if (
        trigger.trigger_event === 'field_changed' &&
        trigger.trigger_field &&
        !want.fields?.includes(trigger.trigger_field)
      )
        continue;
      await plan(trx, trigger, dealId, event, depth, deal, null);
    }
  }

  /** Date-timed runs of a deal planned again after their date field changed. */
  async function replan(trx: Transaction<DB>, accountId: string, dealId: string, fields: string[]) {
    const runs = await repo.plannedByDate(trx, accountId, dealId);
    if (runs.length === 0) return;
    const deal = await loadDeal(trx, accountId, dealId);
    for (const run of runs) {
      const timing = automationTimingSchema.parse(run.timing);
      if (timing.kind !== 'date_field' || !fields.includes(timing.field)) continue;
      const at = await computePlan(trx, accountId, timing, deal);
      const updated = await repo.updateRun(trx, accountId, run.id, {
        planned_at: at,
        plan_version: run.plan_version + 1,
      });
      await enqueue(trx, updated);
    }
  }

  const subscriber: Subscriber = {
    name: 'automation',
    types: [...AUTOMATION_EVENT_TYPES],
    async handle(event, trx) {
      // A migration or a CSV import brings history over; it does not run robots or triggers.
      if (event.source === 'import' || !event.entityId) return;
      const depth = (event.chainDepth ?? 0) + 1;
      const payload = event.payload;
      const accountId = event.accountId;
      if (event.type === 'deal.created') {
        const dealId = event.entityId;
        const stageId = String(payload.stageId);
        const deal = await loadDeal(trx, accountId, dealId);
        if (!deal) return;
        await planRobots(trx, event, dealId, stageId, depth, deal);
        await planTriggers(trx, event, dealId, depth, deal, [
          { event: 'deal_created' },
          { event: 'stage_entered', stageId },
        ]);
        return;
      }
      if (event.type === 'deal.updated') {
        const dealId = event.entityId;
        const changes = (payload.changes ?? {}) as Record<string, { from: unknown; to: unknown }>;
        const fields = changedFields(changes);
        if (fields.length === 0) return;
        const deal = await loadDeal(trx, accountId, dealId);
        if (!deal) return;
        const stage = changes.stageId?.to;
        if (typeof stage === 'string') {
          await repo.cancelRobotsOutside(trx, accountId, dealId, stage);
          await planRobots(trx, event, dealId, stage, depth, deal);
        }
        if (fields.some((f) => DATE_FIELDS.test(f))) await replan(trx, accountId, dealId, fields);
        await planTriggers(trx, event, dealId, depth, deal, [
          ...(typeof stage === 'string' ? [{ event: 'stage_entered' as const, stageId: stage }] : []),
          { event: 'field_changed', fields },
        ]);
        return;
      }
      const linked =
        payload.entity === 'deal' && typeof payload.entityId === 'string' ? payload.entityId : null;
      if (!linked) return;
      if (event.type === 'task.completed') {
        await planTriggers(trx, event, linked, depth, null, [{ event: 'task_done' }]);
      } else if (event.type === 'timeline.created' && payload.kind === 'comment') {
        await planTriggers(trx, event, linked, depth, null, [{ event: 'comment_added' }]);
      }
    },
  };

  /** Waiting runs after `run` are planned now (after a success or a skip) or cancelled (after a failure). */
  async function followUp(trx: Transaction<DB>, run: RunRow, ok: boolean) {
    const waiting = await repo.waitingFor(trx, run.account_id, run.id);
    if (waiting.length === 0) return;
    const deal = ok ? await loadDeal(trx, run.account_id, run.deal_id) : null;
    for (const next of waiting) {
      if (!ok || !deal) {
        const cancelled = await repo.updateRun(trx, run.account_id, next.id, {
          status: 'cancelled',
          finished_at: clock.now(),
          error: 'The previous robot did not finish',
        });
        await followUp(trx, cancelled, false);
        continue;
      }
      const rule = await repo.findRule(trx, run.account_id, next.rule_id);
      if (!rule) continue;
      const at = await computePlan(trx, run.account_id, automationTimingSchema.parse(rule.timing), deal);
      const planned = await repo.updateRun(trx, run.account_id, next.id, {
        status: 'planned',
        planned_at: at,
      });
      await enqueue(trx, planned);
    }
  }

  type Outcome = 'done' | 'skipped' | 'cancelled' | 'retry' | 'failed' | 'not_due' | 'stale' | 'gone';

  async function finish(trx: Transaction<DB>, run: RunRow, status: 'skipped' | 'cancelled', reason: string) {
    const updated = await repo.updateRun(trx, run.account_id, run.id, {
      status,
      finished_at: clock.now(),
      error: status === 'cancelled' ? reason : null,
      result: status === 'skipped' ? JSON.stringify({ reason }) : null,
    });
    await followUp(trx, updated, status === 'skipped');
    return status;
  }

  /** Runs a due run once: its action and its record in one transaction (see the top of this file). */
  async function execute(accountId: string, runId: string, version?: number): Promise<Outcome> {
    const state = { attempted: false };
    try {
      return await db.transaction().execute(async (trx): Promise<Outcome> => {
        const run = await repo.lockRun(trx, accountId, runId);
        if (!run || run.status !== 'planned') return 'gone';
        if (version !== undefined && run.plan_version !== version) return 'stale';
        const now = clock.now();
        if (!run.planned_at || run.planned_at.getTime() > now.getTime()) return 'not_due';
        const rule = await repo.findRule(trx, accountId, run.rule_id);
        if (!rule) return 'gone';
        if (!rule.active) return finish(trx, run, 'cancelled', 'The robot is switched off');
        const deal = await loadDeal(trx, accountId, run.deal_id);
        if (!deal) return finish(trx, run, 'cancelled', 'The deal is gone');
        if (rule.kind === 'robot' && deal.stageId !== rule.stage_id)
          return finish(trx, run, 'cancelled', 'The deal left the stage');
        const conditions = rule.conditions ? automationConditionGroupSchema.parse(rule.conditions) : null;
        if (!groupHolds(conditions, factsOf(deal))) return finish(trx, run, 'skipped', 'conditions');

        const facts: TemplateFacts = {
          deal: { ...factsOf(deal), id: deal.id, currency: deal.currency },
          responsibleName: await repo.userName(trx, accountId, deal.responsibleUserId),
          stageName: (await repo.stage(trx, accountId, deal.stageId))?.name ?? null,
          contact: await repo.primaryContact(trx, accountId, deal.id),
        };
        const userId = rule.created_by ?? deal.responsibleUserId;
        if (!userId) return finish(trx, run, 'cancelled', 'Nobody to act as');
        const actor = actorOf(accountId, userId, run.depth);
        state.attempted = true;
        const result = await runAction(automationActionSchema.parse(rule.action), {
          trx,
          actor,
          run,
          rule,
          deal,
          facts,
          render: (text) => render(text, facts),
          now,
          services: deps,
        });
        const done = await repo.updateRun(trx, accountId, run.id, {
          status: 'done',
          started_at: now,
          finished_at: clock.now(),
          attempt: run.attempt + 1,
          result: JSON.stringify(result),
          error: null,
        });
        await followUp(trx, done, true);
        return 'done';
      });
    } catch (error) {
      if (!state.attempted) throw error; // not the action's failure (the database): the job retries
      return recordFailure(accountId, runId, error);
    }
  }

  /** After a failed attempt (rolled back): a retry later, or the run failed with its error. */
  async function recordFailure(accountId: string, runId: string, error: unknown): Promise<Outcome> {
    const message = errorText(error).slice(0, 2000);
    deps.logger.info({ runId, err: error }, 'automation run failed');
    return db.transaction().execute(async (trx): Promise<Outcome> => {
      const run = await repo.lockRun(trx, accountId, runId);
      if (!run || run.status !== 'planned') return 'gone';
      const attempt = run.attempt + 1;
      const now = clock.now();
      if (attempt >= maxAttempts) {
        const failed = await repo.updateRun(trx, accountId, runId, {
          status: 'failed',
          attempt,
          started_at: run.started_at ?? now,
          finished_at: now,
          error: message,
        });
        await followUp(trx, failed, false);
        return 'failed';
      }
      const retry = await repo.updateRun(trx, accountId, runId, {
        attempt,
        started_at: run.started_at ?? now,
        error: message,
        planned_at: new Date(now.getTime() + retryDelayMs(attempt, retryBaseMs)),
        plan_version: run.plan_version + 1,
      });
      await enqueue(trx, retry);
      return 'retry';
    });
  }

  return {
    subscriber,
    execute,
    /** Runs every run due by the clock (tests move the clock and call this; the jobs do it otherwise). */
    async runDue(limit = 500) {
      const due = await repo.due(db, clock.now(), limit);
      const outcomes: Outcome[] = [];
      for (const run of due) outcomes.push(await execute(run.account_id, run.id));
      return outcomes;
    },
    async start() {
      await jobs.createQueue(RUN_QUEUE, {
        retryLimit: 10,
        retryBackoff: true,
        retryDelay: 2,
        heartbeatSeconds: 10,
        expireInSeconds: 600,
      });
      // Several workers side by side: runs of different deals do not wait for each other (a run locks
      // only its own row, its deal and, for round-robin, its rule).
      for (let i = 0; i < workers; i++)
        await jobs.work<{ accountId: string; runId: string; version: number }>(
          RUN_QUEUE,
          { pollingIntervalSeconds: 0.5, batchSize: 10 },
          async (job) => {
            const outcome = await execute(job.data.accountId, job.data.runId, job.data.version);
            // Not due by the engine's clock yet (a clock behind the job's): look again in a minute.
            if (outcome === 'not_due')
              await jobs.send(RUN_QUEUE, job.data, { startAfter: new Date(Date.now() + 60_000) });
          },
        );
    },
  };
}
export type Engine = ReturnType<typeof createEngine>;
