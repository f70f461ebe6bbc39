// Spreadsheet imports (MIGR-6): upload → draft (columns, first rows, a mapping guessed from the headers or
// saved for them) → mapping and duplicate rule → preview (the first rows written inside a transaction that is
// rolled back, so every error the services would raise shows) → start: a pg-boss job writes the rows in
// batches through the record services with event source `import`. Each batch commits its rows' writes, their
// results and the checkpoint (`processed_rows`) together, so a job retried after a crash resumes at the first
// row not yet written. Leads are written by their service in its own transaction: a placeholder result
// commits first, so a crash mid-row leaves that row reported as interrupted, never written twice.
// Undo deletes what the import created and restores what it updated, newest row first, resumably.
// An import is seen by the user who uploaded it and by administrators; others get 404.
import crypto from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Logger } from 'pino';
import {
  SPREADSHEET_DUPLICATE_KEYS,
  SPREADSHEET_FIELDS,
  SPREADSHEET_MULTI_COLUMN_FIELDS,
  type ColumnTarget,
  type CustomField,
  type DuplicateKey,
  type Pipeline,
  type SpreadsheetEntity,
  type SpreadsheetImport,
  type SpreadsheetMappingBody,
  type User,
} from '@voronka/contracts';
import type { DB, Db } from '../../platform/db/index.js';
import type { Jobs } from '../../platform/jobs/index.js';
import type { Actor } from '../../platform/http/index.js';
import { AppError, conflict, invalidField, invalidFields, notFound } from '../../platform/errors.js';
import { restoreBodyOf, updateBodyOf, type EntityWriter, type SpreadsheetRight } from './entities.js';
import { guessField } from './labels.js';
import {
  columnOfField,
  convertRow,
  IMPORTABLE_TYPES,
  type CellError,
  type RowContext,
  type RowKeys,
} from './row-values.js';
import { readSpreadsheet, UnreadableSpreadsheet } from './spreadsheet-files.js';
import type { ImportOutcome, ImportRow, SpreadsheetsRepository } from './spreadsheets.repository.js';

type Trx = Transaction<DB>;

export const IMPORT_QUEUE = 'spreadsheet-import';
const RETRY_LIMIT = 5;
const PREVIEW_ROWS_MAX = 200;

/** What the import reads of other modules to understand a row (each through its index.ts). */
export interface ImportLookups {
  usersOf(actor: Actor): Promise<User[]>;
  pipelinesOf(actor: Actor): Promise<Pipeline[]>;
  customFieldsOf(actor: Actor, entity: EntityWriter['customFieldEntity']): Promise<CustomField[]>;
  currencyOf(actor: Actor): Promise<string>;
}

const DUPLICATE_KEYS = SPREADSHEET_DUPLICATE_KEYS;
const MULTI_COLUMN = new Set<string>(SPREADSHEET_MULTI_COLUMN_FIELDS);

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function present(row: ImportRow, samples: string[][]): SpreadsheetImport {
  return {
    id: row.id,
    entity: row.entity,
    fileName: row.file_name,
    format: row.format,
    encoding: row.encoding as SpreadsheetImport['encoding'],
    delimiter: row.delimiter,
    columns: row.headers.map((header, index) => ({ index, header, samples: samples[index] ?? [] })),
    totalRows: row.total_rows,
    mapping: row.mapping as ColumnTarget[],
    mappingSource: row.mapping_source,
    duplicateRule: row.duplicate_rule,
    duplicateKeys: row.duplicate_keys as DuplicateKey[],
    status: row.status,
    processedRows: row.processed_rows,
    created: row.created,
    updated: row.updated,
    skipped: row.skipped,
    failed: row.failed,
    error: row.error,
    createdByUserId: row.created_by,
    createdAt: row.created_at.toISOString(),
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
    undoneAt: iso(row.undone_at),
  };
}

const signatureOf = (headers: string[]) =>
  crypto
    .createHash('sha256')
    .update(JSON.stringify(headers.map((h) => h.trim().toLowerCase())))
    .digest('hex');

