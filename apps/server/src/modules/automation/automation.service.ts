// Robots and triggers as settings (read and changed by the roles' robots right, ACCESS-4: administrators and
// the administrator role edit them, managers, heads and directors read them), and the runs of a deal
// (whoever can read the deal sees them). Each change records an event (automation_rule.created|updated|
// deleted) in its transaction. A rule's references are checked on save, each refused one named with its
// field: the stage of the pipeline, users, custom fields, a webhook address (the SSRF policy).
import {
  automationActionSchema,
  automationConditionGroupSchema,
  automationTimingSchema,
  type AutomationAction,
  type AutomationRule,
  type AutomationRun,
  type CreateAutomationRuleBody,
  type FieldError,
} from '@voronka/contracts';
import type { z } from 'zod';
import type { updateAutomationRuleBodySchema } from '@voronka/contracts';
import type { Db } from '../../platform/db/index.js';
import { forbidden, invalidFields, notFound } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events/index.js';
import { eventContextOf, type Actor } from '../../platform/http/index.js';
import type { OutboundHttp } from '../../platform/outbound-http/index.js';
import type { DealsService } from '../deals/index.js';
import type { AutomationRepository, RuleRow, RunWithRule } from './automation.repository.js';

type UpdateBody = z.output<typeof updateAutomationRuleBodySchema>;

