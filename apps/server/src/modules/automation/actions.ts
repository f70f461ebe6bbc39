// What robots and triggers do: one entry per action type (a new action is one more entry here and one more
// member of the contracts' `automationActionSchema`). Each runs inside the run's
// transaction with an actor of source `automation` that carries the chain's depth, so its effect, its
// events and the run's record commit together. Effects outside the database (an e-mail, a webhook) happen
// before the commit; a crash between them and the commit sends them again on the retry — they carry the
// run's id (Message-ID, webhook-id) so the receiver can tell (ADR 0017).
import type { Transaction } from 'kysely';
import type { Transporter } from 'nodemailer';
import {
  createTaskBodySchema,
  createTimelineEntryBodySchema,
  type AutomationAction,
  type AutomationActionType,
  type Deal,
} from '@voronka/contracts';
import type { DB, Db } from '../../platform/db/index.js';
import { invalidField } from '../../platform/errors.js';
import type { EventBus } from '../../platform/events/index.js';
import { eventContextOf, type Actor } from '../../platform/http/index.js';
import type { OutboundHttp } from '../../platform/outbound-http/index.js';
import type { DealCopyService } from '../deal-copy/index.js';
import type { DealsService } from '../deals/index.js';
import type { TasksService } from '../tasks/index.js';
import type { TimelineService } from '../timeline/index.js';
import type { AutomationRepository, RuleRow, RunRow } from './automation.repository.js';
import type { TemplateFacts } from './template.js';

export interface Mail {
  transport: Transporter;
  from: string;
}

export interface ActionServices {
  repo: AutomationRepository;
  events: EventBus;
  deals: Pick<DealsService, 'update'>;
  tasks: Pick<TasksService, 'create'>;
  timeline: Pick<TimelineService, 'create'>;
  dealCopy: Pick<DealCopyService, 'copyDeal'>;
  http: OutboundHttp;
  allowedHostsOf: (accountId: string, trx?: Db) => Promise<string[]>;
  mail: Mail | null;
}

export interface ActionContext {
  trx: Transaction<DB>;
  actor: Actor;
  run: RunRow;
  rule: RuleRow;
  deal: Deal;
  facts: TemplateFacts;
  render: (text: string) => string;
  now: Date;
  services: ActionServices;
}

type Handler<K extends AutomationActionType> = (
  action: Extract<AutomationAction, { type: K }>,
  context: ActionContext,
) => Promise<Record<string, unknown>>;

/** A deal field given as a robot names it, as the deal API's PATCH body. */
function patchOf(field: string, value: unknown): Record<string, unknown> {
  if (field.startsWith('cf:')) return { customFields: { [field.slice(3)]: value } };
  return { [field]: value };
}

const renderValue = (value: unknown, render: (text: string) => string): unknown =>
  typeof value === 'string' ? render(value) : value;

