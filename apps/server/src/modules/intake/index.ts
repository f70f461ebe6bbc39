// intake — owns incoming requests (INBOX-1..3, AUTO-5): web forms (intake_forms), requests
// (intake_requests: source, UTM, duplicates, SLA timer), repeat-detection settings (intake_settings) and
// the response SLA per pipeline (intake_sla_policies). ADR 0013 records the decisions.
//
// Emits form.created|updated|deleted|key_rotated, intake_request.received (a submission became a deal in
// Unsorted or joined an active one), intake_request.accepted|declined|linked (entity `deal`, so the deal's
// realtime listeners see them), intake_request.sla_missed (payload.notifyUserIds: the responsible and the
// head of their department; for the notifications module and the web's live inbox), intake_settings.updated,
// sla_policy.updated. The realtime hub forwards every recorded event to the account's SSE streams.
// Projects timeline.created and deal.updated (projection `intake-sla`, ADR 0015): a user's comment, call,
// e-mail or meeting on the deal, or a stage move by a person, is the first reply that stops the request's
// timer — in the reply's own transaction.
// installPlaybook gives an account seed 001's playbook (pipeline, deal fields, form, SLA, the follow-up robot;
// playbook.ts).
// Uses deals, contacts, companies and timeline through their services (in the intake's transaction) and
// the calendar's working time for deadlines counted in working hours.
// Access rights (ADR 0018): the inbox lists only the requests of deals the user may read (the access module's
// one SQL filter over the deals columns); a hidden deal is absent (404) to its requests and inbox actions, and
// "no such deal" as a link target; the SLA report needs the `report` entity's read right (403: not a record).
//
// Rules:
// - A submission is checked against its form (fields, phone and e-mail normalized as contacts do,
//   consent) — refused with 422 naming `body.<field>` and nothing stored. A filled honeypot is answered
//   like a success, counted on the form (spamCount) and nothing else is stored.
// - Rate limit per IP: a fixed one-minute window kept IN MEMORY per process. Why not the database: the limit
//   protects the intake from floods, so refusing must cost nothing (no write per hit, which would double
//   the database work of exactly the traffic it refuses); an approximate limit is enough for abuse
//   protection. The cost: with N API processes a client gets up to N× the limit, and a restart forgets
//   the counts. (Sign-in failures, where exactness matters, are counted in the database instead.)
// - The contact is found by normalized phone or e-mail (the oldest match) or created. Repeat detection
//   (AUTO-5, on unless switched off; not for clients on the exception list): a client with an active
//   (unsorted or open) deal — the request joins the newest one (a note on its timeline, no new deal, no
//   SLA of its own); a client whose deals are all closed — a new deal tagged `repeat` (kind `repeat`);
//   otherwise a new deal. Duplicates: every contact with the same phone or e-mail and their other active
//   deals are recorded on the request.
// - SLA: due `minutes` (default 10) after arrival, around the clock or in the responsible user's working
//   hours (calendar). Accept, decline or link, or the first reply, stop it. Each request gets a pg-boss job
//   delayed to its deadline (`intake.sla-due`); when missed: a note on the deal, `intake_request.sla_missed`
//   and, if the pipeline's policy says so, the head of the department becomes responsible. The module takes
//   the time from an injected clock (tests steer it); the subscriber times a reply when it handles it.
import type { Db } from '../../platform/db/index.js';
import type { EventBus, Projection, StoredEvent } from '../../platform/events/index.js';
import type { Actor, App } from '../../platform/http/index.js';
import type { Jobs } from '../../platform/jobs/index.js';
import type { AccessService } from '../access/index.js';
import type { CompaniesService } from '../companies/index.js';
import type { ContactsService } from '../contacts/index.js';
import type { CustomFieldsService } from '../custom-fields/index.js';
import type { DealsService } from '../deals/index.js';
import type { PipelinesService } from '../pipelines/index.js';
import type { TimelineService } from '../timeline/index.js';
import type { WorkingHours } from './intake-rules.js';
import { createIntakeRepository } from './intake.repository.js';
import { registerIntakeRoutes, type IntakeRouteOptions } from './intake.routes.js';
import { createIntakeService, SLA_QUEUE, systemClock, type Clock } from './intake.service.js';
import type { AutomationService } from '../automation/index.js';
import { installMeasurementPlaybook } from './playbook.js';

