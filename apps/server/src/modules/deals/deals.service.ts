// Deals (CORE-3): see index.ts for the rules. Every write runs in one transaction (the caller's, when it
// passes one) and records deal.created / deal.updated / deal.deleted with the changes, so the history shows
// every stage move, contact, line item and field change.
import {
  compareDecimals,
  createDealBodySchema,
  updateDealBodySchema,
  type BulkDealsBody,
  type Deal,
  type DealCard,
  type DealFilterQuery,
  type DealItems,
  type DealStatus,
  type FieldError,
  type Product,
  type dealItemInputSchema,
  type dealListQuerySchema,
  type kanbanColumnQuerySchema,
  type kanbanQuerySchema,
} from '@voronka/contracts';
import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { z } from 'zod';
import {
  decodeKeyset,
  isForeignKeyViolation,
  keysetResult,
  keysetValueChecks,
  onBadCursorValue,
  prefixQuery,
  type DB,
  type Db,
  type KeysetOrder,
  type StageKind,
} from '../../platform/db/index.js';
import { bulkChecks, bulkResult, changeEach, removeEach } from '../../platform/bulk.js';
import { diffRecords, type EventBus, type EventContext } from '../../platform/events/index.js';
import { eventContextOf, type Actor } from '../../platform/http/index.js';
import {
  AppError,
  conflict,
  forbidden,
  invalidField,
  invalidFields,
  notFound,
} from '../../platform/errors.js';
import type { AccessService, RecordFacts } from '../access/index.js';
import type {
  DealFilter,
  DealRecord,
  DealRow,
  DealsRepository,
  DealValues,
  ItemRow,
  ItemValues,
  Moment,
  StageRow,
} from './deals.repository.js';
import {
  formatAmounts,
  fromUnits,
  lineAmounts,
  MAX_AMOUNT_UNITS,
  sumAmounts,
  toUnits,
} from './line-items.js';

export type CreateDealInput = z.input<typeof createDealBodySchema>;
type UpdateBody = z.output<typeof updateDealBodySchema>;
type UpdateInput = z.input<typeof updateDealBodySchema>;
type ListQuery = z.output<typeof dealListQuerySchema>;
type KanbanQuery = z.output<typeof kanbanQuerySchema>;
type ColumnQuery = z.output<typeof kanbanColumnQuerySchema>;
type ItemInput = z.output<typeof dealItemInputSchema>;

/** A deal's custom-field values to write (`stored`: what it has now, null for a new deal). */
interface DealValuesWrite {
  entity: 'deal';
  recordId: string;
  stored: Record<string, unknown> | null;
  input: Record<string, unknown> | undefined;
  pipelineId?: string | null;
  stageId?: string | null;
  enforceRequired?: boolean;
}

/** What the deals module needs of the custom-fields module's record values (see its index.ts). */
export interface DealFieldValues {
  write(trx: Db, actor: Actor, args: DealValuesWrite): Promise<Record<string, unknown>>;
  writeMany(trx: Db, actor: Actor, args: DealValuesWrite[]): Promise<Record<string, unknown>[]>;
  remove(trx: Db, accountId: string, recordIds: string[]): Promise<void>;
  filter(
    actor: Actor,
    entity: 'deal',
    json: string | undefined,
    recordId: RawBuilder<unknown>,
  ): Promise<RawBuilder<boolean> | undefined>;
  sortExpression(
    actor: Actor,
    entity: 'deal',
    fieldId: string,
    recordId: RawBuilder<unknown>,
  ): Promise<RawBuilder<unknown>>;
}

/** The access rights (ADR 0018): the one decision and the one SQL filter (see the access module's index.ts). */
export type DealAccess = Pick<AccessService, 'allows' | 'visibleSql' | 'binds'>;

/** The columns of `deals` the visibility filter reads. */
const VISIBILITY_COLUMNS = {
  responsible: sql.ref('deals.responsible_user_id'),
  isOpen: sql.ref('deals.is_open'),
  stage: sql.ref('deals.stage_id'),
};

/** What the decision reads of a deal (at `stageId` when given: a move's target). */
const factsOf = (
  row: Pick<DealRecord, 'responsible_user_id' | 'is_open' | 'stage_id'>,
  stageId: string = row.stage_id,
): RecordFacts => ({ responsibleUserId: row.responsible_user_id, isOpen: row.is_open, stageId });

/** A deal.deleted event's payload, with what the rights read: it reaches those who could read the deal (SSE). */
const deletedPayload = (row: DealRecord) => ({
  name: row.name,
  amount: row.amount,
  currency: row.currency,
  stageId: row.stage_id,
  responsibleUserId: row.responsible_user_id,
  isOpen: row.is_open,
});

/** The catalogue, to default a line item from its product. */
export interface DealProducts {
  get(actor: Actor, id: string): Promise<Product>;
}

const statusOf = (kind: StageKind): DealStatus => (kind === 'won' || kind === 'lost' ? kind : 'open');
const isClosed = (kind: StageKind) => kind === 'won' || kind === 'lost';

