// pipelines — owns pipelines and their stages (CORE-1), and each account's default pipeline, created
// with the account. Emits pipeline.created|updated|deleted, stage.created|updated|reordered|deleted.
// Consumes no events. Modules whose records live in stages (deals, leads) pass a `StageRecords`.
import type { Db } from '../../platform/db/index.js';
import type { EventBus } from '../../platform/events/index.js';
import type { App } from '../../platform/http/index.js';
import { createPipelinesRepository } from './pipelines.repository.js';
import { registerPipelinesRoutes } from './pipelines.routes.js';
import { createPipelinesService, type StageRecords } from './pipelines.service.js';

export type { PipelinesService, StageRecords } from './pipelines.service.js';

export function createPipelinesModule(deps: { db: Db; events: EventBus; records?: StageRecords[] }) {
  const service = createPipelinesService({
    db: deps.db,
    repo: createPipelinesRepository(),
    events: deps.events,
    records: deps.records ?? [],
  });
  return { service, registerRoutes: (app: App) => registerPipelinesRoutes(app, service) };
}