/** Why a service refused a row, in one line. */
function reasonOf(error: AppError) {
  const fields = error.extra.errors ?? [];
  return fields.length > 0
    ? fields.map((e) => `${e.field.replace(/^body\./, '')}: ${e.reason}`).join('; ')
    : error.message;
}
const cellReason = (errors: CellError[], headers: string[]) =>
  errors
    .map((e) => `${e.column !== null ? headers[e.column] || `#${e.column + 1}` : e.field}: ${e.reason}`)
    .join('; ');

interface RowResult {
  row: number;
  outcome: ImportOutcome;
  recordId: string | null;
  prior: object | null;
  reason: string | null;
}

export function createImportsService(deps: {
  db: Db;
  repo: SpreadsheetsRepository;
  jobs: Jobs;
  logger: Logger;
  writers: Record<SpreadsheetEntity, EntityWriter>;
  lookups: ImportLookups;
  sizeLimit: number;
  batchSize: number;
  assertRight: SpreadsheetRight;
}) {
  const { db, repo, writers, lookups } = deps;

  const visible = (actor: Actor, row: ImportRow | undefined) =>
    row && (actor.role === 'admin' || row.created_by === actor.userId) ? row : undefined;

  async function load(actor: Actor, id: string) {
    const row = visible(actor, await repo.find(db, actor.accountId, id));
    if (!row) throw notFound('Import');
    return row;
  }

  async function rowsOf(row: ImportRow) {
    const content = await repo.content(db, row.account_id, row.id);
    if (!content) throw conflict('import_file_gone', 'The file of this import is no longer kept');
    return (await readSpreadsheet(content, row.file_name)).rows;
  }

  const samplesOf = (rows: string[][], width: number) =>
    Array.from({ length: width }, (_, column) =>
      rows
        .map((r) => r[column] ?? '')
        .filter((v) => v !== '')
        .slice(0, 3),
    );

  async function presentWithSamples(row: ImportRow) {
    // Samples are for mapping: only a draft reads its file again (a progress poll must stay cheap).
    const content = row.status === 'draft' ? await repo.content(db, row.account_id, row.id) : null;
    const rows = content ? (await readSpreadsheet(content, row.file_name)).rows.slice(0, 20) : [];
    return present(row, samplesOf(rows, row.headers.length));
  }

  async function contextOf(actor: Actor, entity: SpreadsheetEntity): Promise<RowContext> {
    const [users, pipelines, fields, currency] = await Promise.all([
      lookups.usersOf(actor),
      entity === 'deals' ? lookups.pipelinesOf(actor) : Promise.resolve([]),
      lookups.customFieldsOf(actor, writers[entity].customFieldEntity),
      lookups.currencyOf(actor),
    ]);
    return {
      entity,
      users: users.filter((u) => u.active),
      pipelines,
      customFields: new Map(fields.map((f) => [f.id, f])),
      currency,
    };
  }

  /** The mapping's problems, each at `body.mapping.<column>`. */
  function mappingErrors(
    entity: SpreadsheetEntity,
    width: number,
    body: SpreadsheetMappingBody,
    fields: Map<string, CustomField>,
  ) {
    const errors: { field: string; reason: string }[] = [];
    if (body.mapping.length !== width)
      errors.push({ field: 'body.mapping', reason: `must have one entry per column (${width})` });
    const allowed = new Set<string>(SPREADSHEET_FIELDS[entity]);
    const used = new Map<string, number>();
    body.mapping.forEach((target, i) => {
      if (!target) return;
      const key = 'field' in target ? target.field : target.customFieldId;
      if ('field' in target && !allowed.has(target.field))
        errors.push({ field: `body.mapping.${i}.field`, reason: `is not a field of ${entity}` });
      if ('customFieldId' in target) {
        const field = fields.get(target.customFieldId);
        if (!field)
          errors.push({
            field: `body.mapping.${i}.customFieldId`,
            reason: `is no custom field of ${entity}`,
          });
        else if (!IMPORTABLE_TYPES.has(field.type))
          errors.push({
            field: `body.mapping.${i}.customFieldId`,
            reason: `a ${field.type} field cannot be imported`,
          });
      }
      if (used.has(key) && !('field' in target && MULTI_COLUMN.has(target.field)))
        errors.push({
          field: `body.mapping.${i}`,
          reason: `column ${(used.get(key) ?? 0) + 1} already fills it`,
        });
      used.set(key, i);
    });
    if (
      body.mapping.some((t) => t && 'field' in t && t.field === 'fullName') &&
      body.mapping.some((t) => t && 'field' in t && ['firstName', 'lastName', 'middleName'].includes(t.field))
    )
      errors.push({ field: 'body.mapping', reason: 'map either the full name or its parts, not both' });
    for (const [i, key] of (body.duplicateKeys ?? []).entries())
      if (!DUPLICATE_KEYS[entity].includes(key))
        errors.push({ field: `body.duplicateKeys.${i}`, reason: `${entity} are not matched by ${key}` });
    return errors;
  }

  function guessMapping(entity: SpreadsheetEntity, headers: string[], fields: CustomField[]): ColumnTarget[] {
    const taken = new Set<string>();
    return headers.map((header) => {
      const field = guessField(header, SPREADSHEET_FIELDS[entity], entity);
      if (field && (!taken.has(field) || MULTI_COLUMN.has(field))) {
        taken.add(field);
        return { field };
      }
      const custom = fields.find(
        (f) => IMPORTABLE_TYPES.has(f.type) && f.name.trim().toLowerCase() === header.trim().toLowerCase(),
      );
      if (custom && !taken.has(custom.id)) {
        taken.add(custom.id);
        return { customFieldId: custom.id };
      }
      return null;
    });
  }

  /**
   * Writes one row inside `trx` (or, for a writer that is not transactional, through its service) and says
   * what happened. A service's refusal (AppError) is the row's failure; anything else is the batch's.
   */
  async function writeRow(
    trx: Trx | undefined,
    actor: Actor,
    row: ImportRow,
    ctx: RowContext,
    cells: string[],
    number: number,
  ): Promise<
    RowResult & { errors: CellError[]; duplicateOf: string | null; values: Record<string, unknown> }
  > {
    const writer = writers[row.entity];
    const converted = convertRow(ctx, row.mapping as ColumnTarget[], cells);
    const base = { row: number, recordId: null, prior: null, duplicateOf: null, values: converted.body };
    if (converted.errors.length > 0)
      return {
        ...base,
        outcome: 'failed',
        reason: cellReason(converted.errors, row.headers),
        errors: converted.errors,
      };
    const keys = (row.duplicate_keys as DuplicateKey[]).filter((k) => DUPLICATE_KEYS[row.entity].includes(k));
    const duplicateOf =
      row.duplicate_rule !== 'create' && keys.length > 0
        ? ((await repo.findDuplicate(trx ?? db, row.account_id, row.entity, keys, converted.keys)) ?? null)
        : null;
    try {
      if (duplicateOf && row.duplicate_rule === 'skip')
        return {
          ...base,
          duplicateOf,
          outcome: 'skipped',
          recordId: duplicateOf,
          reason: `a duplicate of ${duplicateOf}`,
          errors: [],
        };
      if (duplicateOf && row.duplicate_rule === 'update') {
        const existing = await writer.find(actor, duplicateOf, trx);
        if (existing) {
          const update = updateBodyOf(converted.body, existing);
          const restore = restoreBodyOf(update, existing);
          await writer.update(actor, duplicateOf, update, trx);
          return {
            ...base,
            duplicateOf,
            outcome: 'updated',
            recordId: duplicateOf,
            prior: restore,
            reason: null,
            errors: [],
          };
        }
      }
      const id = await writer.create(actor, converted.body, trx);
      return { ...base, duplicateOf, outcome: 'created', recordId: id, reason: null, errors: [] };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const errors: CellError[] = (error.extra.errors ?? [{ field: 'row', reason: error.message }]).map(
        (e) => ({
          column: columnOfField(converted.columns, e.field),
          field: e.field.replace(/^body\./, ''),
          reason: e.reason,
        }),
      );
      return { ...base, duplicateOf, outcome: 'failed', reason: reasonOf(error), errors };
    }
  }

  /** Runs `work` so that a failure undoes only its own writes (a savepoint inside the batch). */
  async function inSavepoint<T extends { outcome: ImportOutcome }>(
    trx: Trx,
    work: () => Promise<T>,
  ): Promise<T> {
    await sql`SAVEPOINT import_row`.execute(trx);
    try {
      const result = await work();
      if (result.outcome === 'failed') await sql`ROLLBACK TO SAVEPOINT import_row`.execute(trx);
      else await sql`RELEASE SAVEPOINT import_row`.execute(trx);
      return result;
    } catch (error) {
      await sql`ROLLBACK TO SAVEPOINT import_row`.execute(trx);
      throw error;
    }
  }

  /** The user an import acts for, with their current role; events it records carry source `import`. */
  async function actorOfImport(row: ImportRow): Promise<Actor> {
    const probe: Actor = {
      accountId: row.account_id,
      userId: row.created_by,
      identityId: '',
      role: 'member',
      via: 'session',
      sessionId: null,
      tokenId: null,
      source: 'import',
    };
    const user = (await lookups.usersOf(probe)).find((u) => u.id === row.created_by);
    return { ...probe, role: user?.role ?? 'member' };
  }

  const writeOneByOne = async (
    trx: Trx,
    actor: Actor,
    row: ImportRow,
    ctx: RowContext,
    rows: string[][],
    from: number,
    to: number,
  ) => {
    const results: RowResult[] = [];
    for (let i = from; i < to; i++)
      results.push(await inSavepoint(trx, () => writeRow(trx, actor, row, ctx, rows[i] ?? [], i + 2)));
    return results;
  };

  /**
   * Writes rows `from`..`to` like `writeOneByOne` does, but the rows that simply create a record (no cell
   * errors, no duplicate found) are created together through the writer's `createMany`, in one savepoint.
   * Rows are still decided in file order: a row whose duplicate keys meet a pending new record's has the
   * pending ones written first, so it finds them as a one-by-one import would. When the service refuses one
   * of a page, the page is rolled back and written again row by row, each refusal reported at its row.
   */
  async function writeBulk(
    trx: Trx,
    actor: Actor,
    row: ImportRow,
    ctx: RowContext,
    rows: string[][],
    from: number,
    to: number,
  ) {
    const writer = writers[row.entity];
    const createMany = writer.createMany;
    if (!createMany) throw new Error('unreachable');
    const results = new Map<number, RowResult>();
    const keys = (row.duplicate_keys as DuplicateKey[]).filter((k) => DUPLICATE_KEYS[row.entity].includes(k));
    const matching = row.duplicate_rule !== 'create' && keys.length > 0;
    let pending: { index: number; body: Record<string, unknown> }[] = [];
    const pendingKeys = new Set<string>();
    const keyStrings = (k: RowKeys) => [
      ...(keys.includes('phone') ? k.phones.map((p) => `phone:${p}`) : []),
      ...(keys.includes('email') ? k.emails.map((e) => `email:${e}`) : []),
      ...(keys.includes('name') && k.name
        ? [
            `name:${typeof k.name === 'string' ? k.name : `${k.name.last}\u0000${k.name.first}`}`.toLowerCase(),
          ]
        : []),
    ];
    const one = (i: number) => inSavepoint(trx, () => writeRow(trx, actor, row, ctx, rows[i] ?? [], i + 2));
    const flush = async () => {
      if (pending.length === 0) return;
      const page = pending;
      pending = [];
      pendingKeys.clear();
      await sql`SAVEPOINT import_page`.execute(trx);
      let ids: string[];
      try {
        ids = await createMany(
          actor,
          page.map((p) => p.body),
          trx,
        );
        await sql`RELEASE SAVEPOINT import_page`.execute(trx);
      } catch (error) {
        await sql`ROLLBACK TO SAVEPOINT import_page`.execute(trx);
        if (!(error instanceof AppError)) throw error;
        for (const p of page) results.set(p.index, await one(p.index));
        return;
      }
      page.forEach((p, n) =>
        results.set(p.index, {
          row: p.index + 2,
          outcome: 'created',
          recordId: ids[n] ?? null,
          prior: null,
          reason: null,
        }),
      );
    };
    for (let i = from; i < to; i++) {
      const converted = convertRow(ctx, row.mapping as ColumnTarget[], rows[i] ?? []);
      if (converted.errors.length > 0) {
        results.set(i, {
          row: i + 2,
          outcome: 'failed',
          recordId: null,
          prior: null,
          reason: cellReason(converted.errors, row.headers),
        });
        continue;
      }
      if (matching) {
        const own = keyStrings(converted.keys);
        if (own.some((k) => pendingKeys.has(k))) await flush();
        const duplicateOf = await repo.findDuplicate(trx, row.account_id, row.entity, keys, converted.keys);
        if (duplicateOf) {
          results.set(i, await one(i));
          continue;
        }
        for (const k of own) pendingKeys.add(k);
      }
      pending.push({ index: i, body: converted.body });
    }
    await flush();
    return Array.from({ length: to - from }, (_, n) => {
      const result = results.get(from + n);
      if (!result) throw new Error('unreachable');
      return result;
    });
  }

  const counts = (results: RowResult[]) => {
    const c: Record<ImportOutcome, number> = { created: 0, updated: 0, skipped: 0, failed: 0 };
    for (const r of results) c[r.outcome]++;
    return c;
  };

  /**
   * Writes the next batch of an import. Returns false when there is nothing more to do. Safe to run twice at
   * once or again after a crash: the import row is locked and the checkpoint read under the lock.
   */
  async function runBatch(
    accountId: string,
    importId: string,
    state: { rows?: string[][]; ctx?: RowContext; actor?: Actor },
  ) {
    const head = await repo.find(db, accountId, importId);
    if (!head || (head.status !== 'queued' && head.status !== 'running')) return false;
    state.actor ??= await actorOfImport(head);
    state.ctx ??= await contextOf(state.actor, head.entity);
    state.rows ??= await rowsOf(head);
    const { actor, ctx, rows } = state;
    const writer = writers[head.entity];

    if (!writer.transactional) {
      // One row at a time: a placeholder and the checkpoint commit first, the service's write next.
      const claimed = await db.transaction().execute(async (trx) => {
        const row = await repo.lock(trx, accountId, importId);
        if (!row || (row.status !== 'queued' && row.status !== 'running')) return undefined;
        if (row.processed_rows >= row.total_rows) {
          await repo.update(trx, accountId, importId, { status: 'completed', finished_at: new Date() });
          return undefined;
        }
        const number = row.processed_rows;
        await repo.insertRows(trx, accountId, importId, [
          {
            row: number + 2,
            outcome: 'failed',
            recordId: null,
            prior: null,
            reason: 'interrupted while being written; check for a partial record',
          },
        ]);
        await repo.advance(trx, accountId, importId, number + 1, {
          created: 0,
          updated: 0,
          skipped: 0,
          failed: 1,
        });
        if (row.status === 'queued') await repo.update(trx, accountId, importId, { status: 'running' });
        return { row, number };
      });
      if (!claimed) return false;
      const result = await writeRow(
        undefined,
        actor,
        claimed.row,
        ctx,
        rows[claimed.number] ?? [],
        claimed.number + 2,
      );
      await db.transaction().execute(async (trx) => {
        await repo.setRow(trx, importId, result.row, result);
        const c = counts([result]);
        await repo.advance(trx, accountId, importId, claimed.number + 1, { ...c, failed: c.failed - 1 });
      });
      return true;
    }

    return db.transaction().execute(async (trx) => {
      const row = await repo.lock(trx, accountId, importId);
      if (!row || (row.status !== 'queued' && row.status !== 'running')) return false;
      const from = row.processed_rows;
      const to = Math.min(row.total_rows, from + deps.batchSize);
      const results = writer.createMany
        ? await writeBulk(trx, actor, row, ctx, rows, from, to)
        : await writeOneByOne(trx, actor, row, ctx, rows, from, to);
      await repo.insertRows(
        trx,
        accountId,
        importId,
        results.map(({ row: n, outcome, recordId, prior, reason }) => ({
          row: n,
          outcome,
          recordId,
          prior,
          reason,
        })),
      );
      await repo.advance(trx, accountId, importId, to, counts(results));
      const done = to >= row.total_rows;
      if (done)
        await repo.update(trx, accountId, importId, {
          status: 'completed',
          finished_at: new Date(),
          error: null,
        });
      else if (row.status === 'queued') await repo.update(trx, accountId, importId, { status: 'running' });
      return !done;
    });
  }

  /** Undoes the next rows of an import being undone; false when nothing is left. */
  async function undoBatch(accountId: string, importId: string, state: { actor?: Actor }) {
    const head = await repo.find(db, accountId, importId);
    if (!head || head.status !== 'undoing') return false;
    // Undo takes back the import's own writes: deleting what it created is not limited to the responsible.
    state.actor ??= { ...(await actorOfImport(head)), role: 'admin' };
    const actor = state.actor;
    const writer = writers[head.entity];
    const pending = await repo.toUndo(db, importId, deps.batchSize);
    if (pending.length === 0) {
      await repo.update(db, accountId, importId, { status: 'undone', undone_at: new Date(), content: null });
      return false;
    }
    for (const item of pending) {
      if (!item.record_id) continue;
      const recordId = item.record_id;
      if (item.outcome === 'created') {
        try {
          await writer.remove(actor, recordId);
        } catch (error) {
          // Already deleted by someone else: nothing left to undo.
          if (!(error instanceof AppError && error.status === 404)) throw error;
        }
        await repo.markUndone(db, importId, item.row_number);
      } else if (writer.transactional) {
        await db.transaction().execute(async (trx) => {
          try {
            await writer.update(actor, recordId, item.prior ?? {}, trx);
          } catch (error) {
            if (!(error instanceof AppError && error.status === 404)) throw error;
          }
          await repo.markUndone(trx, importId, item.row_number);
        });
      } else {
        try {
          await writer.update(actor, recordId, item.prior ?? {}, undefined);
        } catch (error) {
          if (!(error instanceof AppError && error.status === 404)) throw error;
        }
        await repo.markUndone(db, importId, item.row_number);
      }
    }
    return true;
  }

  async function runJob(data: { accountId: string; importId: string }, retryCount: number) {
    try {
      const head = await repo.find(db, data.accountId, data.importId);
      if (head?.status === 'undoing') {
        const state = {};
        while (await undoBatch(data.accountId, data.importId, state));
      } else {
        const state = {};
        while (await runBatch(data.accountId, data.importId, state));
      }
    } catch (error) {
      deps.logger.warn(
        { err: error, importId: data.importId },
        'spreadsheet import batch failed; will retry',
      );
      const message = error instanceof Error ? error.message : String(error);
      await repo.update(db, data.accountId, data.importId, {
        error: message,
        ...(retryCount >= RETRY_LIMIT ? { status: 'failed' as const, finished_at: new Date() } : {}),
      });
      throw error;
    }
  }

  return {
    queueOptions: {
      retryLimit: RETRY_LIMIT,
      retryBackoff: true,
      retryDelay: 2,
      heartbeatSeconds: 30,
      expireInSeconds: 3600,
    },
    runJob,
    runBatch: (accountId: string, importId: string) => runBatch(accountId, importId, {}),

    async upload(actor: Actor, entity: SpreadsheetEntity, fileName: string, bytes: Buffer) {
      await deps.assertRight(actor, entity, 'import');
      let data;
      try {
        data = await readSpreadsheet(bytes, fileName);
      } catch (error) {
        if (error instanceof UnreadableSpreadsheet) throw invalidField('body.file', error.message);
        throw error;
      }
      if (data.headers.length === 0 || data.headers.every((h) => h === ''))
        throw invalidField('body.file', 'has no header row');
      if (data.rows.length === 0) throw invalidField('body.file', 'has no rows below the header');
      const fields = await lookups.customFieldsOf(actor, writers[entity].customFieldEntity);
      const signature = signatureOf(data.headers);
      const saved = await repo.savedMapping(db, actor.accountId, entity, signature);
      const byId = new Map(fields.map((f) => [f.id, f]));
      const savedBody = saved && {
        mapping: saved.mapping as ColumnTarget[],
        duplicateRule: saved.duplicate_rule as SpreadsheetMappingBody['duplicateRule'],
        duplicateKeys: saved.duplicate_keys as DuplicateKey[],
      };
      const usable = savedBody && mappingErrors(entity, data.headers.length, savedBody, byId).length === 0;
      const row = await repo.insert(db, {
        account_id: actor.accountId,
        created_by: actor.userId,
        entity,
        file_name: fileName,
        format: data.format,
        encoding: data.encoding,
        delimiter: data.delimiter,
        content: bytes,
        headers: JSON.stringify(data.headers),
        header_signature: signature,
        total_rows: data.rows.length,
        mapping: JSON.stringify(usable ? savedBody.mapping : guessMapping(entity, data.headers, fields)),
        mapping_source: usable ? 'saved' : 'guessed',
        duplicate_rule: usable ? savedBody.duplicateRule : 'skip',
        duplicate_keys: JSON.stringify(
          usable ? savedBody.duplicateKeys : entity === 'deals' ? [] : ['phone', 'email'],
        ),
      });
      return present(row, samplesOf(data.rows.slice(0, 20), data.headers.length));
    },

    get: async (actor: Actor, id: string) => presentWithSamples(await load(actor, id)),

    async list(actor: Actor, query: { entity?: SpreadsheetEntity | undefined }) {
      const rows = await repo.list(db, actor.accountId, {
        entity: query.entity,
        ...(actor.role === 'admin' ? {} : { createdBy: actor.userId }),
      });
      return { items: rows.map((r) => present(r, [])) };
    },

    async setMapping(actor: Actor, id: string, body: SpreadsheetMappingBody) {
      const row = await load(actor, id);
      if (row.status !== 'draft')
        throw conflict('import_started', 'The import has started; its mapping is fixed');
      const fields = await lookups.customFieldsOf(actor, writers[row.entity].customFieldEntity);
      const errors = mappingErrors(
        row.entity,
        row.headers.length,
        body,
        new Map(fields.map((f) => [f.id, f])),
      );
      if (errors.length > 0) throw invalidFields(errors);
      const duplicateKeys = body.duplicateKeys ?? [];
      const updated = await db.transaction().execute(async (trx) => {
        await repo.saveMapping(trx, actor.accountId, row.entity, row.header_signature, {
          mapping: body.mapping,
          duplicateRule: body.duplicateRule,
          duplicateKeys,
        });
        return repo.update(trx, actor.accountId, id, {
          mapping: JSON.stringify(body.mapping),
          mapping_source: 'user',
          duplicate_rule: body.duplicateRule,
          duplicate_keys: JSON.stringify(duplicateKeys),
        });
      });
      return presentWithSamples(updated);
    },

    /** The first rows as they would be written: each row is written and the whole preview rolled back. */
    async preview(actor: Actor, id: string, limit: number) {
      const row = await load(actor, id);
      const rows = (await rowsOf(row)).slice(0, Math.min(limit, PREVIEW_ROWS_MAX));
      const importer: Actor = { ...actor, source: 'import' };
      const ctx = await contextOf(actor, row.entity);
      const writer = writers[row.entity];
      const results: Awaited<ReturnType<typeof writeRow>>[] = [];
      if (writer.transactional) {
        const rollback = new Error('preview');
        await db
          .transaction()
          .execute(async (trx) => {
            for (const [i, cells] of rows.entries())
              results.push(await inSavepoint(trx, () => writeRow(trx, importer, row, ctx, cells, i + 2)));
            throw rollback;
          })
          .catch((error: unknown) => {
            if (error !== rollback) throw error;
          });
      } else {
        // Leads are written in their own transactions: the preview checks the cells and finds duplicates.
        for (const [i, cells] of rows.entries()) {
          const converted = convertRow(ctx, row.mapping as ColumnTarget[], cells);
          const keys = (row.duplicate_keys as DuplicateKey[]).filter((k) =>
            DUPLICATE_KEYS[row.entity].includes(k),
          );
          const duplicateOf =
            keys.length > 0
              ? ((await repo.findDuplicate(db, row.account_id, row.entity, keys, converted.keys)) ?? null)
              : null;
          results.push({
            row: i + 2,
            outcome: converted.errors.length > 0 ? 'failed' : 'created',
            recordId: null,
            prior: null,
            reason: null,
            errors: converted.errors,
            duplicateOf,
            values: converted.body,
          });
        }
      }
      return {
        rows: results.map((r, i) => ({
          row: r.row,
          cells: Array.from({ length: row.headers.length }, (_, column) => rows[i]?.[column] ?? ''),
          values: r.values,
          errors: r.errors,
          duplicateOf: r.duplicateOf,
        })),
      };
    },

    async start(actor: Actor, id: string) {
      const row = await load(actor, id);
      await deps.assertRight(actor, row.entity, 'import');
      const started = await db.transaction().execute(async (trx) => {
        const locked = await repo.lock(trx, actor.accountId, id);
        if (locked?.status !== 'draft') throw conflict('import_started', 'The import has already started');
        if (!(row.mapping as ColumnTarget[]).some(Boolean))
          throw invalidField('body.mapping', 'map at least one column before starting');
        const updated = await repo.update(trx, actor.accountId, id, {
          status: 'queued',
          started_at: new Date(),
        });
        await deps.jobs.sendInTransaction(trx, IMPORT_QUEUE, { accountId: actor.accountId, importId: id });
        return updated;
      });
      return presentWithSamples(started);
    },

    async undo(actor: Actor, id: string) {
      await load(actor, id);
      const undoing = await db.transaction().execute(async (trx) => {
        const locked = await repo.lock(trx, actor.accountId, id);
        if (locked?.status !== 'completed' && locked?.status !== 'failed')
          throw conflict('import_not_finished', 'Only a finished import can be undone');
        const updated = await repo.update(trx, actor.accountId, id, { status: 'undoing' });
        await deps.jobs.sendInTransaction(trx, IMPORT_QUEUE, { accountId: actor.accountId, importId: id });
        return updated;
      });
      return present(undoing, []);
    },

    async report(
      actor: Actor,
      id: string,
      query: { outcome?: ImportOutcome | undefined; after?: number | undefined; limit: number },
    ) {
      await load(actor, id);
      const rows = await repo.rows(db, actor.accountId, id, { ...query, limit: query.limit + 1 });
      const page = rows.slice(0, query.limit);
      return {
        items: page.map((r) => ({
          row: r.row_number,
          outcome: r.outcome,
          recordId: r.record_id,
          reason: r.reason,
        })),
        nextAfter: rows.length > query.limit ? (page.at(-1)?.row_number ?? null) : null,
      };
    },

    /** Every row's result, in row order, for the CSV report. */
    async *reportRows(actor: Actor, id: string) {
      await load(actor, id);
      let after: number | undefined;
      for (;;) {
        const rows = await repo.rows(db, actor.accountId, id, { after, limit: 1000 });
        yield* rows;
        if (rows.length < 1000) return;
        after = rows.at(-1)?.row_number;
      }
    },
  };
}
export type ImportsService = ReturnType<typeof createImportsService>;
