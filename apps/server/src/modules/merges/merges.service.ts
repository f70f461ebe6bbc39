// Merging duplicate contacts or companies, and undoing a merge (CORE-4; amoCRM's and Bitrix24's "merge
// duplicates"). In one transaction the kept record (the target) takes the chosen values — by default its own,
// empty ones filled from the first source that has them — the union of the channels (the same number or
// address once) and of custom-field values; every reference to a source moves to the target (references.ts:
// deals, leads, tasks, timeline, links to companies / contacts and deals, crm_link custom-field values); then
// the sources are deleted. `record_merges` keeps the sources and the target as they were (whole rows) and
// exactly which references moved, so undo puts the sources back with their own ids, moves the references that
// still point at the target back, and restores the target's values — unless the target changed after the
// merge (its version moved on) or the merge was undone already (409).
//
// Rights: a merge or its undo needs an administrator, or the user responsible for every record involved.
import type { Company, Contact, MergeEntity, RecordMerge } from '@voronka/contracts';
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import type { mergeBodySchema, mergeListQuerySchema } from '@voronka/contracts';
import { decodeKeyset, keysetResult, type DB, type Db } from '../../platform/db/index.js';
import { diffRecords, type EventBus } from '../../platform/events/index.js';
import { eventContextOf, type Actor } from '../../platform/http/index.js';
import { conflict, forbidden, invalidFields, notFound } from '../../platform/errors.js';
import type { FieldError } from '@voronka/contracts';
import {
  CONTACT_MERGE_FIELDS,
  unionChannels,
  type ChannelValues,
  type ContactsService,
} from '../contacts/index.js';
import { COMPANY_MERGE_FIELDS, type CompaniesService } from '../companies/index.js';
import type { HolderEntity, JsonRow, MergeRow, MergesRepository } from './merges.repository.js';
import { COLUMN_REFERENCES, OWN_ROWS, PAIR_REFERENCES, RECORD_TABLES } from './references.js';

type MergeBody = z.output<typeof mergeBodySchema>;
type ListQuery = z.output<typeof mergeListQuerySchema>;
type Trx = Transaction<DB>;
type MergedRecord = Contact | Company;

/** What a merge needs of the contacts or companies module (their services' `merging`). */
interface RecordMerging {
  lock(
    trx: Trx,
    accountId: string,
    ids: string[],
  ): Promise<{ record: MergedRecord; channels: ChannelValues[] }[]>;
  apply(
    trx: Trx,
    actor: Actor,
    id: string,
    body: Record<string, unknown>,
  ): Promise<{ before: MergedRecord; after: MergedRecord }>;
  remove(trx: Trx, accountId: string, ids: string[]): Promise<void>;
  present(trx: Db, accountId: string, id: string): Promise<MergedRecord>;
}

interface SourceSnapshot {
  id: string;
  name: string;
  responsibleUserId: string | null;
  row: JsonRow;
  channels: JsonRow[];
  fieldValues: JsonRow[];
}

interface Snapshot {
  target: { row: JsonRow; channels: JsonRow[]; fieldValues: JsonRow[] };
  sources: SourceSnapshot[];
  /** The target's version right after the merge: undo needs it unchanged. */
  targetVersion: number;
}

interface Moved {
  columns: { table: string; column: string; id: string; from: string }[];
  pairs: {
    table: string;
    column: string;
    sourceId: string;
    otherId: string;
    row: JsonRow;
    /** moved: the row now points at the target; dropped: the target had the pair, the row was deleted. */
    outcome: 'moved' | 'dropped';
    /** deal_contacts: the dropped row was the deal's primary contact, so the target became primary. */
    madePrimary: boolean;
  }[];
  fieldLinks: {
    holder: HolderEntity;
    recordId: string;
    fieldId: string;
    before: unknown;
    after: unknown;
    rows: JsonRow[];
  }[];
}

