// tasks — owns tasks (CORE-8: call / meeting / e-mail / other, deadline or all-day in the account's time
// zone, responsible, result, overdue; table `tasks`). Emits task.created|updated|completed|reopened|deleted.
// Consumes no events. Gives other modules `service.feed` (a record's tasks as timeline items — the timeline
// module) and `service.openOf` (open tasks per record: the "no task planned" flag of deals and leads).
// `records` (from the composition root) says whether the user may read the record a task is linked to.
import type { Db } from '../../platform/db/index.js';
import type { EventBus } from '../../platform/events/index.js';
import type { App } from '../../platform/http/index.js';
import type { ReadableRecords } from '../access/index.js';
import { createTasksRepository } from './tasks.repository.js';
import { registerTasksRoutes } from './tasks.routes.js';
import { createTasksService } from './tasks.service.js';

export type { TasksService, FeedBefore, ImportedTaskState } from './tasks.service.js';

export function createTasksModule(deps: { db: Db; events: EventBus; records: ReadableRecords }) {
  const service = createTasksService({
    db: deps.db,
    repo: createTasksRepository(),
    events: deps.events,
    records: deps.records,
  });
  return { service, registerRoutes: (app: App) => registerTasksRoutes(app, service) };
}