export function presentRule(row: RuleRow): AutomationRule {
  return {
    id: row.id,
    kind: row.kind,
    event: row.trigger_event,
    pipelineId: row.pipeline_id,
    stageId: row.stage_id,
    field: row.trigger_field,
    name: row.name,
    position: row.position,
    action: automationActionSchema.parse(row.action),
    timing: automationTimingSchema.parse(row.timing),
    conditions: row.conditions ? automationConditionGroupSchema.parse(row.conditions) : null,
    active: row.active,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function presentRun(row: RunWithRule): AutomationRun {
  return {
    id: row.id,
    ruleId: row.rule_id,
    ruleName: row.rule_name,
    kind: row.rule_kind,
    actionType: row.action_type as AutomationRun['actionType'],
    dealId: row.deal_id,
    status: row.status,
    depth: row.depth,
    attempt: row.attempt,
    plannedAt: row.planned_at?.toISOString() ?? null,
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
    result: row.result,
    error: row.error,
    createdAt: row.created_at.toISOString(),
  };
}

export function createAutomationService(deps: {
  db: Db;
  repo: AutomationRepository;
  events: EventBus;
  http: Pick<OutboundHttp, 'checkAddress'>;
  allowedHostsOf: (accountId: string, trx?: Db) => Promise<string[]>;
  deals: Pick<DealsService, 'get'>;
  /** The role's right on deal robots and triggers (the access module, ACCESS-4). */
  robotsRight: (actor: Actor) => Promise<'none' | 'read' | 'edit'>;
}) {
  const { db, repo, events } = deps;

  /** Reading the rules needs the robots right `read`, changing them `edit` (administrators have both). */
  async function assertRobots(actor: Actor, needed: 'read' | 'edit') {
    const right = await deps.robotsRight(actor);
    if (right === 'edit' || (needed === 'read' && right === 'read')) return;
    throw forbidden(
      needed === 'read'
        ? 'Your role does not allow seeing robots and triggers'
        : 'Your role does not allow changing robots and triggers',
    );
  }

  /** Every reference of a rule, each refusal at its field. */
  async function check(
    trx: Db,
    accountId: string,
    rule: {
      kind: 'robot' | 'trigger';
      event: string | null;
      pipelineId: string | null;
      stageId: string | null;
      field: string | null;
      action: AutomationAction;
      timing: { kind: string; field?: string };
      conditions: unknown;
    },
  ) {
    const errors: FieldError[] = [];
    const users = async (ids: (string | null)[], path: (i: number) => string) => {
      const wanted = ids.filter((id): id is string => Boolean(id));
      const found = new Map((await repo.activeUsers(trx, accountId, wanted)).map((u) => [u.id, u.active]));
      ids.forEach((id, i) => {
        if (!id) return;
        if (!found.has(id)) errors.push({ field: path(i), reason: 'No such user' });
        else if (!found.get(id)) errors.push({ field: path(i), reason: 'The user is deactivated' });
      });
    };
    const customField = async (field: string | null | undefined, path: string) => {
      if (field?.startsWith('cf:') && !(await repo.customFieldExists(trx, accountId, field.slice(3))))
        errors.push({ field: path, reason: 'No such custom field of deals' });
    };
    if (rule.pipelineId && !(await repo.pipelineExists(trx, accountId, rule.pipelineId)))
      errors.push({ field: 'body.pipelineId', reason: 'No such pipeline' });
    if (rule.stageId) {
      const stage = await repo.stage(trx, accountId, rule.stageId);
      if (!stage) errors.push({ field: 'body.stageId', reason: 'No such stage' });
      else if (rule.pipelineId && stage.pipeline_id !== rule.pipelineId)
        errors.push({ field: 'body.stageId', reason: 'The stage is not in the pipeline' });
    }
    if (rule.kind === 'trigger' && rule.stageId && rule.event !== 'stage_entered')
      errors.push({ field: 'body.stageId', reason: 'Only a “stage entered” trigger names a stage' });
    if (rule.kind === 'trigger' && rule.stageId && !rule.pipelineId)
      errors.push({ field: 'body.pipelineId', reason: 'A stage needs its pipeline' });
    await customField(rule.field, 'body.field');
    if (rule.timing.kind === 'date_field') {
      if (!/^(startDate|closeDate|cf:.+)$/.test(rule.timing.field ?? ''))
        errors.push({
          field: 'body.timing.field',
          reason: 'Must be a date field: startDate, closeDate or cf:<id>',
        });
      await customField(rule.timing.field, 'body.timing.field');
    }
    const action = rule.action;
    switch (action.type) {
      case 'create_task':
        await users([action.responsibleUserId], () => 'body.action.responsibleUserId');
        break;
      case 'notify_user':
        await users([action.userId], () => 'body.action.userId');
        break;
      case 'change_responsible':
        await users(action.userIds, (i) => `body.action.userIds.${i}`);
        break;
      case 'change_stage': {
        const stage = await repo.stage(trx, accountId, action.stageId);
        if (!stage) errors.push({ field: 'body.action.stageId', reason: 'No such stage' });
        break;
      }
      case 'set_field':
        await customField(action.field, 'body.action.field');
        if (action.field === 'stageId' || action.field === 'responsibleUserId')
          errors.push({ field: 'body.action.field', reason: 'Use “change stage” or “change responsible”' });
        break;
      case 'call_webhook':
        try {
          await deps.http.checkAddress(action.url, await deps.allowedHostsOf(accountId, trx));
        } catch (error) {
          errors.push({ field: 'body.action.url', reason: (error as Error).message });
        }
        break;
      default:
        break;
    }
    if (errors.length > 0) throw invalidFields(errors);
  }

  return {
    async list(
      actor: Actor,
      query: { kind?: 'robot' | 'trigger' | undefined; pipelineId?: string | undefined },
    ) {
      await assertRobots(actor, 'read');
      const rows = await repo.listRules(db, actor.accountId, query);
      return { items: rows.map(presentRule) };
    },

    async get(actor: Actor, id: string) {
      await assertRobots(actor, 'read');
      const row = await repo.findRule(db, actor.accountId, id);
      if (!row) throw notFound('Rule');
      return presentRule(row);
    },

    async create(actor: Actor, body: CreateAutomationRuleBody) {
      await assertRobots(actor, 'edit');
      const rule = {
        kind: body.kind,
        event: body.kind === 'trigger' ? body.event : null,
        pipelineId: body.pipelineId,
        stageId: body.stageId,
        field: body.kind === 'trigger' ? body.field : null,
        action: body.action,
        timing: body.timing,
        conditions: body.conditions,
      };
      return db.transaction().execute(async (trx) => {
        await check(trx, actor.accountId, rule);
        const row = await repo.insertRule(trx, {
          account_id: actor.accountId,
          kind: body.kind,
          pipeline_id: body.pipelineId,
          stage_id: body.stageId,
          trigger_event: rule.event,
          trigger_field: rule.field,
          name: body.name,
          position: await repo.nextPosition(
            trx,
            actor.accountId,
            body.kind === 'robot' ? body.stageId : null,
          ),
          action: JSON.stringify(body.action),
          timing: JSON.stringify(body.timing),
          conditions: body.conditions ? JSON.stringify(body.conditions) : null,
          active: body.active,
          created_by: actor.userId,
        });
        const rulePresented = presentRule(row);
        await events.record(trx, eventContextOf(actor), {
          type: 'automation_rule.created',
          entity: 'automation_rule',
          entityId: row.id,
          payload: { kind: row.kind, name: row.name, actionType: rulePresented.action.type },
        });
        return rulePresented;
      });
    },

    async update(actor: Actor, id: string, body: UpdateBody) {
      await assertRobots(actor, 'edit');
      return db.transaction().execute(async (trx) => {
        const row = await repo.findRule(trx, actor.accountId, id, true);
        if (!row) throw notFound('Rule');
        const before = presentRule(row);
        const after = {
          kind: row.kind,
          event: row.trigger_event,
          pipelineId: row.pipeline_id,
          stageId: body.stageId ?? row.stage_id,
          field: body.field !== undefined ? body.field : row.trigger_field,
          action: body.action ?? before.action,
          timing: body.timing ?? before.timing,
          conditions: body.conditions !== undefined ? body.conditions : before.conditions,
        };
        await check(trx, actor.accountId, after);
        const updated = await repo.updateRule(trx, actor.accountId, id, {
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.position !== undefined ? { position: body.position } : {}),
          ...(body.active !== undefined ? { active: body.active } : {}),
          stage_id: after.stageId,
          trigger_field: after.field,
          action: JSON.stringify(after.action),
          timing: JSON.stringify(after.timing),
          conditions: after.conditions ? JSON.stringify(after.conditions) : null,
        });
        await events.record(trx, eventContextOf(actor), {
          type: 'automation_rule.updated',
          entity: 'automation_rule',
          entityId: id,
          payload: { kind: updated.kind, name: updated.name },
        });
        return presentRule(updated);
      });
    },

    async remove(actor: Actor, id: string) {
      await assertRobots(actor, 'edit');
      await db.transaction().execute(async (trx) => {
        const row = await repo.findRule(trx, actor.accountId, id, true);
        if (!row) throw notFound('Rule');
        await repo.deleteRule(trx, actor.accountId, id);
        await events.record(trx, eventContextOf(actor), {
          type: 'automation_rule.deleted',
          entity: 'automation_rule',
          entityId: id,
          payload: { kind: row.kind, name: row.name },
        });
      });
    },

    /** The runs of a deal the actor can read (another account's deal: 404). */
    async runsOfDeal(actor: Actor, dealId: string) {
      await deps.deals.get(actor, dealId);
      const rows = await repo.runsOfDeal(db, actor.accountId, dealId);
      return { items: rows.map(presentRun) };
    },
  };
}
export type AutomationService = ReturnType<typeof createAutomationService>;