const FIELDS: Record<MergeEntity, readonly string[]> = {
  contact: CONTACT_MERGE_FIELDS,
  company: COMPANY_MERGE_FIELDS,
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const isEmpty = (v: unknown) =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const nameOf = (record: MergedRecord) => record.name;

/** The moved references by table and column, for the API and the event. */
function countsOf(moved: Moved): Record<string, number> {
  const counts: Record<string, number> = {};
  const add = (key: string) => (counts[key] = (counts[key] ?? 0) + 1);
  for (const c of moved.columns) add(`${c.table}.${c.column}`);
  for (const p of moved.pairs) add(`${p.table}.${p.column}`);
  for (const f of moved.fieldLinks) add(`custom_fields.${f.holder}`);
  return counts;
}

export function presentMerge(row: MergeRow): RecordMerge {
  const snapshot = row.snapshot as Snapshot;
  return {
    id: row.id,
    entity: row.entity,
    targetId: row.target_id,
    sourceIds: row.source_ids,
    sources: snapshot.sources.map((s) => ({ id: s.id, name: s.name })),
    moved: countsOf(row.moved as Moved),
    mergedBy: row.merged_by,
    mergedAt: row.merged_at.toISOString(),
    undoneAt: row.undone_at?.toISOString() ?? null,
    undoneBy: row.undone_by,
  };
}

/** The channels as a create/update body gives them (the record's service normalizes them again). */
const channelBody = (channels: ChannelValues[]) => ({
  phones: channels.filter((c) => c.kind === 'phone').map((c) => ({ value: c.value, type: c.type })),
  emails: channels.filter((c) => c.kind === 'email').map((c) => ({ value: c.value, type: c.type })),
  sites: channels.filter((c) => c.kind === 'site').map((c) => ({ value: c.value })),
  messengers: channels
    .filter((c) => c.kind === 'messenger')
    .map((c) => ({ service: c.type, value: c.value })),
});

/** One custom field's merged value: arrays (multiple values) are united, a single value is kept or filled. */
function mergedFieldValue(target: unknown, sources: unknown[]): unknown {
  if (Array.isArray(target)) {
    const all = [target, ...sources.filter(Array.isArray)].flat();
    const seen = new Set<string>();
    return all.filter((v) => {
      const key = JSON.stringify(v);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
  if (!isEmpty(target)) return target;
  return sources.find((v) => !isEmpty(v)) ?? null;
}

export function createMergesService({
  db,
  repo,
  events,
  contacts,
  companies,
}: {
  db: Db;
  repo: MergesRepository;
  events: EventBus;
  contacts: ContactsService;
  companies: CompaniesService;
}) {
  const merging: Record<MergeEntity, RecordMerging> = {
    contact: contacts.merging,
    company: companies.merging,
  };
  const label = (entity: MergeEntity) => (entity === 'contact' ? 'Contact' : 'Company');

  const mayTouch = (actor: Actor, responsibles: (string | null)[]) =>
    actor.role === 'admin' || responsibles.every((id) => id === actor.userId);

  /** The body that gives the target the merged values (only what differs from the target's own). */
  function mergedBody(
    entity: MergeEntity,
    target: { record: MergedRecord; channels: ChannelValues[] },
    sources: { record: MergedRecord; channels: ChannelValues[] }[],
    chosen: Record<string, string>,
  ) {
    const all = [target, ...sources];
    const byId = new Map(all.map((r) => [r.record.id, r.record as unknown as Record<string, unknown>]));
    const own = target.record as unknown as Record<string, unknown>;
    const body: Record<string, unknown> = {};
    for (const field of FIELDS[entity]) {
      const from = chosen[field];
      const value = from
        ? (byId.get(from)?.[field] ?? null)
        : isEmpty(own[field])
          ? (sources
              .map((s) => (s.record as unknown as Record<string, unknown>)[field])
              .find((v) => !isEmpty(v)) ?? null)
          : own[field];
      if (!same(value, own[field])) body[field] = value;
    }
    Object.assign(body, channelBody(unionChannels(all.map((r) => r.channels))));
    const fieldIds = new Set(all.flatMap((r) => Object.keys(r.record.customFields)));
    const customFields: Record<string, unknown> = {};
    for (const fieldId of fieldIds) {
      const current = target.record.customFields[fieldId];
      const from = chosen[fieldId];
      const value = from
        ? ((byId.get(from)?.customFields as Record<string, unknown> | undefined)?.[fieldId] ?? null)
        : mergedFieldValue(
            current,
            sources.map((s) => s.record.customFields[fieldId]),
          );
      if (!same(value, current)) customFields[fieldId] = value;
    }
    if (Object.keys(customFields).length > 0) body.customFields = customFields;
    return body;
  }

  /** Checks `values`: known fields (or custom fields some merged record has), ids of the merged records. */
  function checkChoices(entity: MergeEntity, body: MergeBody, records: MergedRecord[]) {
    const errors: FieldError[] = [];
    const ids = new Set([body.targetId, ...body.sourceIds]);
    const fieldIds = new Set(records.flatMap((r) => Object.keys(r.customFields)));
    for (const [field, id] of Object.entries(body.values ?? {})) {
      const path = `body.values.${field}`;
      if (!FIELDS[entity].includes(field) && !(UUID.test(field) && fieldIds.has(field)))
        errors.push({
          field: path,
          reason: UUID.test(field)
            ? 'none of the merged records has this custom field'
            : `not a field of a ${entity}: one of ${FIELDS[entity].join(', ')} or a custom field id`,
        });
      else if (!ids.has(id)) errors.push({ field: path, reason: 'must be the target or one of the sources' });
    }
    return errors;
  }

  /** Moves every reference of the sources to the target; returns what moved (for undo). */
  async function moveReferences(
    trx: Trx,
    accountId: string,
    entity: MergeEntity,
    sourceIds: string[],
    targetId: string,
  ) {
    const moved: Moved = { columns: [], pairs: [], fieldLinks: [] };
    for (const ref of COLUMN_REFERENCES[entity]) {
      for (const { id, from } of await repo.moveColumn(trx, ref, accountId, sourceIds, targetId))
        moved.columns.push({ table: ref.table, column: ref.column, id, from });
    }
    for (const ref of PAIR_REFERENCES[entity]) {
      const rows = (await repo.rowsOf(trx, ref.table, accountId, ref.column, sourceIds)).sort(
        (a, b) => sourceIds.indexOf(a[ref.column] as string) - sourceIds.indexOf(b[ref.column] as string),
      );
      for (const row of rows) {
        const sourceId = row[ref.column] as string;
        const otherId = row[ref.other] as string;
        const existing = await repo.pairRow(trx, ref, accountId, targetId, otherId);
        let madePrimary = false;
        if (existing) {
          await repo.deletePair(trx, ref, accountId, sourceId, otherId);
          if (ref.primary && row.is_primary === true && existing.is_primary !== true) {
            await repo.setPrimary(trx, accountId, otherId, targetId, true);
            madePrimary = true;
          }
        } else {
          await repo.repointPair(trx, ref, accountId, sourceId, targetId, otherId);
        }
        moved.pairs.push({
          table: ref.table,
          column: ref.column,
          sourceId,
          otherId,
          row,
          outcome: existing ? 'dropped' : 'moved',
          madePrimary,
        });
      }
    }
    return moved;
  }

  /** crm_link custom-field values naming a source now name the target (the same record kept once). */
  async function moveFieldLinks(
    trx: Trx,
    accountId: string,
    entity: MergeEntity,
    sourceIds: string[],
    targetId: string,
    moved: Moved,
  ) {
    for (const holder of await repo.fieldLinksTo(trx, accountId, entity, sourceIds)) {
      // A source's own values go with it and come back from its snapshot.
      if (holder.holder === entity && sourceIds.includes(holder.record_id)) continue;
      const current = await repo.fieldValue(trx, holder.holder, accountId, holder.record_id, holder.field_id);
      if (!current || current.value === null || current.value === undefined) continue;
      const before = current.value;
      const rows = (await repo.fieldValuesOf(trx, accountId, [holder.record_id])).filter(
        (r) => r.field_id === holder.field_id,
      );
      const seen = new Set<string>();
      const links = (Array.isArray(before) ? before : [before])
        .map((link: { entity: string; id: string }) =>
          link.entity === entity && sourceIds.includes(link.id) ? { entity, id: targetId } : link,
        )
        .filter((link) => {
          const key = `${link.entity}:${link.id}`;
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        });
      const after = Array.isArray(before) ? links : links[0];
      await repo.setFieldValue(trx, holder.holder, accountId, holder.record_id, holder.field_id, after);
      await repo.writeLinkRows(trx, accountId, holder.record_id, holder.field_id, links);
      moved.fieldLinks.push({
        holder: holder.holder,
        recordId: holder.record_id,
        fieldId: holder.field_id,
        before,
        after,
        rows,
      });
    }
  }

  async function merge(actor: Actor, entity: MergeEntity, body: MergeBody, ifMatch: number | undefined) {
    const selfSource = body.sourceIds.indexOf(body.targetId);
    if (selfSource >= 0) {
      throw invalidFields([{ field: `body.sourceIds.${selfSource}`, reason: 'is the target itself' }]);
    }
    const adapter = merging[entity];
    const table = RECORD_TABLES[entity];
    const own = OWN_ROWS[entity];
    return db.transaction().execute(async (trx) => {
      const { accountId } = actor;
      const locked = await adapter.lock(trx, accountId, [body.targetId, ...body.sourceIds]);
      const target = locked.find((r) => r.record.id === body.targetId);
      if (!target) throw notFound(label(entity));
      const sources = body.sourceIds.map((id) => locked.find((r) => r.record.id === id));
      const missing = sources.flatMap((s, i) =>
        s ? [] : [{ field: `body.sourceIds.${i}`, reason: `No such ${entity}` }],
      );
      if (missing.length > 0) throw invalidFields(missing);
      const found = sources.filter((s) => s !== undefined);
      if (ifMatch !== undefined && ifMatch !== target.record.version) {
        throw conflict('stale_version', `The ${entity} was changed by someone else; reload it and try again`);
      }
      if (
        !mayTouch(
          actor,
          locked.map((r) => r.record.responsibleUserId),
        )
      ) {
        throw forbidden(
          `Only an administrator or the user responsible for every merged ${entity} may merge them`,
        );
      }
      const choiceErrors = checkChoices(
        entity,
        body,
        locked.map((r) => r.record),
      );
      if (choiceErrors.length > 0) throw invalidFields(choiceErrors);

      // What undo needs: the rows as they are now.
      const sourceRows = await repo.rowsOf(trx, table, accountId, 'id', body.sourceIds);
      const sourceChannels = await repo.rowsOf(trx, own.table, accountId, own.column, body.sourceIds);
      const sourceValues = await repo.fieldValuesOf(trx, accountId, body.sourceIds);
      const snapshot: Snapshot = {
        target: {
          row: (await repo.rowsOf(trx, table, accountId, 'id', [target.record.id]))[0] as JsonRow,
          channels: await repo.rowsOf(trx, own.table, accountId, own.column, [target.record.id]),
          fieldValues: await repo.fieldValuesOf(trx, accountId, [target.record.id]),
        },
        sources: found.map(({ record }) => ({
          id: record.id,
          name: nameOf(record),
          responsibleUserId: record.responsibleUserId,
          row: sourceRows.find((r) => r.id === record.id) as JsonRow,
          channels: sourceChannels.filter((c) => c[own.column] === record.id),
          fieldValues: sourceValues.filter((v) => v.record_id === record.id),
        })),
        targetVersion: 0,
      };

      const changes = mergedBody(entity, target, found, body.values ?? {});
      const moved = await moveReferences(trx, accountId, entity, body.sourceIds, target.record.id);
      await adapter.apply(trx, actor, target.record.id, changes);
      await moveFieldLinks(trx, accountId, entity, body.sourceIds, target.record.id, moved);
      await adapter.remove(trx, accountId, body.sourceIds);
      const after = await adapter.present(trx, accountId, target.record.id);
      snapshot.targetVersion = after.version;

      const row = await repo.insertMerge(trx, {
        account_id: accountId,
        entity,
        target_id: target.record.id,
        source_ids: body.sourceIds,
        snapshot,
        moved,
        merged_by: actor.userId,
      });
      const merge = presentMerge(row);
      const context = eventContextOf(actor);
      await events.record(trx, context, {
        type: `${entity}.merged`,
        entity,
        entityId: target.record.id,
        payload: {
          name: nameOf(after),
          mergeId: row.id,
          sources: merge.sources,
          moved: merge.moved,
          changes: diffRecords(target.record, after, ['version', 'updatedAt']),
        },
      });
      for (const source of found) {
        await events.record(trx, context, {
          type: `${entity}.deleted`,
          entity,
          entityId: source.record.id,
          payload: { name: nameOf(source.record), mergedInto: target.record.id, mergeId: row.id },
        });
      }
      return { merge, record: after };
    });
  }

  async function undo(actor: Actor, id: string) {
    return db.transaction().execute(async (trx) => {
      const { accountId } = actor;
      const row = await repo.findMerge(trx, accountId, id, true);
      if (!row) throw notFound('Merge');
      if (row.undone_at) throw conflict('already_undone', 'This merge was undone already');
      const entity = row.entity;
      const adapter = merging[entity];
      const snapshot = row.snapshot as Snapshot;
      const moved = row.moved as Moved;
      const [target] = await adapter.lock(trx, accountId, [row.target_id]);
      if (!target)
        throw conflict('target_deleted', `The kept ${entity} was deleted since; the merge cannot be undone`);
      if (target.record.version !== snapshot.targetVersion) {
        throw conflict(
          'target_changed',
          `The kept ${entity} was changed after the merge; undoing would lose those changes`,
        );
      }
      if (
        !mayTouch(actor, [
          target.record.responsibleUserId,
          ...snapshot.sources.map((s) => s.responsibleUserId),
        ])
      ) {
        throw forbidden(
          `Only an administrator or the user responsible for every merged ${entity} may undo the merge`,
        );
      }
      const table = RECORD_TABLES[entity];
      const own = OWN_ROWS[entity];
      const targetId = row.target_id;

      // The sources, with their ids, channels and custom-field values.
      await repo.insertRows(
        trx,
        table,
        snapshot.sources.map((s) => s.row),
      );
      await repo.insertRows(
        trx,
        own.table,
        snapshot.sources.flatMap((s) => s.channels),
      );
      await repo.restoreFieldValues(
        trx,
        snapshot.sources.flatMap((s) => s.fieldValues),
      );
      // The target as it was.
      await repo.restoreRecord(trx, entity, snapshot.target.row);
      await repo.deleteOwnRows(trx, own.table, accountId, own.column, targetId);
      await repo.insertRows(trx, own.table, snapshot.target.channels);
      await repo.deleteFieldValues(trx, accountId, targetId);
      await repo.restoreFieldValues(trx, snapshot.target.fieldValues);

      // The references, newest move first; what was removed or changed since stays as it is.
      for (const link of [...moved.fieldLinks].reverse()) {
        if (link.holder === entity && link.recordId === targetId) continue; // restored with the target
        const reverted = await repo.setFieldValue(
          trx,
          link.holder,
          accountId,
          link.recordId,
          link.fieldId,
          link.before,
          link.after,
        );
        if (reverted) {
          await repo.deleteFieldValues(trx, accountId, link.recordId, link.fieldId);
          await repo.restoreFieldValues(trx, link.rows);
        }
      }
      for (const pair of [...moved.pairs].reverse()) {
        const ref = PAIR_REFERENCES[entity].find((r) => r.table === pair.table && r.column === pair.column);
        if (!ref || !(await repo.otherExists(trx, ref, accountId, pair.otherId))) continue;
        const current = await repo.pairRow(trx, ref, accountId, targetId, pair.otherId);
        const restored = { ...pair.row };
        if (pair.outcome === 'moved') {
          if (!current) continue; // unlinked since
          await repo.deletePair(trx, ref, accountId, targetId, pair.otherId);
        } else if (pair.madePrimary && current?.is_primary === true) {
          await repo.setPrimary(trx, accountId, pair.otherId, targetId, false);
        }
        if (
          ref.primary &&
          restored.is_primary === true &&
          (await repo.hasPrimary(trx, accountId, pair.otherId))
        )
          restored.is_primary = false;
        await repo.insertRows(trx, ref.table, [restored]);
      }
      for (const column of [...moved.columns].reverse()) {
        const ref = COLUMN_REFERENCES[entity].find(
          (r) => r.table === column.table && r.column === column.column,
        );
        if (ref) await repo.moveColumnBack(trx, ref, accountId, column.id, column.from, targetId);
      }

      const done = await repo.markUndone(trx, accountId, id, actor.userId);
      const restored = await adapter.present(trx, accountId, targetId);
      const context = eventContextOf(actor);
      await events.record(trx, context, {
        type: `${entity}.merge_undone`,
        entity,
        entityId: targetId,
        payload: {
          name: nameOf(restored),
          mergeId: id,
          sources: snapshot.sources.map((s) => ({ id: s.id, name: s.name })),
          changes: diffRecords(target.record, restored, ['version', 'updatedAt']),
        },
      });
      for (const source of snapshot.sources) {
        await events.record(trx, context, {
          type: `${entity}.restored`,
          entity,
          entityId: source.id,
          payload: { name: source.name, mergeId: id, mergedInto: targetId },
        });
      }
      return presentMerge(done);
    });
  }

  return {
    mergeContacts: async (actor: Actor, body: MergeBody, ifMatch: number | undefined) => {
      const { merge: result, record } = await merge(actor, 'contact', body, ifMatch);
      return { merge: result, contact: record as Contact };
    },
    mergeCompanies: async (actor: Actor, body: MergeBody, ifMatch: number | undefined) => {
      const { merge: result, record } = await merge(actor, 'company', body, ifMatch);
      return { merge: result, company: record as Company };
    },
    undo,

    async get(actor: Actor, id: string) {
      const row = await repo.findMerge(db, actor.accountId, id);
      if (!row) throw notFound('Merge');
      return presentMerge(row);
    },

    async list(actor: Actor, query: ListQuery) {
      const { order } = repo;
      const rows = await repo.pageMerges(db, actor.accountId, {
        entity: query.entity,
        targetId: query.targetId,
        sourceId: query.sourceId,
        order,
        after: query.cursor ? decodeKeyset(order, query.cursor) : undefined,
        limit: query.limit,
      });
      const { page, nextCursor } = keysetResult(order, rows, query.limit, (row) => row.id);
      return { items: page.map(presentMerge), nextCursor };
    },
  };
}
export type MergesService = ReturnType<typeof createMergesService>;