function present(row: DealRow): Deal {
  const nextTaskAt = row.next_task_at ? new Date(row.next_task_at).toISOString() : null;
  const status = statusOf(row.stage_kind);
  return {
    id: row.id,
    name: row.name,
    amount: row.amount,
    currency: row.currency,
    pipelineId: row.pipeline_id,
    stageId: row.stage_id,
    status,
    responsibleUserId: row.responsible_user_id,
    createdBy: row.created_by,
    companyId: row.company_id,
    companyName: row.company_name,
    contacts: row.contacts,
    sourceId: row.source_id,
    tags: row.tags,
    startDate: row.start_date,
    closeDate: row.close_date,
    closedAt: row.closed_at ? row.closed_at.toISOString() : null,
    lossReasonId: row.loss_reason_id,
    lossComment: row.loss_comment,
    stageEnteredAt: row.stage_entered_at.toISOString(),
    nextTaskAt,
    noTaskPlanned: status === 'open' && nextTaskAt === null,
    hasItems: row.has_items,
    leadId: row.lead_id,
    customFields: row.custom_fields,
    isOpen: row.is_open,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function presentCard(
  row: Omit<DealRow, 'stage_kind' | 'contacts' | 'has_items'> & { primary_contact_name: string | null },
  kind: StageKind,
): DealCard {
  const nextTaskAt = row.next_task_at ? new Date(row.next_task_at).toISOString() : null;
  return {
    id: row.id,
    name: row.name,
    stageId: row.stage_id,
    amount: row.amount,
    currency: row.currency,
    responsibleUserId: row.responsible_user_id,
    primaryContactName: row.primary_contact_name,
    companyName: row.company_name,
    nextTaskAt,
    noTaskPlanned: !isClosed(kind) && nextTaskAt === null,
    tags: row.tags,
    stageEnteredAt: row.stage_entered_at.toISOString(),
    createdAt: row.created_at.toISOString(),
    version: row.version,
  };
}

/** Contacts in order with exactly one primary: the one marked, or else the first. */
const normalizeContacts = (contacts: { id: string; isPrimary?: boolean | undefined }[]) => {
  const marked = contacts.findIndex((c) => c.isPrimary === true);
  const primary = marked >= 0 ? marked : 0;
  return contacts.map((c, i) => ({ id: c.id, isPrimary: i === primary }));
};

/** Zod issues of a service-level parse, as field errors under `body.`. */
function parsed<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new AppError(400, 'validation_failed', 'The request is not valid', {
    errors: result.error.issues.map((issue) => ({
      field: ['body', ...issue.path.map(String)].join('.'),
      reason: issue.message,
    })),
  });
}

const momentOf = (value: string | undefined): Moment | undefined =>
  value === undefined ? undefined : /^\d{4}-\d{2}-\d{2}$/.test(value) ? { date: value } : { instant: value };

/** Changes that the history shows; derived or bookkeeping fields are left out. */
const IGNORED_IN_CHANGES = [
  'version',
  'updatedAt',
  'nextTaskAt',
  'noTaskPlanned',
  'stageEnteredAt',
  'companyName',
  'hasItems',
] as const satisfies readonly (keyof Deal)[];

/** A line item as the history shows it. */
const itemSummary = (item: {
  name: string;
  quantity: string;
  price: string;
  discountPercent: string;
  vatRate: string;
  total: string;
}) => ({
  name: item.name,
  quantity: item.quantity,
  price: item.price,
  discountPercent: item.discountPercent,
  vatRate: item.vatRate,
  total: item.total,
});

const canonical = (decimal: string) => decimal.replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');

function presentItems(dealId: string, currency: string, version: number, rows: ItemRow[]): DealItems {
  const lines = rows.map((row) => {
    const amounts = lineAmounts({
      price: row.price,
      quantity: row.quantity,
      discountPercent: row.discount_percent,
      vatRate: row.vat_rate,
      vatIncluded: row.vat_included,
    });
    return {
      amounts,
      item: {
        id: row.id,
        productId: row.product_id,
        name: row.name,
        sku: row.sku,
        unit: row.unit,
        quantity: canonical(row.quantity),
        price: fromUnits(toUnits(row.price, 2), 2),
        discountPercent: canonical(row.discount_percent),
        vatRate: row.vat_rate,
        vatIncluded: row.vat_included,
        ...formatAmounts(amounts),
      },
    };
  });
  return {
    dealId,
    currency,
    items: lines.map((l) => l.item),
    totals: formatAmounts(sumAmounts(lines.map((l) => l.amounts))),
    version,
  };
}

export function createDealsService({
  db,
  repo,
  events,
  fieldValues,
  products,
  access,
}: {
  db: Db;
  repo: DealsRepository;
  events: EventBus;
  fieldValues: DealFieldValues;
  products: DealProducts;
  access: DealAccess;
}) {
  const inTransaction = <T>(
    trx: Transaction<DB> | undefined,
    fn: (trx: Transaction<DB>) => Promise<T>,
  ): Promise<T> => (trx ? fn(trx) : db.transaction().execute(fn));

  async function load(trx: Db, accountId: string, id: string): Promise<Deal> {
    const row = await repo.find(trx, accountId, id);
    if (!row) throw notFound('Deal');
    return present(row);
  }

  /** A deal the actor may read; one they may not is absent (404), never "forbidden" (ADR 0018). */
  async function visibleRow(trx: Db, actor: Actor, id: string): Promise<DealRow> {
    const row = await repo.find(trx, actor.accountId, id);
    if (!row || !(await access.allows(actor, 'deal', 'read', factsOf(row), trx))) throw notFound('Deal');
    return row;
  }

  /**
   * Of these ids, the deals the actor may read now (the one SQL filter, by primary key); for an actor the
   * rights do not bind, every id given — deleted deals too, whose history and events stay theirs.
   */
  async function readable(actor: Actor, ids: readonly string[], trx: Db = db): Promise<Set<string>> {
    if (!access.binds(actor)) return new Set(ids);
    const visible = await access.visibleSql(actor, 'deal', 'read', VISIBILITY_COLUMNS, trx);
    return new Set(await repo.visibleIds(trx, actor.accountId, [...new Set(ids)], visible));
  }

  /** Several deals at once (a bulk action's before and after). */
  async function loadMany(trx: Db, accountId: string, ids: string[]): Promise<Map<string, Deal>> {
    if (ids.length === 0) return new Map();
    const rows = await repo.findMany(trx, accountId, ids);
    return new Map(rows.map((row) => [row.id, present(row)]));
  }

  /**
   * Where the deal goes: the stage given (of the pipeline given, if any), or the pipeline's first open
   * stage (Unsorted when it has none: Unsorted itself is the inbox of incoming requests).
   */
  async function placement(
    trx: Db,
    accountId: string,
    input: { pipelineId?: string | undefined; stageId?: string | undefined },
    fallbackPipelineId: string | undefined,
  ): Promise<StageRow> {
    if (input.pipelineId !== undefined && !(await repo.pipelineExists(trx, accountId, input.pipelineId))) {
      throw invalidField('body.pipelineId', 'No such pipeline');
    }
    if (input.stageId !== undefined) {
      const stage = await repo.findStage(trx, accountId, input.stageId);
      if (!stage) throw invalidField('body.stageId', 'No such stage');
      if (input.pipelineId !== undefined && stage.pipeline_id !== input.pipelineId) {
        throw invalidField('body.stageId', 'is a stage of another pipeline');
      }
      return stage;
    }
    const pipelineId =
      input.pipelineId ?? fallbackPipelineId ?? (await repo.defaultPipelineId(trx, accountId));
    if (!pipelineId) throw invalidField('body.pipelineId', 'The account has no pipeline');
    const stages = await repo.stagesOf(trx, accountId, pipelineId);
    const stage = stages.find((s) => s.kind === 'open') ?? stages.find((s) => s.kind === 'unsorted');
    if (!stage) throw invalidField('body.pipelineId', 'The pipeline has no open stage');
    return stage;
  }

  /**
   * Every reference of the requests that is not a record of the account (or a live list item), at once:
   * one query per table for all of them (a page of new deals is checked in a few statements).
   */
  async function checkReferences(
    trx: Db,
    accountId: string,
    all: {
      responsibleUserId?: string | null | undefined;
      companyId?: string | null | undefined;
      contactIds?: string[] | undefined;
      sourceId?: string | null | undefined;
      lossReasonId?: string | null | undefined;
      /** A converted lead carries its source even when that item was archived since. */
      archivedSourceAllowed?: boolean;
    }[],
  ) {
    const idsOf = (pick: (refs: (typeof all)[number]) => (string | null | undefined)[]) => [
      ...new Set(all.flatMap((refs) => pick(refs).filter((id): id is string => Boolean(id)))),
    ];
    const users = await repo.existing(
      trx,
      accountId,
      'users',
      idsOf((r) => [r.responsibleUserId]),
    );
    const companies = await repo.existing(
      trx,
      accountId,
      'companies',
      idsOf((r) => [r.companyId]),
    );
    const contacts = await repo.existing(
      trx,
      accountId,
      'contacts',
      idsOf((r) => r.contactIds ?? []),
    );
    const listItems = new Map<string, boolean>();
    const isListItem = async (list: 'sources' | 'loss_reasons', id: string, archivedToo: boolean) => {
      const key = `${list}:${id}:${archivedToo}`;
      let known = listItems.get(key);
      if (known === undefined) {
        known = await repo.isListItem(trx, accountId, list, id, archivedToo);
        listItems.set(key, known);
      }
      return known;
    };
    const errors: FieldError[] = [];
    for (const refs of all) {
      if (refs.responsibleUserId && !users.has(refs.responsibleUserId))
        errors.push({ field: 'body.responsibleUserId', reason: 'No such user' });
      if (refs.companyId && !companies.has(refs.companyId))
        errors.push({ field: 'body.companyId', reason: 'No such company' });
      refs.contactIds?.forEach((id, i) => {
        if (!contacts.has(id)) errors.push({ field: `body.contacts.${i}.id`, reason: 'No such contact' });
      });
      if (refs.sourceId && !(await isListItem('sources', refs.sourceId, refs.archivedSourceAllowed ?? false)))
        errors.push({ field: 'body.sourceId', reason: 'is not an item of the sources list' });
      if (refs.lossReasonId && !(await isListItem('loss_reasons', refs.lossReasonId, false)))
        errors.push({ field: 'body.lossReasonId', reason: 'is not an item of the loss reasons list' });
    }
    if (errors.length > 0) throw invalidFields(errors);
  }

  /** A foreign key the checks above did not catch (a record deleted meanwhile): a 422, not a 500. */
  const onMissing = (error: unknown): never => {
    if (isForeignKeyViolation(error)) {
      const named = (error as { constraint?: unknown }).constraint;
      const constraint = typeof named === 'string' ? named : '';
      const field =
        [
          'responsible_user_id',
          'company_id',
          'source_id',
          'loss_reason_id',
          'stage_id',
          'contact_id',
          'product_id',
        ]
          .map((column) => ({ column, at: constraint.indexOf(column) }))
          .find((c) => c.at >= 0)?.column ?? 'body';
      const names: Record<string, string> = {
        responsible_user_id: 'body.responsibleUserId',
        company_id: 'body.companyId',
        source_id: 'body.sourceId',
        loss_reason_id: 'body.lossReasonId',
        stage_id: 'body.stageId',
        contact_id: 'body.contacts',
        product_id: 'body.items',
      };
      throw invalidField(names[field] ?? 'body', 'refers to a record that does not exist');
    }
    throw error;
  };

  const lossOnlyWhenLost = (
    kind: StageKind,
    body: { lossReasonId?: string | null | undefined; lossComment?: string | null | undefined },
  ) => {
    if (kind === 'lost') return;
    const errors: FieldError[] = [];
    if (body.lossReasonId)
      errors.push({ field: 'body.lossReasonId', reason: 'Only a lost deal has a loss reason' });
    if (body.lossComment)
      errors.push({ field: 'body.lossComment', reason: 'Only a lost deal has a loss comment' });
    if (errors.length > 0) throw invalidFields(errors);
  };

  /**
   * Applies a PATCH to a locked deal and records it (bulk actions use set-based statements instead, with
   * the same rules). Throws 422s with `body.*` fields before writing anything.
   */
  async function change(
    trx: Transaction<DB>,
    actor: Actor,
    context: EventContext,
    row: DealRecord,
    body: UpdateBody,
  ): Promise<Deal> {
    const accountId = actor.accountId;
    const before = await load(trx, accountId, row.id);
    const moving =
      (body.stageId !== undefined && body.stageId !== row.stage_id) ||
      (body.pipelineId !== undefined && body.pipelineId !== row.pipeline_id);
    const currentStage = await repo.findStage(trx, accountId, row.stage_id);
    if (!currentStage) throw new Error(`deal ${row.id} is in a missing stage`);
    const stage = moving
      ? await placement(trx, accountId, { pipelineId: body.pipelineId, stageId: body.stageId }, undefined)
      : currentStage;
    // Moving into a stage needs the right to edit there too (per-stage rights, ADR 0018).
    if (moving && !(await access.allows(actor, 'deal', 'edit', factsOf(row, stage.id), trx)))
      throw forbidden('Your role does not allow moving deals into this stage');
    lossOnlyWhenLost(stage.kind, body);
    if (body.amount !== undefined && before.hasItems && compareDecimals(body.amount, before.amount) !== 0) {
      throw invalidField('body.amount', 'The deal has line items: its amount is their total');
    }
    await checkReferences(trx, accountId, [
      {
        responsibleUserId: body.responsibleUserId,
        companyId: body.companyId,
        contactIds: body.contacts?.map((c) => c.id),
        sourceId: body.sourceId !== row.source_id ? body.sourceId : undefined,
        lossReasonId: body.lossReasonId !== row.loss_reason_id ? body.lossReasonId : undefined,
      },
    ]);

    const values: Partial<DealValues> = {};
    if (body.name !== undefined) values.name = body.name;
    if (body.amount !== undefined) values.amount = body.amount;
    if (body.currency !== undefined) values.currency = body.currency;
    if (body.responsibleUserId !== undefined) values.responsible_user_id = body.responsibleUserId;
    if (body.companyId !== undefined) values.company_id = body.companyId;
    if (body.sourceId !== undefined) values.source_id = body.sourceId;
    if (body.tags !== undefined) values.tags = body.tags;
    if (body.startDate !== undefined) values.start_date = body.startDate;
    if (body.closeDate !== undefined) values.close_date = body.closeDate;
    if (body.lossReasonId !== undefined) values.loss_reason_id = body.lossReasonId;
    if (body.lossComment !== undefined) values.loss_comment = body.lossComment || null;
    if (body.isOpen !== undefined) values.is_open = body.isOpen;
    if (stage.kind !== 'lost') {
      // Reopened or won: the loss reason belongs to losing.
      values.loss_reason_id = null;
      values.loss_comment = null;
    }
    let closedAt: 'now' | 'keep' | 'clear' = 'keep';
    if (moving) {
      values.pipeline_id = stage.pipeline_id;
      values.stage_id = stage.id;
      if (!isClosed(stage.kind)) closedAt = 'clear';
      else if (stage.kind !== currentStage.kind) closedAt = 'now';
    }

    // Custom fields: the request's values, and on a stage move every field required at the new stage.
    let customFields: Record<string, unknown> | undefined;
    if (body.customFields !== undefined || moving) {
      customFields = await fieldValues.write(trx, actor, {
        entity: 'deal',
        recordId: row.id,
        stored: row.custom_fields,
        input: body.customFields,
        pipelineId: stage.pipeline_id,
        stageId: stage.id,
        enforceRequired: moving,
      });
    }

    await repo
      .update(
        trx,
        accountId,
        row.id,
        { ...values, ...(customFields ? { custom_fields: JSON.stringify(customFields) } : {}) },
        { moved: moving, closedAt },
      )
      .catch(onMissing);
    if (body.name !== undefined || body.tags !== undefined) {
      await repo.refreshSearch(trx, accountId, row.id, body.name ?? row.name, body.tags ?? row.tags);
    }
    if (body.contacts !== undefined) {
      await repo.replaceContacts(trx, accountId, row.id, normalizeContacts(body.contacts)).catch(onMissing);
    }
    if (moving) await repo.recordStageEntry(trx, accountId, [row.id], actor.userId);

    const after = await load(trx, accountId, row.id);
    const changes = diffRecords(before, after, IGNORED_IN_CHANGES);
    if (Object.keys(changes).length > 0) {
      await events.record(trx, context, {
        type: 'deal.updated',
        entity: 'deal',
        entityId: row.id,
        payload: { name: after.name, changes },
      });
    }
    return after;
  }

  /**
   * Locks a deal to `op` (edit or delete) it: one the actor may not read is absent (404); one they may read
   * but not change is forbidden (403); then If-Match.
   */
  async function lockDeal(
    trx: Db,
    actor: Actor,
    id: string,
    ifMatch: number | undefined,
    op: 'edit' | 'delete' = 'edit',
  ) {
    const row = await repo.lock(trx, actor.accountId, id);
    if (!row || !(await access.allows(actor, 'deal', 'read', factsOf(row), trx))) throw notFound('Deal');
    if (!(await access.allows(actor, 'deal', op, factsOf(row), trx)))
      throw forbidden(
        op === 'edit'
          ? 'Your role does not allow changing this deal'
          : 'Your role does not allow deleting this deal',
      );
    if (ifMatch !== undefined && ifMatch !== row.version) {
      throw conflict('stale_version', 'The deal was changed by someone else; reload it and try again');
    }
    return row;
  }

  async function filterOf(
    actor: Actor,
    query: DealFilterQuery,
    op: 'read' | 'export' = 'read',
  ): Promise<DealFilter> {
    return {
      visible: await access.visibleSql(actor, 'deal', op, VISIBILITY_COLUMNS),
      tsquery: query.search ? (prefixQuery(query.search) ?? undefined) : undefined,
      pipelineId: query.pipelineId,
      stageIds: query.stageIds,
      responsibleUserIds: query.responsibleUserIds,
      companyId: query.companyId,
      contactId: query.contactId,
      status: query.status,
      amountFrom: query.amountFrom,
      amountTo: query.amountTo,
      createdFrom: momentOf(query.createdFrom),
      createdTo: momentOf(query.createdTo),
      closedFrom: momentOf(query.closedFrom),
      closedTo: momentOf(query.closedTo),
      closeDateFrom: momentOf(query.closeDateFrom),
      closeDateTo: momentOf(query.closeDateTo),
      tags: query.tags,
      noTask: query.noTask,
      overdueTask: query.overdueTask,
      customFields: await fieldValues.filter(actor, 'deal', query.customFields, sql.ref('deals.id')),
    };
  }

  /** The keyset order of a list sort (ties broken by id, empty values last). */
  async function orderOf(
    actor: Actor,
    sort: string,
    direction: 'asc' | 'desc' | undefined,
  ): Promise<KeysetOrder> {
    const id = sql.ref('deals.id');
    const desc = (d: 'asc' | 'desc') => direction ?? d;
    const of = (value: RawBuilder<unknown>, d: 'asc' | 'desc', more: Partial<KeysetOrder>): KeysetOrder => ({
      tag: `${sort}:${desc(d)}`,
      value,
      id,
      direction: desc(d),
      ...more,
    });
    switch (sort) {
      case 'createdAt':
        return of(sql`deals.created_at`, 'desc', { notNull: true, check: keysetValueChecks.timestamp });
      case 'updatedAt':
        return of(sql`deals.updated_at`, 'desc', { notNull: true, check: keysetValueChecks.timestamp });
      case 'amount':
        return of(sql`deals.amount`, 'desc', { notNull: true, check: keysetValueChecks.numeric });
      case 'name':
        return of(sql`lower(deals.name)`, 'asc', { notNull: true });
      case 'closeDate':
        return of(sql`deals.close_date`, 'asc', { check: keysetValueChecks.date });
      default: {
        const fieldId = sort.slice('cf:'.length);
        return of(await fieldValues.sortExpression(actor, 'deal', fieldId, id), 'asc', {});
      }
    }
  }

  /** A kanban column: newest first, the order deals_stage_idx keeps. */
  const columnOrder: KeysetOrder = {
    tag: 'kanban',
    value: sql`deals.created_at`,
    id: sql.ref('deals.id'),
    direction: 'desc',
    notNull: true,
    check: keysetValueChecks.timestamp,
  };

  async function column(
    actor: Actor,
    stage: StageRow,
    filter: DealFilter,
    cursor: string | undefined,
    limit: number,
  ) {
    const after = cursor ? decodeKeyset(columnOrder, cursor) : undefined;
    const rows = await repo
      .column(db, actor.accountId, stage.id, filter, columnOrder, after, limit)
      .catch(onBadCursorValue);
    const { page, nextCursor } = keysetResult(columnOrder, rows, limit, (r) => r.id);
    return { items: page.map((r) => presentCard(r, stage.kind)), nextCursor };
  }

  /** Product defaults of the line items, looked up before the write (404 → the item's field). */
  async function productsOf(actor: Actor, items: ItemInput[]) {
    const byId = new Map<string, Product>();
    const errors: FieldError[] = [];
    for (const [i, item] of items.entries()) {
      if (!item.productId || byId.has(item.productId)) continue;
      try {
        byId.set(item.productId, await products.get(actor, item.productId));
      } catch (error) {
        if (error instanceof AppError && error.status === 404) {
          errors.push({ field: `body.items.${i}.productId`, reason: 'No such product' });
        } else throw error;
      }
    }
    if (errors.length > 0) throw invalidFields(errors);
    return byId;
  }

  function itemValuesOf(items: ItemInput[], catalogue: Map<string, Product>, currency: string) {
    const errors: FieldError[] = [];
    const values: ItemValues[] = [];
    items.forEach((item, i) => {
      const product = item.productId ? catalogue.get(item.productId) : undefined;
      const name = item.name ?? product?.name;
      let price = item.price;
      if (price === undefined && product) {
        if (product.currency === currency) price = product.price;
        else
          errors.push({
            field: `body.items.${i}.price`,
            reason: `The product is priced in ${product.currency} and the deal is in ${currency}: give the price`,
          });
      }
      if (!name) errors.push({ field: `body.items.${i}.name`, reason: 'is required without a product' });
      if (price === undefined && !product)
        errors.push({ field: `body.items.${i}.price`, reason: 'is required without a product' });
      if (!name || price === undefined) return;
      values.push({
        product_id: product?.id ?? null,
        name,
        sku: item.sku !== undefined ? item.sku : (product?.sku ?? null),
        unit: item.unit ?? product?.unit ?? 'шт',
        quantity: item.quantity,
        price,
        discount_percent: item.discountPercent,
        vat_rate: item.vatRate ?? product?.vatRate ?? 'none',
        vat_included: item.vatIncluded,
        position: i,
      });
    });
    if (errors.length > 0) throw invalidFields(errors);
    return values;
  }

  /**
   * Creates deals, in order, with the rules of `create` (a page of a migration is one call): the checks of
   * every deal first, then one statement each for the rows, their contacts, custom-field values, stage
   * history and events. A refused deal refuses the whole call (its fields named as in `create`); a caller
   * that must know which one writes them one by one.
   */
  async function createMany(
    actor: Actor,
    items: {
      body: CreateDealInput;
      leadId?: string | null | undefined;
      closedAt?: Date | undefined;
      /** The new deal's id, when the caller needs it beforehand (a copy titled with it). */
      id?: string | undefined;
      /** Added to the deal.created payload (a copy's `copiedFrom`). */
      payload?: Record<string, unknown> | undefined;
    }[],
    trx?: Transaction<DB>,
    context?: EventContext,
  ): Promise<Deal[]> {
    const bodies = items.map((item) => parsed(createDealBodySchema, item.body));
    return inTransaction(trx, async (trx) => {
      if (bodies.length === 0) return [];
      const accountId = actor.accountId;
      const stages = new Map<string, StageRow>();
      const placed: StageRow[] = [];
      for (const body of bodies) {
        const key = `${body.pipelineId ?? ''}:${body.stageId ?? ''}`;
        let stage = stages.get(key);
        if (!stage) {
          stage = await placement(trx, accountId, body, undefined);
          stages.set(key, stage);
        }
        lossOnlyWhenLost(stage.kind, body);
        placed.push(stage);
      }
      const contacts = bodies.map((body) => normalizeContacts(body.contacts ?? []));
      const responsible = bodies.map((body) =>
        body.responsibleUserId === undefined ? actor.userId : body.responsibleUserId,
      );
      for (const [i, body] of bodies.entries()) {
        const facts = { responsibleUserId: responsible[i] ?? null, isOpen: body.isOpen ?? false };
        if (!(await access.allows(actor, 'deal', 'add', { ...facts, stageId: placed[i]?.id }, trx)))
          throw forbidden(
            'Your role does not allow creating this deal (for this responsible user, in this stage)',
          );
      }
      await checkReferences(
        trx,
        accountId,
        bodies.map((body, i) => ({
          responsibleUserId: responsible[i],
          companyId: body.companyId,
          contactIds: contacts[i]?.map((c) => c.id),
          sourceId: body.sourceId,
          lossReasonId: body.lossReasonId,
          archivedSourceAllowed: Boolean(items[i]?.leadId),
        })),
      );
      const currency = bodies.some((body) => !body.currency)
        ? await repo.accountCurrency(trx, accountId)
        : '';
      const ids = bodies.map((_, i) => items[i]?.id ?? crypto.randomUUID());
      await repo
        .insertMany(
          trx,
          accountId,
          bodies.map((body, i) => {
            const stage = placed[i] as StageRow;
            return {
              id: ids[i] as string,
              name: body.name,
              amount: body.amount ?? '0',
              currency: body.currency ?? currency,
              pipeline_id: stage.pipeline_id,
              stage_id: stage.id,
              responsible_user_id: responsible[i] ?? null,
              company_id: body.companyId ?? null,
              source_id: body.sourceId ?? null,
              tags: body.tags ?? [],
              start_date: body.startDate ?? null,
              close_date: body.closeDate ?? null,
              loss_reason_id: body.lossReasonId ?? null,
              loss_comment: body.lossComment || null,
              is_open: body.isOpen ?? false,
              created_by: actor.userId,
              lead_id: items[i]?.leadId ?? null,
              closed: isClosed(stage.kind),
              closedAt: items[i]?.closedAt,
            };
          }),
        )
        .catch(onMissing);
      await repo
        .addContacts(
          trx,
          accountId,
          ids.map((dealId, i) => ({ dealId, contacts: contacts[i] ?? [] })),
        )
        .catch(onMissing);
      const customFields = await fieldValues.writeMany(
        trx,
        actor,
        bodies.map((body, i) => ({
          entity: 'deal' as const,
          recordId: ids[i] as string,
          stored: null,
          input: body.customFields,
          pipelineId: placed[i]?.pipeline_id ?? null,
          stageId: placed[i]?.id ?? null,
        })),
      );
      await repo.setCustomFieldsOf(
        trx,
        accountId,
        ids.map((id, i) => ({ id, customFields: customFields[i] ?? {} })),
      );
      await repo.recordStageEntry(trx, accountId, ids, actor.userId);
      const loaded = await loadMany(trx, accountId, ids);
      const deals = ids.map((id) => {
        const deal = loaded.get(id);
        if (!deal) throw new Error(`deal ${id} vanished in its own transaction`);
        return deal;
      });
      await events.recordMany(
        trx,
        context ?? eventContextOf(actor),
        deals.map((deal, i) => ({
          type: 'deal.created',
          entity: 'deal',
          entityId: deal.id,
          payload: {
            name: deal.name,
            pipelineId: deal.pipelineId,
            stageId: deal.stageId,
            amount: deal.amount,
            currency: deal.currency,
            responsibleUserId: deal.responsibleUserId,
            ...(deal.leadId ? { leadId: deal.leadId } : {}),
            ...items[i]?.payload,
          },
        })),
      );
      return deals;
    });
  }

  return {
    /**
     * Creates a deal. Runs inside `trx` when given (the leads module converts a lead in one transaction);
     * `options.leadId` links the lead it came from; `options.closedAt` is when a deal created in a Won or
     * Lost stage was closed (a migration keeps the source's date; default: now). The body is validated here
     * too, so callers may pass unparsed input.
     */
    create: async (
      actor: Actor,
      input: CreateDealInput,
      trx?: Transaction<DB>,
      options: {
        leadId?: string | null;
        context?: EventContext;
        closedAt?: Date;
        payload?: Record<string, unknown>;
        id?: string;
      } = {},
    ): Promise<Deal> => {
      const [deal] = await createMany(
        actor,
        [
          {
            body: input,
            leadId: options.leadId,
            closedAt: options.closedAt,
            payload: options.payload,
            id: options.id,
          },
        ],
        trx,
        options.context,
      );
      if (!deal) throw new Error('unreachable');
      return deal;
    },

    createMany,

    /**
     * Line items of deal `fromId` to copy onto a new deal (the deal-copy module): all of them or the ids
     * listed (an id that is not an item of the deal → 422 `body.items.<n>`). `total` is the amount the new
     * deal takes (null when no item is copied); `write` stores the items on the new deal in `trx`.
     */
    async itemsToCopy(trx: Transaction<DB>, accountId: string, fromId: string, selection: 'all' | string[]) {
      const rows = await repo.itemsOf(trx, accountId, fromId);
      if (selection !== 'all') {
        const own = new Set(rows.map((r) => r.id));
        const errors: FieldError[] = [];
        selection.forEach((id, i) => {
          if (!own.has(id))
            errors.push({ field: `body.items.${i}`, reason: 'is not a line item of the deal' });
        });
        if (errors.length > 0) throw invalidFields(errors);
      }
      const chosen = selection === 'all' ? rows : rows.filter((r) => selection.includes(r.id));
      const values: ItemValues[] = chosen.map((r, position) => ({
        product_id: r.product_id,
        name: r.name,
        sku: r.sku,
        unit: r.unit,
        quantity: r.quantity,
        price: r.price,
        discount_percent: r.discount_percent,
        vat_rate: r.vat_rate,
        vat_included: r.vat_included,
        position,
      }));
      const totals = sumAmounts(
        values.map((v) =>
          lineAmounts({
            price: v.price,
            quantity: v.quantity,
            discountPercent: v.discount_percent,
            vatRate: v.vat_rate,
            vatIncluded: v.vat_included,
          }),
        ),
      );
      return {
        count: values.length,
        total: values.length > 0 ? fromUnits(totals.total, 2) : null,
        write: (toId: string) => repo.replaceItems(trx, accountId, toId, values).catch(onMissing),
      };
    },

    readable,

    /**
     * Whether an event about deal `dealId` may go to the actor (the SSE stream): when they may read the deal
     * as it is NOW — so a deal reassigned away stops reaching its old owner with the very update that moved
     * it, and one reassigned to them reaches them. A deleted deal is judged as its `deal.deleted` event
     * describes it (responsible, open flag, stage: those who could read it learn it is gone); any other event
     * of a deal that no longer exists goes only to those the rights do not bind.
     */
    async seesEvent(
      actor: Actor,
      dealId: string,
      event: { type: string; entityId: string | null; payload: Record<string, unknown> },
    ): Promise<boolean> {
      if ((await readable(actor, [dealId])).has(dealId)) return true;
      if (event.type !== 'deal.deleted' || event.entityId !== dealId) return false;
      const { responsibleUserId, isOpen, stageId } = event.payload;
      return access.allows(actor, 'deal', 'read', {
        responsibleUserId: typeof responsibleUserId === 'string' ? responsibleUserId : null,
        isOpen: isOpen === true,
        stageId: typeof stageId === 'string' ? stageId : null,
      });
    },

    /** One deal the actor may read (inside `trx` when given). */
    get: async (actor: Actor, id: string, trx?: Db) => present(await visibleRow(trx ?? db, actor, id)),

    /** A page of the deals the actor may read (`export`: may export — the export's pages). */
    async list(actor: Actor, query: ListQuery, op: 'read' | 'export' = 'read') {
      const order = await orderOf(actor, query.sort, query.order);
      const after = query.cursor ? decodeKeyset(order, query.cursor) : undefined;
      const filter = await filterOf(actor, query, op);
      const rows = await repo
        .page(db, actor.accountId, filter, order, after, query.limit)
        .catch(onBadCursorValue);
      const { page, nextCursor } = keysetResult(order, rows, query.limit, (r) => r.id);
      return { items: page.map(present), nextCursor };
    },

    update: async (
      actor: Actor,
      id: string,
      input: UpdateInput,
      ifMatch: number | undefined,
      trx?: Transaction<DB>,
    ) => {
      const body = parsed(updateDealBodySchema, input);
      return inTransaction(trx, async (trx) => {
        const row = await lockDeal(trx, actor, id, ifMatch);
        return change(trx, actor, eventContextOf(actor), row, body);
      });
    },

    remove: (actor: Actor, id: string, ifMatch: number | undefined) =>
      db.transaction().execute(async (trx) => {
        const row = await lockDeal(trx, actor, id, ifMatch, 'delete');
        await fieldValues.remove(trx, actor.accountId, [id]);
        await repo.delete(trx, actor.accountId, [id]);
        await events.record(trx, eventContextOf(actor), {
          type: 'deal.deleted',
          entity: 'deal',
          entityId: id,
          payload: deletedPayload(row),
        });
      }),

    async stages(actor: Actor, id: string) {
      await visibleRow(db, actor, id);
      const visits = await repo.stageVisits(db, actor.accountId, id);
      return {
        items: visits.map((v) => ({
          pipelineId: v.pipeline_id,
          stageId: v.stage_id,
          stageName: v.stage_name,
          enteredAt: v.entered_at.toISOString(),
          leftAt: v.left_at ? v.left_at.toISOString() : null,
          movedByUserId: v.moved_by,
          seconds: Math.max(0, Number(v.seconds)),
        })),
      };
    },

    async items(actor: Actor, id: string): Promise<DealItems> {
      const row = await visibleRow(db, actor, id);
      return presentItems(id, row.currency, row.version, await repo.itemsOf(db, actor.accountId, id));
    },

    /** Replaces the line items; the deal's amount becomes their total. */
    async replaceItems(actor: Actor, id: string, items: ItemInput[], ifMatch: number | undefined) {
      // The catalogue is read first (its service has its own connection); a product deleted meanwhile
      // only loses its link (ON DELETE SET NULL), the copied name and price stay.
      await visibleRow(db, actor, id);
      const catalogue = await productsOf(actor, items);
      return db.transaction().execute(async (trx) => {
        const row = await lockDeal(trx, actor, id, ifMatch);
        const values = itemValuesOf(items, catalogue, row.currency);
        const beforeItems = presentItems(
          id,
          row.currency,
          row.version,
          await repo.itemsOf(trx, actor.accountId, id),
        );
        const totals = sumAmounts(
          values.map((v) =>
            lineAmounts({
              price: v.price,
              quantity: v.quantity,
              discountPercent: v.discount_percent,
              vatRate: v.vat_rate,
              vatIncluded: v.vat_included,
            }),
          ),
        );
        if (totals.total > MAX_AMOUNT_UNITS) {
          throw invalidField('body.items', 'The total is larger than a deal can hold');
        }
        const before = await load(trx, actor.accountId, id);
        await repo.replaceItems(trx, actor.accountId, id, values).catch(onMissing);
        await repo.update(
          trx,
          actor.accountId,
          id,
          values.length > 0 ? { amount: fromUnits(totals.total, 2) } : {},
        );
        const after = await load(trx, actor.accountId, id);
        const result = presentItems(
          id,
          after.currency,
          after.version,
          await repo.itemsOf(trx, actor.accountId, id),
        );
        const changes = diffRecords(before, after, IGNORED_IN_CHANGES);
        const from = beforeItems.items.map(itemSummary);
        const to = result.items.map(itemSummary);
        if (JSON.stringify(from) !== JSON.stringify(to)) changes.items = { from, to };
        if (Object.keys(changes).length > 0) {
          await events.record(trx, eventContextOf(actor), {
            type: 'deal.updated',
            entity: 'deal',
            entityId: id,
            payload: { name: after.name, changes },
          });
        }
        return result;
      });
    },

    async kanban(actor: Actor, query: KanbanQuery) {
      const pipelineId = query.pipelineId ?? (await repo.defaultPipelineId(db, actor.accountId));
      const stages = pipelineId ? await repo.stagesOf(db, actor.accountId, pipelineId) : [];
      if (!pipelineId || stages.length === 0)
        throw invalidField('querystring.pipelineId', 'No such pipeline');
      const filter = await filterOf(actor, query);
      // One grouped scan for the totals and one index range per column, concurrently where the driver
      // has a pool (PostgreSQL); each column page reads deals_stage_idx in order and stops at the limit.
      const [totals, pages] = await Promise.all([
        repo.stageTotals(db, actor.accountId, pipelineId, filter),
        Promise.all(stages.map((stage) => column(actor, stage, filter, undefined, query.limit))),
      ]);
      const columns = stages.map((stage, i) => {
        const own = totals.filter((t) => t.stage_id === stage.id);
        return {
          stage: { id: stage.id, name: stage.name, color: stage.color, kind: stage.kind },
          count: own.reduce((n, t) => n + Number(t.count), 0),
          sums: own.map((t) => ({ currency: t.currency, amount: fromUnits(toUnits(t.sum, 2), 2) })),
          items: pages[i]?.items ?? [],
          nextCursor: pages[i]?.nextCursor ?? null,
        };
      });
      return { pipelineId, columns };
    },

    async kanbanColumn(actor: Actor, query: ColumnQuery) {
      const stage = await repo.findStage(db, actor.accountId, query.stageId);
      if (!stage) throw invalidField('querystring.stageId', 'No such stage');
      const filter = await filterOf(actor, query);
      return { stageId: stage.id, ...(await column(actor, stage, filter, query.cursor, query.limit)) };
    },

    /**
     * Moves, reassigns or deletes up to 500 deals in one transaction: all or nothing. Each deal gets its own
     * event; every deal that cannot be changed is reported at `body.ids.<n>`.
     */
    bulk: (actor: Actor, body: BulkDealsBody) =>
      db.transaction().execute(async (trx) => {
        const accountId = actor.accountId;
        const context = eventContextOf(actor);
        // A deal the actor may not read is "no such deal", as on its card.
        const rows: DealRecord[] = [];
        for (const row of await repo.lockMany(trx, accountId, body.ids))
          if (await access.allows(actor, 'deal', 'read', factsOf(row), trx)) rows.push(row);
        const checks = bulkChecks(body.ids, rows, 'deal');
        const op = body.action === 'delete' ? 'delete' : 'edit';
        const refusedRows = new Set<string>();
        for (const row of rows)
          if (!(await access.allows(actor, 'deal', op, factsOf(row), trx))) refusedRows.add(row.id);
        checks.check((row) =>
          refusedRows.has(row.id)
            ? `Your role does not allow ${op === 'delete' ? 'deleting' : 'changing'} this deal`
            : undefined,
        );
        let target: StageRow | undefined;
        if (body.action === 'move') {
          target = await repo.findStage(trx, accountId, body.stageId);
          if (!target) throw invalidField('body.stageId', 'No such stage');
          // A loss reason (and comment) given to every deal moved to Lost, checked as on a single move.
          lossOnlyWhenLost(target.kind, body);
          if (
            body.lossReasonId &&
            !(await repo.isListItem(trx, accountId, 'loss_reasons', body.lossReasonId))
          )
            throw invalidField('body.lossReasonId', 'is not an item of the loss reasons list');
        }
        if (body.action === 'assign') {
          const found = await repo.existing(trx, accountId, 'users', [body.responsibleUserId]);
          if (!found.has(body.responsibleUserId))
            throw invalidField('body.responsibleUserId', 'No such user');
        }
        if (target) {
          const to = target.id;
          const intoStage = new Set<string>();
          for (const row of rows)
            if (!(await access.allows(actor, 'deal', 'edit', factsOf(row, to), trx))) intoStage.add(row.id);
          checks.check((row) =>
            intoStage.has(row.id) && !refusedRows.has(row.id)
              ? 'Your role does not allow moving this deal into the stage'
              : undefined,
          );
        }
        checks.throwIfRefused();

        if (body.action === 'delete') {
          await removeEach(rows, {
            remove: async () => {
              await fieldValues.remove(trx, accountId, body.ids);
              await repo.delete(trx, accountId, body.ids);
            },
            record: (row) =>
              events.record(trx, context, {
                type: 'deal.deleted',
                entity: 'deal',
                entityId: row.id,
                payload: deletedPayload(row),
              }),
          });
          return bulkResult(body.action, body.ids);
        }

        // Deals already as asked are left alone; the rest change in a few set-based statements.
        const changing = checks.changing((row) =>
          body.action === 'move'
            ? row.stage_id === body.stageId
            : row.responsible_user_id === body.responsibleUserId,
        );
        const changed = await changeEach(changing, {
          load: (ids) => loadMany(trx, accountId, ids),
          change: async (before) => {
            if (body.action === 'assign') {
              await repo.updateMany(trx, accountId, changing, {
                responsible_user_id: body.responsibleUserId,
              });
              return;
            }
            if (!target) return;
            const to = target;
            // Every field required at the target stage must be filled on every deal, or nothing moves.
            const fieldUpdates: [string, Record<string, unknown>][] = [];
            for (const [i, id] of body.ids.entries()) {
              const row = checks.byId.get(id);
              if (!row || !changing.includes(id)) continue;
              try {
                const values = await fieldValues.write(trx, actor, {
                  entity: 'deal',
                  recordId: id,
                  stored: row.custom_fields,
                  input: undefined,
                  pipelineId: to.pipeline_id,
                  stageId: to.id,
                  enforceRequired: true,
                });
                if (JSON.stringify(values) !== JSON.stringify(row.custom_fields))
                  fieldUpdates.push([id, values]);
              } catch (error) {
                if (!(error instanceof AppError) || error.status !== 422) throw error;
                for (const e of error.extra.errors ?? [{ field: 'body', reason: error.message }])
                  checks.refuse(i, `${e.field.replace(/^body\./, '')}: ${e.reason}`);
              }
            }
            checks.throwIfRefused();
            // closedAt as a single move would set it: now when entering Won / Lost from another kind, kept
            // within the same kind, cleared when reopened.
            const closing = (id: string): 'now' | 'keep' | 'clear' =>
              !isClosed(to.kind) ? 'clear' : before.get(id)?.status === to.kind ? 'keep' : 'now';
            for (const closedAt of ['now', 'keep', 'clear'] as const) {
              const group = changing.filter((id) => closing(id) === closedAt);
              if (group.length === 0) continue;
              await repo.updateMany(
                trx,
                accountId,
                group,
                {
                  pipeline_id: to.pipeline_id,
                  stage_id: to.id,
                  ...(to.kind === 'lost'
                    ? {
                        ...(body.lossReasonId !== undefined ? { loss_reason_id: body.lossReasonId } : {}),
                        ...(body.lossComment !== undefined ? { loss_comment: body.lossComment || null } : {}),
                      }
                    : { loss_reason_id: null, loss_comment: null }),
                },
                { moved: true, closedAt },
              );
            }
            for (const [id, values] of fieldUpdates) await repo.setCustomFields(trx, accountId, id, values);
            await repo.recordStageEntry(trx, accountId, changing, actor.userId);
          },
          record: (id, was, now) =>
            events.record(trx, context, {
              type: 'deal.updated',
              entity: 'deal',
              entityId: id,
              payload: { name: now.name, changes: diffRecords(was, now, IGNORED_IN_CHANGES), bulk: true },
            }),
        });
        return bulkResult(body.action, changed);
      }),

    // ---- records in stages (registered with the pipelines module) ----------------------------------------
    countInPipeline: (trx: Db, accountId: string, pipelineId: string) =>
      repo.countInPipeline(trx, accountId, pipelineId),
    countInStage: (trx: Db, accountId: string, stageId: string) => repo.countInStage(trx, accountId, stageId),

    /** Stage deletion moves its deals: stage history and an event per deal (by the system: no actor). */
    async moveStage(trx: Transaction<DB>, accountId: string, fromStageId: string, toStageId: string) {
      const to = await repo.findStage(trx, accountId, toStageId);
      if (!to) throw new Error(`target stage ${toStageId} does not exist`);
      const moved = await repo.lockInStage(trx, accountId, fromStageId);
      if (moved.length === 0) return;
      await repo.moveAllInStage(trx, accountId, fromStageId, { id: to.id, kind: to.kind });
      const ids = moved.map((d) => d.id);
      await repo.recordStageEntry(trx, accountId, ids, null);
      const context: EventContext = { accountId, actorUserId: null, source: 'system' };
      for (const deal of moved) {
        const changes: Record<string, { from: unknown; to: unknown }> = {
          stageId: { from: fromStageId, to: to.id },
        };
        if (isClosed(to.kind)) changes.status = { from: 'open', to: to.kind };
        await events.record(trx, context, {
          type: 'deal.updated',
          entity: 'deal',
          entityId: deal.id,
          payload: { name: deal.name, changes, reason: 'stage_deleted' },
        });
      }
    },
  };
}
export type DealsService = ReturnType<typeof createDealsService>;
