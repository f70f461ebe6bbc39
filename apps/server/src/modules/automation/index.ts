// automation — owns robots and triggers (AUTO-1, AUTO-2; ADR 0017): automation_rules (a robot per stage of a
// pipeline, or a trigger on an event; action, timing, conditions, a round-robin turn) and automation_runs
// (each planned and executed run: planned at, started, finished, result, error, attempt, chain depth).
// Emits automation_rule.created|updated|deleted and automation.notified (a robot's notice to a user;
// entity `deal`, payload userId and text). Consumes deal.created, deal.updated, task.completed and
// timeline.created as the `automation` subscriber: robots of the stage a deal entered, triggers (deal
// created, stage entered, field changed, task done, comment added), date-timed runs planned again; never
// for events of source `import`. Runs are pg-boss jobs (`automation.run`) delayed to their moment.
// Acts through deals (update), tasks (create), timeline (create), deal-copy (copyDeal) inside the run's transaction, the calendar's
// working hours, platform/outbound-http for webhooks (SSRF policy) and SMTP (nodemailer) for e-mail.
// The engine's rules are at the top of engine.ts; actions in actions.ts (one entry per action).
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { Db } from '../../platform/db/index.js';
import type { EventBus, Subscriber } from '../../platform/events/index.js';
import type { Actor, App } from '../../platform/http/index.js';
import type { Jobs } from '../../platform/jobs/index.js';
import type { OutboundHttp } from '../../platform/outbound-http/index.js';
import type { DealsService } from '../deals/index.js';
import type { TasksService } from '../tasks/index.js';
import type { DealCopyService } from '../deal-copy/index.js';
import type { TimelineService } from '../timeline/index.js';
import type { Mail } from './actions.js';
import { createAutomationRepository } from './automation.repository.js';
import { registerAutomationRoutes } from './automation.routes.js';
import { createAutomationService } from './automation.service.js';
import {
  AUTOMATION_EVENT_TYPES,
  createEngine,
  type Clock,
  type Engine,
  type EngineOptions,
} from './engine.js';
import type { Hours } from './timing.js';

export type { AutomationService } from './automation.service.js';
export { RUN_QUEUE, type Clock, type Engine, type EngineOptions } from './engine.js';

/**
 * The `automation` subscriber, known to the event bus before the module exists (the module needs services
 * created after the bus): until `engine()` answers, a delivery fails and is retried.
 */
export function automationSubscriberOf(engine: () => Engine | undefined): Subscriber {
  return {
    name: 'automation',
    types: [...AUTOMATION_EVENT_TYPES],
    async handle(event, trx) {
      const ready = engine();
      if (!ready) throw new Error('the automation module is not wired yet');
      await ready.subscriber.handle(event, trx);
    },
  };
}

export interface AutomationOptions extends EngineOptions {
  clock?: Clock;
}

/** An SMTP transport from `smtp://user:pass@host:port` (or smtps://); null without a URL. */
export function createMail(url: string | undefined, from: string): Mail | null {
  if (!url) return null;
  return { transport: nodemailer.createTransport(url), from };
}

export function createAutomationModule(
  deps: {
    db: Db;
    events: EventBus;
    jobs: Jobs;
    logger: Logger;
    deals: Pick<DealsService, 'get' | 'update'>;
    tasks: Pick<TasksService, 'create'>;
    timeline: Pick<TimelineService, 'create'>;
    dealCopy: Pick<DealCopyService, 'copyDeal'>;
    workingHoursOf: (accountId: string, userId: string | null, trx: Db) => Promise<Hours>;
    http: OutboundHttp;
    allowedHostsOf: (accountId: string, trx?: Db) => Promise<string[]>;
    mail: Mail | null;
    robotsRight: (actor: Actor) => Promise<'none' | 'read' | 'edit'>;
  },
  options: AutomationOptions = {},
) {
  const repo = createAutomationRepository();
  const engine = createEngine({ ...deps, repo, clock: options.clock ?? { now: () => new Date() } }, options);
  const service = createAutomationService({ ...deps, repo });
  return {
    service,
    engine,
    start: () => engine.start(),
    close: () => deps.mail?.transport.close(),
    registerRoutes: (app: App) => registerAutomationRoutes(app, service),
  };
}
