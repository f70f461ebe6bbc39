// The composition root: the only place where platform pieces and modules are wired together.
import type { Logger } from 'pino';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Config } from './config.js';
import { createCipher, resolveEncryptionKey } from './platform/crypto/index.js';
import { migrate, openDatabase, type Database, type DatabaseTarget } from './platform/db/index.js';
import { createEventBus, type EventBus, type Subscriber } from './platform/events/index.js';
import {
  createHttpServer,
  installAuth,
  installIdempotency,
  registerHealthRoutes,
  type App,
} from './platform/http/index.js';
import { createLogger } from './platform/http/logger.js';
import {
  createAllowedHostsService,
  createOutboundHttp,
  registerAllowedHostsRoutes,
  type OutboundHttp,
} from './platform/outbound-http/index.js';
import {
  automationSubscriberOf,
  createAutomationModule,
  createMail,
  type AutomationOptions,
  type Engine,
} from './modules/automation/index.js';
import { createImportModule } from './modules/import/index.js';
import { createIntakeModule, intakeSlaProjection, systemClock, type Clock } from './modules/intake/index.js';
import { createJobs, type Jobs } from './platform/jobs/index.js';
import { createRealtimeHub, recordsOf, type RealtimeHub } from './platform/realtime/index.js';
import { registerRealtimeRoutes } from './platform/realtime/realtime.routes.js';
import { createAccountsModule, revokeTokensOfDeactivatedUser } from './modules/accounts/index.js';
import { createCalendarModule } from './modules/calendar/index.js';
import { createCardLayoutsModule } from './modules/card-layouts/index.js';
import { createCompaniesModule } from './modules/companies/index.js';
import { createContactsModule } from './modules/contacts/index.js';
import { createCustomFieldsModule } from './modules/custom-fields/index.js';
import { createMergesModule } from './modules/merges/index.js';
import { createDealsModule } from './modules/deals/index.js';
import { createAccessModule, type ReadableRecords } from './modules/access/index.js';
import { createDealCopyModule } from './modules/deal-copy/index.js';
import { createDepartmentsModule } from './modules/departments/index.js';
import { createFilesModule } from './modules/files/index.js';
import { createHistoryModule } from './modules/history/index.js';
import { createLeadsModule } from './modules/leads/index.js';
import { createPipelinesModule, type StageRecords } from './modules/pipelines/index.js';
import { createProductsModule } from './modules/products/index.js';
import { createReferenceListsModule } from './modules/reference-lists/index.js';
import { createSavedViewsModule } from './modules/saved-views/index.js';
import { createSearchModule } from './modules/search/index.js';
import { createSpreadsheetsModule } from './modules/spreadsheets/index.js';
import { createTasksModule } from './modules/tasks/index.js';
import { createTimelineModule } from './modules/timeline/index.js';
import { createUsersModule } from './modules/users/index.js';
import {
  createWebhooksModule,
  createWebhooksProjectionOf,
  type WebhooksOptions,
} from './modules/webhooks/index.js';

const packageJson = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
export const VERSION = packageJson.version;
export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

