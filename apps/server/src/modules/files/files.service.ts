// Uploaded files (CORE-7): the bytes on disk (files.storage.ts), a row per file with its name, type, size and
// SHA-256. The type is what the bytes are (sniffed) when recognisable, else what the client declared. Files
// of another account are absent (404), and so is a file on timeline entries none of whose records the user
// may read (access rights, ADR 0018: a file on a hidden deal); a file on no entry is the account's. A file may be deleted by its uploader or an administrator while no
// timeline entry has it (the foreign key of timeline_entry_files refuses it otherwise: 409).
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { fileTypeFromFile } from 'file-type';
import type { Logger } from 'pino';
import type { StoredFile } from '@voronka/contracts';
import { isForeignKeyViolation, type Db } from '../../platform/db/index.js';
import type { EventBus } from '../../platform/events/index.js';
import { eventContextOf, type Actor } from '../../platform/http/index.js';
import { conflict, forbidden, notFound } from '../../platform/errors.js';
import type { ReadableRecords } from '../access/index.js';
import { chooseMime, cleanFileName } from './file-names.js';
import type { FileRow, FilesRepository } from './files.repository.js';
import type { FileStorage, ReceivedFile } from './files.storage.js';

export const presentFile = (row: FileRow): StoredFile => ({
  id: row.id,
  name: row.name,
  mime: row.mime,
  size: Number(row.size),
  sha256: row.sha256,
  uploadedBy: row.uploaded_by,
  contentUrl: `/api/files/${row.id}/content`,
  createdAt: row.created_at.toISOString(),
});

export interface Upload {
  received: ReceivedFile;
  /** The part's filename and Content-Type, as the client sent them. */
  filename: string | undefined;
  declaredMime: string | undefined;
}

