// spreadsheets — owns spreadsheet imports and exports of records (MIGR-6): CSV (UTF-8 or Windows-1251, any
// common delimiter) and XLSX files of contacts, companies, deals and leads. Named "spreadsheets" to keep it
// apart from `import`, the migrations from other CRMs (amoCRM). Owns spreadsheet_imports (drafts, mapping,
// progress, the uploaded bytes), spreadsheet_import_rows (each row's outcome, the record it wrote and the
// state an update replaced) and spreadsheet_mappings (the mapping saved per account, entity and header row).
// Emits no events of its own: the records it writes record theirs through their services, with source
// `import`. Consumes no events. Runs the pg-boss queue `spreadsheet-import` (writing and undoing in resumable
// batches). Uses contacts, companies, deals and leads (services: create, update, delete, list for export;
// the contacts module's phone / e-mail rules and channel queries for duplicates), custom-fields (definitions,
// whose values the contracts' registry validates), users, pipelines, lead statuses and the account currency.
import type { Logger } from 'pino';
import type { Db } from '../../platform/db/index.js';
import type { Jobs } from '../../platform/jobs/index.js';
import type { App } from '../../platform/http/index.js';
import { forbidden } from '../../platform/errors.js';
import type { AccessService } from '../access/index.js';
import { createEntityWriters, type RecordServices, type SpreadsheetRight } from './entities.js';
import { createExportsService, type ExportLookups } from './exports.service.js';
import { createImportsService, IMPORT_QUEUE } from './imports.service.js';
import { createSpreadsheetsRepository } from './spreadsheets.repository.js';
import { registerSpreadsheetsRoutes } from './spreadsheets.routes.js';

export type { ImportsService } from './imports.service.js';
export type { ExportsService } from './exports.service.js';

export function createSpreadsheetsModule(deps: {
  db: Db;
  jobs: Jobs;
  logger: Logger;
  services: RecordServices;
  lookups: ExportLookups;
  sizeLimit: number;
  access: Pick<AccessService, 'allows'>;
  /** Rows written per transaction (and checkpoint). Each row has a savepoint; 50 stays under PostgreSQL's 64
   * cached subtransactions per transaction, past which every snapshot check slows down. */
  batchSize?: number;
}) {
  const entityOf = { contacts: 'contact', companies: 'company', deals: 'deal', leads: 'lead' } as const;
  const assertRight: SpreadsheetRight = async (actor, entity, op) => {
    // Any level reaching the user's own records is the right to import or export at all.
    const own = { responsibleUserId: actor.userId, isOpen: false };
    if (!(await deps.access.allows(actor, entityOf[entity], op, own)))
      throw forbidden(`Your role does not allow ${op === 'import' ? 'importing' : 'exporting'} ${entity}`);
  };
  const imports = createImportsService({
    db: deps.db,
    repo: createSpreadsheetsRepository(),
    jobs: deps.jobs,
    logger: deps.logger,
    writers: createEntityWriters(deps.services),
    lookups: deps.lookups,
    sizeLimit: deps.sizeLimit,
    batchSize: deps.batchSize ?? 50,
    assertRight,
  });
  const exports = createExportsService({ services: deps.services, lookups: deps.lookups, assertRight });
  return {
    imports,
    exports,
    /** Creates the import queue and, when this process runs the worker, starts working it. */
    async start() {
      await deps.jobs.createQueue(IMPORT_QUEUE, imports.queueOptions);
      await deps.jobs.work<{ accountId: string; importId: string }>(
        IMPORT_QUEUE,
        { pollingIntervalSeconds: 0.5 },
        (job) => imports.runJob(job.data, job.retryCount),
      );
    },
    registerRoutes: (app: App) =>
      registerSpreadsheetsRoutes(app, { imports, exports, sizeLimit: deps.sizeLimit }),
  };
}
