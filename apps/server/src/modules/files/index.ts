// files — owns uploaded files (CORE-7: files in the timeline; table `files`, bytes under FILES_DIR). Emits
// file.uploaded, file.deleted. Consumes no events. Other modules attach files by id and describe them with
// `service.describe` (the timeline module). Orphaned uploads (never attached) are kept for now. A migration
// (the import module) brings files with `stage` + `importFile` (inside its transaction, under an id derived
// from the source) and removes them on rollback with `remove`. Access rights (ADR 0018): a file on timeline
// entries is readable while one of their records is (`records`, from the composition root); `readable` tells
// the timeline which files an entry may take.
import type { Logger } from 'pino';
import type { Db } from '../../platform/db/index.js';
import type { EventBus } from '../../platform/events/index.js';
import type { App } from '../../platform/http/index.js';
import type { ReadableRecords } from '../access/index.js';
import { createFilesRepository } from './files.repository.js';
import { registerFilesRoutes } from './files.routes.js';
import { createFilesService } from './files.service.js';
import { createFileStorage } from './files.storage.js';

export type { FilesService } from './files.service.js';
export type { ReceivedFile } from './files.storage.js';

export function createFilesModule(deps: {
  db: Db;
  events: EventBus;
  logger: Logger;
  /** Where the bytes go (config.filesDir). */
  storageDir: string;
  /** The largest upload in bytes (config.fileSizeLimit). */
  sizeLimit: number;
  /** Whether the actor may read the records the files' timeline entries are on. */
  records: ReadableRecords;
}) {
  const storage = createFileStorage(deps.storageDir);
  const service = createFilesService({
    db: deps.db,
    repo: createFilesRepository(),
    events: deps.events,
    storage,
    logger: deps.logger,
    sizeLimit: deps.sizeLimit,
    records: deps.records,
  });
  return {
    service,
    registerRoutes: (app: App) => registerFilesRoutes(app, { service, storage, sizeLimit: deps.sizeLimit }),
  };
}