export const actionHandlers: { [K in AutomationActionType]: Handler<K> } = {
  async create_task(action, { trx, actor, deal, render, now, services }) {
    const task = await services.tasks.create(
      actor,
      createTaskBodySchema.parse({
        type: action.taskType,
        text: render(action.text),
        deadline: new Date(now.getTime() + action.deadlineInMinutes * 60_000).toISOString(),
        responsibleUserId: action.responsibleUserId ?? deal.responsibleUserId ?? actor.userId,
        entity: 'deal',
        entityId: deal.id,
      }),
      trx,
    );
    return { taskId: task.id };
  },

  async notify_user(action, { trx, actor, deal, render, services }) {
    const userId = action.userId ?? deal.responsibleUserId;
    if (!userId) throw invalidField('action.userId', 'The deal has no responsible user to notify');
    const text = render(action.text);
    // The notice is a note on the deal mentioning the user (mentions notify: `timeline.mentioned`), and an
    // `automation.notified` event for the user's live notifications.
    const entry = await services.timeline.create(
      actor,
      createTimelineEntryBodySchema.parse({
        kind: 'note',
        entity: 'deal',
        entityId: deal.id,
        text,
        mentions: [userId],
      }),
      trx,
    );
    await services.events.record(trx, eventContextOf(actor), {
      type: 'automation.notified',
      entity: 'deal',
      entityId: deal.id,
      payload: { userId, text, timelineEntryId: entry.id },
    });
    return { userId, timelineEntryId: entry.id };
  },

  async send_email(action, { run, facts, render, services }) {
    if (!services.mail) throw new Error('E-mail is not configured (SMTP_URL)');
    const to = facts.contact?.email;
    if (!to) throw invalidField('contact.email', 'The deal’s contact has no e-mail address');
    const info = (await services.mail.transport.sendMail({
      from: services.mail.from,
      to,
      subject: render(action.subject),
      text: render(action.body),
      messageId: `<automation-run-${run.id}@voronka>`,
    })) as { messageId?: string };
    return { to, messageId: info.messageId ?? null };
  },

  async set_field(action, { trx, actor, deal, render, services }) {
    await services.deals.update(
      actor,
      deal.id,
      patchOf(action.field, renderValue(action.value, render)),
      undefined,
      trx,
    );
    return { field: action.field };
  },

  async change_stage(action, { trx, actor, deal, services }) {
    const stage = await services.repo.stage(trx, actor.accountId, action.stageId);
    if (!stage) throw invalidField('action.stageId', 'The stage no longer exists');
    await services.deals.update(
      actor,
      deal.id,
      { pipelineId: stage.pipeline_id, stageId: stage.id },
      undefined,
      trx,
    );
    return { stageId: action.stageId };
  },

  async change_responsible(action, { trx, actor, rule, deal, services }) {
    let userId = action.userIds[0] as string;
    if (action.userIds.length > 1) {
      // The rule's turn is kept with the rule and advanced in this transaction: a rolled-back run gives
      // its turn back; deactivated users are passed over.
      const users = new Map(
        (await services.repo.activeUsers(trx, actor.accountId, action.userIds)).map((u) => [u.id, u.active]),
      );
      for (let tries = 0; tries < action.userIds.length; tries++) {
        const turn = await services.repo.takeTurn(trx, actor.accountId, rule.id);
        const candidate = action.userIds[turn % action.userIds.length] as string;
        if (users.get(candidate)) {
          userId = candidate;
          break;
        }
      }
    }
    await services.deals.update(actor, deal.id, { responsibleUserId: userId }, undefined, trx);
    return { responsibleUserId: userId };
  },

  async call_webhook(action, { trx, actor, run, deal, facts, render, services }) {
    const body = action.body
      ? render(action.body)
      : JSON.stringify({ deal, contact: facts.contact, responsible: facts.responsibleName });
    const response = await services.http.request({
      url: action.url,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'webhook-id': `automation-run-${run.id}` },
      body,
      allowedHosts: await services.allowedHostsOf(actor.accountId, trx),
      timeoutMs: 10_000,
      retries: 0,
      maxResponseBytes: 64 * 1024,
    });
    if (response.status < 200 || response.status >= 300)
      throw new Error(`The webhook answered ${response.status}`);
    return { status: response.status };
  },

  async add_comment(action, { trx, actor, deal, render, services }) {
    const entry = await services.timeline.create(
      actor,
      createTimelineEntryBodySchema.parse({
        kind: 'comment',
        entity: 'deal',
        entityId: deal.id,
        text: render(action.text),
      }),
      trx,
    );
    return { timelineEntryId: entry.id };
  },

  async copy_deal(action, { trx, actor, deal, services }) {
    // The copy's deal.created carries this run's chain depth, so robots on its stage run one level deeper.
    const copy = await services.dealCopy.copyDeal(trx, actor, deal.id, action.options);
    // The original does not point at an anonymized copy (ADR 0016), its run record neither.
    return copy.anonymized ? { anonymized: true } : { dealId: copy.dealId, anonymized: false };
  },
};

export function runAction(action: AutomationAction, context: ActionContext) {
  // The registry pairs each type with its handler; TypeScript cannot follow the pairing through the index.
  const handler = actionHandlers[action.type] as (
    a: AutomationAction,
    c: ActionContext,
  ) => Promise<Record<string, unknown>>;
  return handler(action, context);
}