export function createFilesService({
  db,
  repo,
  events,
  storage,
  logger,
  sizeLimit,
  records,
}: {
  db: Db;
  repo: FilesRepository;
  events: EventBus;
  storage: FileStorage;
  logger: Logger;
  sizeLimit: number;
  records: ReadableRecords;
}) {
  /**
   * Of these files, those the actor may read: one on no timeline entry (a fresh upload) is the account's; one
   * on entries, while the actor may read at least one of their records.
   */
  async function readable(actor: Actor, ids: readonly string[], trx: Db = db): Promise<Set<string>> {
    const rows = await repo.attachments(trx, actor.accountId, ids);
    const on = rows.map((r) => {
      const [entity, id] = r.deal_id
        ? ['deal', r.deal_id]
        : r.lead_id
          ? ['lead', r.lead_id]
          : r.contact_id
            ? ['contact', r.contact_id]
            : ['company', r.company_id ?? ''];
      return { fileId: r.file_id, entity, id };
    });
    const seen = new Map<string, Set<string>>();
    for (const entity of new Set(on.map((a) => a.entity)))
      seen.set(
        entity,
        await records.readable(
          actor,
          entity,
          on.filter((a) => a.entity === entity).map((a) => a.id),
          trx,
        ),
      );
    const attached = new Set(on.map((a) => a.fileId));
    const reached = new Set(on.filter((a) => seen.get(a.entity)?.has(a.id)).map((a) => a.fileId));
    return new Set(ids.filter((id) => !attached.has(id) || reached.has(id)));
  }

  async function load(actor: Actor, id: string) {
    const row = await repo.find(db, actor.accountId, id);
    if (!row || !(await readable(actor, [id])).has(id)) throw notFound('File');
    return row;
  }

  return {
    /** Records a received upload and moves its bytes into place; on any failure no bytes remain. */
    async create(actor: Actor, upload: Upload): Promise<StoredFile> {
      const id = randomUUID();
      const key = storage.keyOf(actor.accountId, id);
      const name = cleanFileName(upload.filename);
      const state = { moved: false };
      try {
        const sniffed = (await fileTypeFromFile(upload.received.tempPath))?.mime;
        const mime = chooseMime(sniffed, upload.declaredMime, name);
        return await db.transaction().execute(async (trx) => {
          const row = await repo.insert(trx, {
            id,
            account_id: actor.accountId,
            name,
            mime,
            size: String(upload.received.size),
            sha256: upload.received.sha256,
            storage_key: key,
            uploaded_by: actor.userId,
          });
          await events.record(trx, eventContextOf(actor), {
            type: 'file.uploaded',
            entity: 'file',
            entityId: id,
            payload: { name, mime, size: upload.received.size },
          });
          // Last, so that a refused row leaves nothing; a failed commit removes the moved bytes below.
          await storage.commit(upload.received.tempPath, key);
          state.moved = true;
          return presentFile(row);
        });
      } catch (error) {
        await storage.discard(upload.received.tempPath);
        if (state.moved) await storage.remove(key);
        throw error;
      }
    },

    /** The largest file in bytes (uploads, and files a migration brings). */
    sizeLimit,

    /** Bytes a migration downloaded, into temporary storage (before its transaction; discard them after). */
    stage: (bytes: Buffer): Promise<ReceivedFile> => storage.receive(Readable.from([bytes])),
    discard: (received: ReceivedFile) => storage.discard(received.tempPath),

    /**
     * A file a migration brings over, inside its transaction: the row under the id the migration chose
     * (derived from the source's id, so a page written again — after a crash or a refused record — writes
     * the same file, never a second one), the bytes placed at its key (replacing an earlier attempt's), the
     * source's date and author kept. The staged bytes stay for another attempt until discarded.
     */
    async importFile(
      trx: Parameters<EventBus['record']>[0],
      actor: Actor,
      input: {
        id: string;
        received: ReceivedFile;
        name: string;
        declaredMime: string | null;
        uploadedBy: string | null;
        createdAt: Date;
      },
    ): Promise<StoredFile> {
      const key = storage.keyOf(actor.accountId, input.id);
      const name = cleanFileName(input.name);
      const sniffed = (await fileTypeFromFile(input.received.tempPath))?.mime;
      const mime = chooseMime(sniffed, input.declaredMime ?? undefined, name);
      const row = await repo.insert(trx, {
        id: input.id,
        account_id: actor.accountId,
        name,
        mime,
        size: String(input.received.size),
        sha256: input.received.sha256,
        storage_key: key,
        uploaded_by: input.uploadedBy,
        created_at: input.createdAt,
        updated_at: input.createdAt,
      });
      await events.record(trx, eventContextOf(actor), {
        type: 'file.uploaded',
        entity: 'file',
        entityId: input.id,
        payload: { name, mime, size: input.received.size },
      });
      await storage.place(input.received.tempPath, key);
      return presentFile(row);
    },

    get: async (actor: Actor, id: string) => presentFile(await load(actor, id)),

    /** The file and a way to open its bytes (undefined when they are missing from the disk). */
    async content(actor: Actor, id: string) {
      const row = await load(actor, id);
      return {
        file: presentFile(row),
        open: async () => {
          const stream = await storage.open(row.storage_key);
          if (!stream)
            logger.error({ fileId: row.id, key: row.storage_key }, 'file bytes missing from storage');
          return stream;
        },
      };
    },

    async remove(actor: Actor, id: string) {
      const key = await db.transaction().execute(async (trx) => {
        const row = await repo.lock(trx, actor.accountId, id);
        if (!row || !(await readable(actor, [id], trx)).has(id)) throw notFound('File');
        if (actor.role !== 'admin' && row.uploaded_by !== actor.userId) {
          throw forbidden('Only the user who uploaded a file or an administrator may delete it');
        }
        await repo.delete(trx, actor.accountId, id).catch((error: unknown) => {
          if (isForeignKeyViolation(error))
            throw conflict(
              'file_in_use',
              'The file is attached to a timeline entry; remove it from there first',
            );
          throw error;
        });
        await events.record(trx, eventContextOf(actor), {
          type: 'file.deleted',
          entity: 'file',
          entityId: id,
          payload: { name: row.name },
        });
        return row.storage_key;
      });
      // After the commit: bytes left behind by a failure here are harmless (no row points at them).
      await storage.remove(key).catch((error: unknown) => {
        logger.warn({ err: error, fileId: id }, 'could not remove the bytes of a deleted file');
      });
    },

    readable,

    /** The files of these ids in the account (inside the caller's transaction), for other modules. */
    async describe(trx: Db, accountId: string, ids: readonly string[]): Promise<Map<string, StoredFile>> {
      const rows = await repo.findMany(trx, accountId, [...new Set(ids)]);
      return new Map(rows.map((row) => [row.id, presentFile(row)]));
    },
  };
}
export type FilesService = ReturnType<typeof createFilesService>;