export interface Voronka {
  config: Config;
  logger: Logger;
  database: Database;
  jobs: Jobs;
  events: EventBus;
  hub: RealtimeHub;
  http: App;
  outbound: OutboundHttp;
  modules: {
    accounts: ReturnType<typeof createAccountsModule>;
    users: ReturnType<typeof createUsersModule>;
    departments: ReturnType<typeof createDepartmentsModule>;
    access: ReturnType<typeof createAccessModule>;
    calendar: ReturnType<typeof createCalendarModule>;
    pipelines: ReturnType<typeof createPipelinesModule>;
    referenceLists: ReturnType<typeof createReferenceListsModule>;
    history: ReturnType<typeof createHistoryModule>;
    customFields: ReturnType<typeof createCustomFieldsModule>;
    contacts: ReturnType<typeof createContactsModule>;
    companies: ReturnType<typeof createCompaniesModule>;
    merges: ReturnType<typeof createMergesModule>;
    products: ReturnType<typeof createProductsModule>;
    deals: ReturnType<typeof createDealsModule>;
    dealCopy: ReturnType<typeof createDealCopyModule>;
    leads: ReturnType<typeof createLeadsModule>;
    tasks: ReturnType<typeof createTasksModule>;
    files: ReturnType<typeof createFilesModule>;
    timeline: ReturnType<typeof createTimelineModule>;
    import: ReturnType<typeof createImportModule>;
    savedViews: ReturnType<typeof createSavedViewsModule>;
    cardLayouts: ReturnType<typeof createCardLayoutsModule>;
    search: ReturnType<typeof createSearchModule>;
    spreadsheets: ReturnType<typeof createSpreadsheetsModule>;
    webhooks: ReturnType<typeof createWebhooksModule>;
    intake: ReturnType<typeof createIntakeModule>;
    automation: ReturnType<typeof createAutomationModule>;
  };
  /** Starts the HTTP listener; returns the address. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export interface CreateOptions {
  /** Overrides the configured database (tests use in-memory PGlite or a scratch PostgreSQL database). */
  database?: DatabaseTarget;
  /** Records living in stages, beyond the modules' own (tests). */
  stageRecords?: StageRecords[];
  /** Extra event subscribers (tests). */
  subscribers?: Subscriber[];
  /** How long a process keeps a session lookup (default 2 s; tests lengthen it). */
  sessionCacheTtlMs?: number;
  /** Serve HTTP (false for the worker-only process). */
  http?: boolean;
  logger?: Logger;
  recoveryIntervalSeconds?: number;
  /** Rows a spreadsheet import writes per transaction (tests use small batches). */
  spreadsheetBatchSize?: number;
  /** The webhooks' clock and delivery poll (tests). */
  webhooks?: WebhooksOptions;
  /** The time the intake's SLA timers read (tests steer it); robots read it too. */
  clock?: Clock;
  /** Robots' retries and loop bound (tests). */
  automation?: AutomationOptions;
}

