// The only queries of the automation module. Every method takes the account id. Reads of other modules'
// tables (deal contacts and their channels, users' names, stages, tasks) are read-only lookups for
// placeholders and for the deal a task or comment belongs to.
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Db } from '../../platform/db/index.js';
import type { AutomationRulesTable, AutomationRunsTable } from '../../platform/db/schema.js';

export type RuleRow = Selectable<AutomationRulesTable>;
export type RunRow = Selectable<AutomationRunsTable>;
export type RunWithRule = RunRow & { rule_name: string; rule_kind: 'robot' | 'trigger'; action_type: string };

export function createAutomationRepository() {
  return {
    // ---- rules ----
    listRules: (
      db: Db,
      accountId: string,
      filter: { kind?: string | undefined; pipelineId?: string | undefined },
    ) => {
      let query = db.selectFrom('automation_rules').selectAll().where('account_id', '=', accountId);
      if (filter.kind) query = query.where('kind', '=', filter.kind as 'robot' | 'trigger');
      if (filter.pipelineId) query = query.where('pipeline_id', '=', filter.pipelineId);
      return query.orderBy('kind').orderBy('position').orderBy('created_at').orderBy('id').execute();
    },
    findRule: (db: Db, accountId: string, id: string, lock = false) => {
      let query = db
        .selectFrom('automation_rules')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id);
      if (lock) query = query.forUpdate();
      return query.executeTakeFirst();
    },
    insertRule: (db: Db, values: Insertable<AutomationRulesTable>) =>
      db.insertInto('automation_rules').values(values).returningAll().executeTakeFirstOrThrow(),
    updateRule: (db: Db, accountId: string, id: string, values: Updateable<AutomationRulesTable>) =>
      db
        .updateTable('automation_rules')
        .set({ ...values, version: sql`version + 1`, updated_at: sql`now()` })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow(),
    deleteRule: (db: Db, accountId: string, id: string) =>
      db.deleteFrom('automation_rules').where('account_id', '=', accountId).where('id', '=', id).execute(),
    nextPosition: async (db: Db, accountId: string, stageId: string | null) => {
      const row = await db
        .selectFrom('automation_rules')
        .select((eb) => eb.fn.max('position').as('max'))
        .where('account_id', '=', accountId)
        .$if(stageId !== null, (q) => q.where('stage_id', '=', stageId))
        .executeTakeFirst();
      const max = row?.max as number | string | null | undefined;
      return max === null || max === undefined ? 0 : Number(max) + 1;
    },
    /** Advances a round-robin rule's turn; returns the turn taken (the rule row is locked by the update). */
    takeTurn: async (db: Db, accountId: string, ruleId: string) => {
      const row = await db
        .updateTable('automation_rules')
        .set({ rotation_next: sql`rotation_next + 1` })
        .where('account_id', '=', accountId)
        .where('id', '=', ruleId)
        .returning('rotation_next')
        .executeTakeFirstOrThrow();
      return row.rotation_next - 1;
    },
    /** Active robots of a stage, in order. */
    robotsOfStage: (db: Db, accountId: string, stageId: string) =>
      db
        .selectFrom('automation_rules')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('kind', '=', 'robot')
        .where('stage_id', '=', stageId)
        .where('active', '=', true)
        .orderBy('position')
        .orderBy('created_at')
        .execute(),
    /** Active triggers of some events. */
    triggersOf: (db: Db, accountId: string, events: string[]) =>
      db
        .selectFrom('automation_rules')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('kind', '=', 'trigger')
        .where('active', '=', true)
        .where('trigger_event', 'in', events as 'deal_created'[])
        .orderBy('position')
        .orderBy('created_at')
        .execute(),

    // ---- runs ----
    insertRun: (db: Db, values: Insertable<AutomationRunsTable>) =>
      db.insertInto('automation_runs').values(values).returningAll().executeTakeFirstOrThrow(),
    lockRun: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('automation_runs')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst(),
    updateRun: (db: Db, accountId: string, id: string, values: Updateable<AutomationRunsTable>) =>
      db
        .updateTable('automation_runs')
        .set({ ...values, updated_at: sql`now()` })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow(),
    /** Planned and waiting runs of a deal's robots not in `stageId` (the deal left their stage). */
    cancelRobotsOutside: (db: Db, accountId: string, dealId: string, stageId: string) =>
      db
        .updateTable('automation_runs')
        .set({
          status: 'cancelled',
          finished_at: sql`now()`,
          updated_at: sql`now()`,
          error: 'The deal left the stage',
        })
        .where('account_id', '=', accountId)
        .where('deal_id', '=', dealId)
        .where('status', 'in', ['planned', 'waiting'])
        .where('rule_id', 'in', (eb) =>
          eb
            .selectFrom('automation_rules')
            .select('id')
            .where('account_id', '=', accountId)
            .where('kind', '=', 'robot')
            .where('stage_id', '!=', stageId),
        )
        .execute(),
    /** Planned runs of a deal whose rule is timed by a date field (to plan them again when it changes). */
    plannedByDate: (db: Db, accountId: string, dealId: string) =>
      db
        .selectFrom('automation_runs as r')
        .innerJoin('automation_rules as u', (j) =>
          j.onRef('u.account_id', '=', 'r.account_id').onRef('u.id', '=', 'r.rule_id'),
        )
        .selectAll('r')
        .select(['u.timing'])
        .where('r.account_id', '=', accountId)
        .where('r.deal_id', '=', dealId)
        .where('r.status', '=', 'planned')
        .where(sql<boolean>`u.timing->>'kind' = 'date_field'`)
        .execute(),
    /** Runs waiting for `runId` to finish. */
    waitingFor: (db: Db, accountId: string, runId: string) =>
      db
        .selectFrom('automation_runs')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('after_run_id', '=', runId)
        .where('status', '=', 'waiting')
        .execute(),
    /** Runs due by `now` (any account), oldest first. */
    due: (db: Db, now: Date, limit: number) =>
      db
        .selectFrom('automation_runs')
        .select(['id', 'account_id', 'plan_version'])
        .where('status', '=', 'planned')
        .where('planned_at', '<=', now)
        .orderBy('planned_at')
        .limit(limit)
        .execute(),
    runsOfDeal: (db: Db, accountId: string, dealId: string): Promise<RunWithRule[]> =>
      db
        .selectFrom('automation_runs as r')
        .innerJoin('automation_rules as u', (j) =>
          j.onRef('u.account_id', '=', 'r.account_id').onRef('u.id', '=', 'r.rule_id'),
        )
        .selectAll('r')
        .select([
          'u.name as rule_name',
          'u.kind as rule_kind',
          sql<string>`u.action->>'type'`.as('action_type'),
        ])
        .where('r.account_id', '=', accountId)
        .where('r.deal_id', '=', dealId)
        .orderBy('r.created_at', 'desc')
        .orderBy('r.id')
        .limit(200)
        .execute(),

    // ---- read-only lookups ----
    pipelineExists: async (db: Db, accountId: string, id: string) =>
      Boolean(
        await db
          .selectFrom('pipelines')
          .select('id')
          .where('account_id', '=', accountId)
          .where('id', '=', id)
          .executeTakeFirst(),
      ),
    customFieldExists: async (db: Db, accountId: string, id: string) =>
      Boolean(
        await db
          .selectFrom('custom_fields')
          .select('id')
          .where('account_id', '=', accountId)
          .where('id', '=', id)
          .where('entity', '=', 'deal')
          .executeTakeFirst(),
      ),
    dealPlace: (db: Db, accountId: string, dealId: string) =>
      db
        .selectFrom('deals')
        .select(['pipeline_id', 'stage_id'])
        .where('account_id', '=', accountId)
        .where('id', '=', dealId)
        .executeTakeFirst(),
    taskLink: (db: Db, accountId: string, taskId: string) =>
      db
        .selectFrom('tasks')
        .select(['deal_id'])
        .where('account_id', '=', accountId)
        .where('id', '=', taskId)
        .executeTakeFirst(),
    userName: async (db: Db, accountId: string, userId: string | null) => {
      if (!userId) return null;
      const row = await db
        .selectFrom('users')
        .select('name')
        .where('account_id', '=', accountId)
        .where('id', '=', userId)
        .executeTakeFirst();
      return row?.name ?? null;
    },
    activeUsers: (db: Db, accountId: string, ids: string[]) =>
      ids.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('users')
            .select(['id', 'active'])
            .where('account_id', '=', accountId)
            .where('id', 'in', ids)
            .execute(),
    stage: (db: Db, accountId: string, stageId: string) =>
      db
        .selectFrom('stages')
        .select(['id', 'name', 'pipeline_id'])
        .where('account_id', '=', accountId)
        .where('id', '=', stageId)
        .executeTakeFirst(),
    /** The deal's primary contact (else its first) with its first e-mail and phone. */
    primaryContact: async (db: Db, accountId: string, dealId: string) => {
      const contact = await db
        .selectFrom('deal_contacts as dc')
        .innerJoin('contacts as c', (j) =>
          j.onRef('c.account_id', '=', 'dc.account_id').onRef('c.id', '=', 'dc.contact_id'),
        )
        .select(['c.id', 'c.first_name', 'c.last_name', 'c.middle_name'])
        .where('dc.account_id', '=', accountId)
        .where('dc.deal_id', '=', dealId)
        .orderBy('dc.is_primary', 'desc')
        .orderBy('dc.position')
        .executeTakeFirst();
      if (!contact) return null;
      const channels = await db
        .selectFrom('contact_channels')
        .select(['kind', 'value'])
        .where('account_id', '=', accountId)
        .where('contact_id', '=', contact.id)
        .where('kind', 'in', ['email', 'phone'])
        .orderBy('position')
        .execute();
      return {
        name: [contact.first_name, contact.last_name].filter(Boolean).join(' '),
        email: channels.find((c) => c.kind === 'email')?.value ?? null,
        phone: channels.find((c) => c.kind === 'phone')?.value ?? null,
      };
    },
  };
}
export type AutomationRepository = ReturnType<typeof createAutomationRepository>;