export type { IntakeService, Clock } from './intake.service.js';
export { systemClock } from './intake.service.js';
export { MEASUREMENT_PLAYBOOK, type InstalledPlaybook } from './playbook.js';

/** Timeline entries that answer a client; a note is internal. */
const REPLY_KINDS = new Set(['comment', 'call', 'email', 'meeting']);
/** Changes made by a person (or a robot acting on the deal), not by the system or an import. */
const BY_PEOPLE = new Set(['ui', 'api', 'automation']);

/**
 * The first reply stops a request's timer (projection `intake-sla`: written with the reply's event, so the
 * time is the reply's own; it needs only the database, so the composition root can hand it to the event bus
 * before the modules exist).
 */
export function intakeSlaProjection(clock: Clock = systemClock): Projection {
  const repo = createIntakeRepository();
  /** The deal an event answers on, if it is a person's reply or stage move. */
  const answeredDeal = (event: StoredEvent): string | null => {
    if (!BY_PEOPLE.has(event.source) || !event.actorUserId || !event.entityId) return null;
    const payload = event.payload;
    if (event.type === 'timeline.created')
      return payload.entity === 'deal' &&
        typeof payload.entityId === 'string' &&
        REPLY_KINDS.has(String(payload.kind))
        ? payload.entityId
        : null;
    if (event.type === 'deal.updated')
      return (payload.changes as Record<string, unknown> | undefined)?.stageId ? event.entityId : null;
    return null;
  };
  return {
    name: 'intake-sla',
    async project(events, trx) {
      for (const event of events) {
        const dealId = answeredDeal(event);
        if (dealId) await repo.markResponded(trx, event.accountId, dealId, clock.now(), event.actorUserId);
      }
    },
  };
}

export function createIntakeModule(deps: {
  db: Db;
  events: EventBus;
  jobs: Jobs;
  clock?: Clock;
  deals: Pick<DealsService, 'create' | 'update' | 'get' | 'readable'>;
  access: Pick<AccessService, 'visibleSql' | 'allows'>;
  contacts: Pick<ContactsService, 'create'>;
  companies: Pick<CompaniesService, 'create'>;
  timeline: Pick<TimelineService, 'importEntries'>;
  /** For the playbook template (installMeasurementPlaybook). */
  pipelines: Pick<PipelinesService, 'create' | 'get' | 'updateStage'>;
  customFields: Pick<CustomFieldsService, 'create' | 'list'>;
  automation: Pick<AutomationService, 'create'>;
  workingHoursOf: (accountId: string, userId: string | null) => Promise<WorkingHours>;
  routes: IntakeRouteOptions;
}) {
  const service = createIntakeService({
    db: deps.db,
    repo: createIntakeRepository(),
    events: deps.events,
    jobs: deps.jobs,
    clock: deps.clock ?? systemClock,
    deals: deps.deals,
    contacts: deps.contacts,
    companies: deps.companies,
    timeline: deps.timeline,
    workingHoursOf: deps.workingHoursOf,
    access: deps.access,
  });

  return {
    service,
    /** The SLA timers' queue and worker. */
    async start() {
      await deps.jobs.createQueue(SLA_QUEUE, { retryLimit: 5, retryBackoff: true });
      await deps.jobs.work<{ accountId: string; requestId: string }>(
        SLA_QUEUE,
        { pollingIntervalSeconds: 2, batchSize: 25 },
        async (job) => {
          const outcome = await service.escalate(job.data.accountId, job.data.requestId);
          // Not due by the module's clock yet (a clock behind the job's): look again in a minute.
          if (outcome === 'not_due')
            await deps.jobs.send(SLA_QUEUE, job.data, { startAfter: new Date(Date.now() + 60_000) });
        },
      );
    },
    registerRoutes: (app: App) => registerIntakeRoutes(app, service, deps.routes),
    /** Seed 001's playbook for an account (pipeline, deal fields, web form, 10-minute SLA); see playbook.ts. */
    installPlaybook: (actor: Actor, options?: { responsibleUserId?: string }) =>
      installMeasurementPlaybook(
        {
          pipelines: deps.pipelines,
          customFields: deps.customFields,
          intake: service,
          automation: deps.automation,
        },
        actor,
        options,
      ),
  };
}