export async function createVoronka(config: Config, options: CreateOptions = {}): Promise<Voronka> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const database = await openDatabase(options.database ?? config.database);
  const applied = await migrate(database);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');

  const jobs = createJobs(database, logger, {
    workerEnabled: config.workerInProcess,
    ...(options.recoveryIntervalSeconds ? { recoveryIntervalSeconds: options.recoveryIntervalSeconds } : {}),
  });
  await jobs.start();
  // Access rights on what modules keep ON a record (ADR 0018): may the actor read these records? Answered by
  // the owning module's one filter; the modules named are created below (this runs per request).
  const records: ReadableRecords = {
    readable: async (actor, entity, ids, trx) => {
      if (!access.service.binds(actor)) return new Set(ids);
      if (entity === 'deal') return deals.service.readable(actor, ids, trx);
      if (entity === 'timeline') return timeline.service.readable(actor, ids, trx);
      if (entity === 'file') return files.service.readable(actor, ids, trx);
      return new Set(ids);
    },
  };
  const history = createHistoryModule({ db: database.db, records });
  // The automation subscriber exists before its module (which needs services created after the bus).
  const late: { automation?: Engine } = {};
  const subscribers: Subscriber[] = [
    revokeTokensOfDeactivatedUser,
    automationSubscriberOf(() => late.automation),
    ...(options.subscribers ?? []),
  ];
  const events = createEventBus({
    db: database.db,
    jobs,
    logger,
    subscribers,
    projections: [
      history.projection,
      createWebhooksProjectionOf(options.webhooks),
      intakeSlaProjection(options.clock ?? systemClock),
    ],
  });
  await events.start();

  const cipher = createCipher(resolveEncryptionKey(config.encryptionKey, config.dataDir));
  // Modules whose records live in stages add theirs below (deals), before any request is served.
  const stageRecords: StageRecords[] = [...(options.stageRecords ?? [])];
  const pipelines = createPipelinesModule({ db: database.db, events, records: stageRecords });
  const referenceLists = createReferenceListsModule({ db: database.db, events });
  const products = createProductsModule({ db: database.db, events });
  const customFields = createCustomFieldsModule({
    db: database.db,
    events,
    pipelinesOf: (actor) => pipelines.service.list(actor),
  });
  const companies = createCompaniesModule({ db: database.db, events, fieldValues: customFields.values });
  const contacts = createContactsModule({
    db: database.db,
    events,
    links: companies.links,
    fieldValues: customFields.values,
  });
  const merges = createMergesModule({
    db: database.db,
    events,
    contacts: contacts.service,
    companies: companies.service,
  });
  const access = createAccessModule({ db: database.db });
  const deals = createDealsModule({
    db: database.db,
    events,
    fieldValues: customFields.values,
    products: products.service,
    access: access.service,
  });
  stageRecords.push(deals.stageRecords);
  const dealCopy = createDealCopyModule({
    db: database.db,
    events,
    deals: deals.service,
    fields: { list: (actor, entity, trx) => customFields.service.list(actor, entity, trx) },
  });
  const leads = createLeadsModule({
    db: database.db,
    events,
    values: customFields.values,
    // The accounts module is wired below; this runs per request.
    accountOf: (actor) => accounts.service.getAccount(actor),
    conversionTargets: {
      contacts: contacts.service,
      companies: companies.service,
      deals: deals.service,
      fieldsOf: (actor, entity) => customFields.service.list(actor, entity),
    },
  });
  const accounts = createAccountsModule({
    db: database.db,
    events,
    cipher,
    cookieSecure: config.cookieSecure,
    publicUrl: config.publicUrlFixed ? config.publicUrl : undefined,
    listen: (channel, onPayload) => database.listen(channel, onPayload),
    ...(options.sessionCacheTtlMs !== undefined ? { sessionCacheTtlMs: options.sessionCacheTtlMs } : {}),
    // What every new account starts with.
    setUpAccount: async (trx, context, locale) => {
      await pipelines.service.createDefault(trx, context, locale);
      await referenceLists.service.createDefaults(trx, context, locale);
      await leads.statuses.createDefaults(trx, context, locale);
      await access.service.ensureDefaults(trx, context.accountId);
    },
  });
  const tasks = createTasksModule({ db: database.db, events, records });
  const files = createFilesModule({
    db: database.db,
    events,
    logger,
    storageDir: config.filesDir,
    sizeLimit: config.fileSizeLimit,
    records,
  });
  const timeline = createTimelineModule({
    db: database.db,
    events,
    files: files.service,
    tasks: tasks.service,
    history: history.service,
    records,
  });
  const users = createUsersModule({
    db: database.db,
    events,
    // This process forgets cached sessions at once; other processes through the `auth_changed` notice.
    onAccessChanged: () => accounts.forgetSessions(),
  });
  const departments = createDepartmentsModule({ db: database.db, events });
  const calendar = createCalendarModule({ db: database.db, events });
  const savedViews = createSavedViewsModule({ db: database.db, events });
  const cardLayouts = createCardLayoutsModule({
    db: database.db,
    events,
    customFieldsOf: (actor, entity) => customFields.service.list(actor, entity),
  });
  const search = createSearchModule({
    sources: {
      deals: deals.service,
      contacts: contacts.service,
      companies: companies.service,
      leads: leads.service,
    },
  });

  // Every request to another server goes through this one client (ARCHITECTURE rule 7).
  const outbound = createOutboundHttp({
    allowedHosts: config.outboundAllowedHosts,
    userAgent: `Voronka/${VERSION}`,
  });
  const allowedHosts = createAllowedHostsService({ db: database.db, events });
  const importModule = createImportModule({
    db: database.db,
    events,
    cipher,
    http: outbound,
    allowedHostsOf: allowedHosts.of,
    publicUrl: config.publicUrlFixed ? config.publicUrl : undefined,
    jobs,
    logger,
    targets: {
      companies: companies.service,
      contacts: contacts.service,
      deals: deals.service,
      pipelines: pipelines.service,
      customFields: customFields.service,
      referenceLists: referenceLists.service,
      tasks: tasks.service,
      timeline: timeline.service,
      files: files.service,
      users: accounts.importInvitations,
    },
  });
  await importModule.start();

  const webhooks = createWebhooksModule(
    {
      db: database.db,
      events,
      cipher,
      http: outbound,
      allowedHostsOf: allowedHosts.of,
      logger,
      workerEnabled: jobs.workerEnabled,
    },
    options.webhooks,
  );
  webhooks.start();

  const spreadsheets = createSpreadsheetsModule({
    db: database.db,
    jobs,
    logger,
    services: {
      contacts: contacts.service,
      companies: companies.service,
      deals: deals.service,
      leads: leads.service,
    },
    lookups: {
      usersOf: (actor) => users.service.list(actor),
      pipelinesOf: (actor) => pipelines.service.list(actor),
      customFieldsOf: (actor, entity) => customFields.service.list(actor, entity),
      currencyOf: async (actor) => (await accounts.service.getAccount(actor)).currency,
      leadStatusesOf: (actor) => leads.statuses.list(actor),
    },
    sizeLimit: config.fileSizeLimit,
    access: access.service,
    ...(options.spreadsheetBatchSize ? { batchSize: options.spreadsheetBatchSize } : {}),
  });
  await spreadsheets.start();

  const automation = createAutomationModule(
    {
      db: database.db,
      events,
      jobs,
      logger,
      deals: deals.service,
      tasks: tasks.service,
      timeline: timeline.service,
      dealCopy: dealCopy.service,
      workingHoursOf: (accountId, userId, trx) => calendar.service.workingHoursOf(accountId, userId, trx),
      http: outbound,
      allowedHostsOf: allowedHosts.of,
      mail: createMail(config.smtpUrl, config.smtpFrom),
      robotsRight: (actor) => access.service.robotsRight(actor, 'deal'),
    },
    { ...(options.clock ? { clock: options.clock } : {}), ...options.automation },
  );
  late.automation = automation.engine;
  await automation.start();

  const intake = createIntakeModule({
    db: database.db,
    events,
    jobs,
    clock: options.clock ?? systemClock,
    deals: deals.service,
    contacts: contacts.service,
    companies: companies.service,
    timeline: timeline.service,
    pipelines: pipelines.service,
    customFields: customFields.service,
    automation: automation.service,
    workingHoursOf: (accountId, userId) => calendar.service.workingHoursOf(accountId, userId),
    access: access.service,
    routes: { rateLimit: config.intakeRateLimit, bodyLimit: config.intakeBodyLimit },
  });
  await intake.start();

  const hub = createRealtimeHub({ database, events, logger });
  const http = await createHttpServer({
    logger,
    version: VERSION,
    trustProxy: config.trustProxy,
    webDist: options.http === false ? undefined : (config.webDist ?? DEFAULT_WEB_DIST),
  });
  let stopSessionCache: (() => Promise<void>) | undefined;
  if (options.http !== false) {
    await hub.start();
    stopSessionCache = await accounts.start();
    installAuth(http, accounts.authenticate);
    installIdempotency(http, database.db);
    registerHealthRoutes(http, { database, jobs, version: VERSION });
    registerRealtimeRoutes(http, {
      hub,
      events,
      // A member gets no event about a deal they may not read (ADR 0018; see deals' `seesEvent`).
      canSee: async (actor, event) => {
        // A stream lives long and the rights are memoised per actor object: a copy per event asks them anew,
        // so a change of roles or departments applies to the next event.
        const now = { ...actor };
        for (const record of recordsOf(event))
          if (record.entity === 'deal' && !(await deals.service.seesEvent(now, record.id, event)))
            return false;
        return true;
      },
    });
    accounts.registerRoutes(http);
    users.registerRoutes(http);
    departments.registerRoutes(http);
    access.registerRoutes(http);
    calendar.registerRoutes(http);
    pipelines.registerRoutes(http);
    referenceLists.registerRoutes(http);
    history.registerRoutes(http);
    customFields.registerRoutes(http);
    contacts.registerRoutes(http);
    companies.registerRoutes(http);
    merges.registerRoutes(http);
    products.registerRoutes(http);
    deals.registerRoutes(http);
    dealCopy.registerRoutes(http);
    leads.registerRoutes(http);
    tasks.registerRoutes(http);
    files.registerRoutes(http);
    timeline.registerRoutes(http);
    registerAllowedHostsRoutes(http, allowedHosts);
    importModule.registerRoutes(http);
    savedViews.registerRoutes(http);
    cardLayouts.registerRoutes(http);
    search.registerRoutes(http);
    spreadsheets.registerRoutes(http);
    webhooks.registerRoutes(http);
    intake.registerRoutes(http);
    automation.registerRoutes(http);
    await http.ready();
  }

  let closed = false;
  return {
    config,
    logger,
    database,
    jobs,
    events,
    hub,
    http,
    outbound,
    modules: {
      accounts,
      users,
      departments,
      access,
      pipelines,
      referenceLists,
      history,
      calendar,
      customFields,
      contacts,
      companies,
      merges,
      products,
      deals,
      dealCopy,
      leads,
      tasks,
      files,
      timeline,
      import: importModule,
      savedViews,
      cardLayouts,
      search,
      spreadsheets,
      webhooks,
      intake,
      automation,
    },
    listen: () => http.listen({ host: config.host, port: config.port }),
    async close() {
      if (closed) return;
      closed = true;
      await http.close();
      await webhooks.stop();
      automation.close();
      await jobs.stop();
      await hub.stop();
      await stopSessionCache?.();
      outbound.close();
      await database.close();
    },
  };
}
