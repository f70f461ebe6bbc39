// timeline — owns the entries of record cards (CORE-7; tables `timeline_entries`, `timeline_entry_files`):
// comments and notes in Markdown (rendered by the web without raw HTML), calls, meetings and e-mails with
// typed data, @mentions, attached files, pins; and the record's feed, which merges its entries with its
// tasks (tasks module: `feed`) and its change history (history module: `feed`) in one keyset.
// Emits timeline.created|updated|deleted|pinned|unpinned, and timeline.mentioned once per newly mentioned
// user (payload.userId; for the notifications module). Consumes no events. Uses files (`describe`,
// `readable`) to check and show attached files. Access rights (ADR 0018): `records` (from the composition
// root) says whether the user may read the record; on one they may not, the feed and entries are absent.
// `service.readable` tells which entries a user may read (their history follows their record).
import type { Db } from '../../platform/db/index.js';
import type { EventBus } from '../../platform/events/index.js';
import type { App } from '../../platform/http/index.js';
import type { ReadableRecords } from '../access/index.js';
import type { FilesService } from '../files/index.js';
import type { HistoryService } from '../history/index.js';
import type { TasksService } from '../tasks/index.js';
import { createTimelineRepository } from './timeline.repository.js';
import { registerTimelineRoutes } from './timeline.routes.js';
import { createTimelineService } from './timeline.service.js';

export type { TimelineService } from './timeline.service.js';

export function createTimelineModule(deps: {
  db: Db;
  events: EventBus;
  files: Pick<FilesService, 'describe' | 'readable'>;
  tasks: Pick<TasksService, 'feed'>;
  history: Pick<HistoryService, 'feed'>;
  records: ReadableRecords;
}) {
  const service = createTimelineService({ ...deps, repo: createTimelineRepository() });
  return { service, registerRoutes: (app: App) => registerTimelineRoutes(app, service) };
}
