// import — owns migrations from other CRMs (MIGR-1..5, ADR 0012): connections to amoCRM portals
// (import_connections: OAuth tokens sealed at rest, rotated under a row lock), the amoCRM API client
// (sources/amocrm), and migration runs (import_runs, import_external_ids, import_run_log,
// import_run_failures): the choice of entities with linked ones ticked, the data check, the background run
// on the `import-run` pg-boss queue that checkpoints every page in the page's own transaction and resumes
// after a restart, Stop / Continue / Cancel, "Delete migrated data" (created records deleted, updated ones
// restored), confirmation (by hand, or automatically 7 days after completion — applied whenever runs are
// read), the report of records not migrated (JSON, CSV) and the delta re-sync (`filter[updated_at][from]`).
// Emits import_connection.connected|deleted and import_run.created|updated|progressed (at most once a
// second)|completed|failed|rolled_back. Consumes no events. Writes records only through the companies,
// contacts, deals, pipelines, custom-fields, tasks and timeline services (their events carry source
// `import`, so automation ignores them); reads users and the account's time zone and currency; invites the
// source's users without a match through the accounts module (and withdraws those invitations on rollback).
import type { Logger } from 'pino';
import type { Cipher } from '../../platform/crypto/index.js';
import type { Db } from '../../platform/db/index.js';
import type { EventBus } from '../../platform/events/index.js';
import type { App } from '../../platform/http/index.js';
import type { Jobs } from '../../platform/jobs/index.js';
import type { OutboundHttp } from '../../platform/outbound-http/index.js';
import { createConnectionsRepository } from './connections.repository.js';
import { registerConnectionsRoutes } from './connections.routes.js';
import { createConnectionsService } from './connections.service.js';
import { createRunJob, type ImportTargets } from './run-job.js';
import { createRunsRepository } from './runs.repository.js';
import { registerRunsRoutes } from './runs.routes.js';
import { createRunsService } from './runs.service.js';

export type { ConnectionsService } from './connections.service.js';
export type { RunsService } from './runs.service.js';
export type { ImportTargets } from './run-job.js';
export { IMPORT_QUEUE } from './run-job.js';
export {
  AmoApiError,
  AmoBlockedError,
  AmoOAuthError,
  AmoUnreachableError,
  createAmoClient,
  type AmoClient,
} from './sources/amocrm/client.js';

export function createImportModule(deps: {
  db: Db;
  events: EventBus;
  cipher: Cipher;
  http: OutboundHttp;
  allowedHostsOf: (accountId: string) => Promise<string[]>;
  publicUrl: string | undefined;
  jobs: Jobs;
  logger: Logger;
  targets: ImportTargets;
}) {
  const connections = createConnectionsService({ ...deps, repo: createConnectionsRepository() });
  const repo = createRunsRepository();
  const job = createRunJob({
    db: deps.db,
    repo,
    events: deps.events,
    jobs: deps.jobs,
    logger: deps.logger,
    connections,
    targets: deps.targets,
  });
  const runs = createRunsService({
    db: deps.db,
    repo,
    events: deps.events,
    job,
    connections,
    users: async (accountId) =>
      (await repo.users(deps.db, accountId)).map((u) => ({
        id: u.id,
        name: u.name,
        email: u.email,
        active: u.active,
      })),
    pipelines: (actor) => deps.targets.pipelines.list(actor),
  });
  return {
    connections,
    runs,
    job,
    /** The run queue and its worker; runs a dead worker left are enqueued again. */
    start: () => job.start(),
    registerRoutes: (app: App) => {
      registerConnectionsRoutes(app, connections);
      registerRunsRoutes(app, runs);
    },
  };
}
