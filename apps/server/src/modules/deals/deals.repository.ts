// The only code that queries deal tables (deals, deal_contacts, deal_stage_history, deal_items). It also
// READS, never writes, a few tables of other modules where a join is the only fast way: stages and pipelines
// (a deal's stage, the pipeline's order), contacts and companies (names on cards, existence of references),
// users (existence), reference_list_items (live sources and loss reasons), tasks (the earliest open deadline),
// accounts (currency, time zone).
import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { Db, DealItemsTable, DealsTable, StageKind, StagesTable } from '../../platform/db/index.js';
import {
  keysetPage,
  keysetValue,
  searchMatches,
  type KeysetKey,
  type KeysetOrder,
} from '../../platform/db/index.js';

export type DealRecord = Omit<Selectable<DealsTable>, 'search'>;
/** A deal's linked contact as the list and the card show it (primary first, then in the saved order). */
export interface DealContactLink {
  id: string;
  name: string;
  isPrimary: boolean;
}
export type DealRow = DealRecord & {
  stage_kind: StageKind;
  company_name: string | null;
  next_task_at: Date | null;
  contacts: DealContactLink[];
  has_items: boolean;
};
export type CardRow = Omit<DealRow, 'contacts' | 'has_items'> & {
  primary_contact_name: string | null;
  keyset_value: string | null;
};
export type StageRow = Selectable<StagesTable>;
export type ItemRow = Selectable<DealItemsTable>;

export interface DealValues {
  name: string;
  pipeline_id: string;
  stage_id: string;
  amount: string;
  currency: string;
  responsible_user_id: string | null;
  company_id: string | null;
  source_id: string | null;
  tags: string[];
  /** 'YYYY-MM-DD' */
  start_date: string | null;
  close_date: string | null;
  loss_reason_id: string | null;
  loss_comment: string | null;
  is_open: boolean;
}

export type ItemValues = Omit<ItemRow, 'id' | 'account_id' | 'deal_id' | 'created_at' | 'updated_at'>;

/** A moment bound of a filter: an instant, or a calendar day in the account's time zone. */
export type Moment = { instant: string } | { date: string };

export interface DealFilter {
  tsquery?: string | undefined;
  pipelineId?: string | undefined;
  stageIds?: string[] | undefined;
  responsibleUserIds?: string[] | undefined;
  companyId?: string | undefined;
  contactId?: string | undefined;
  status?: ('open' | 'won' | 'lost')[] | undefined;
  amountFrom?: string | undefined;
  amountTo?: string | undefined;
  createdFrom?: Moment | undefined;
  createdTo?: Moment | undefined;
  closedFrom?: Moment | undefined;
  closedTo?: Moment | undefined;
  /** Inclusive bounds of the close date (a calendar day; an instant counts as its day in the account's zone). */
  closeDateFrom?: Moment | undefined;
  closeDateTo?: Moment | undefined;
  tags?: string[] | undefined;
  noTask?: boolean | undefined;
  overdueTask?: boolean | undefined;
  /** From the custom-fields module, over deals.id. */
  customFields?: RawBuilder<boolean> | undefined;
  /** The access rights' visibility filter (ADR 0018) over the deals columns. */
  visible?: RawBuilder<boolean> | undefined;
}

const dealColumns = [
  'deals.id',
  'deals.account_id',
  'deals.name',
  'deals.pipeline_id',
  'deals.stage_id',
  'deals.amount',
  'deals.currency',
  'deals.responsible_user_id',
  'deals.company_id',
  'deals.source_id',
  'deals.tags',
  // date columns as 'YYYY-MM-DD' text: the drivers would turn them into local-time Dates.
  sql<string | null>`deals.start_date::text`.as('start_date'),
  sql<string | null>`deals.close_date::text`.as('close_date'),
  'deals.closed_at',
  'deals.loss_reason_id',
  'deals.loss_comment',
  'deals.stage_entered_at',
  'deals.lead_id',
  'deals.custom_fields',
  'deals.is_open',
  'deals.created_by',
  'deals.version',
  'deals.created_at',
  'deals.updated_at',
] as const;

const contactName = (alias: string) =>
  sql<string>`concat_ws(' ', ${sql.ref(`${alias}.last_name`)}, ${sql.ref(`${alias}.first_name`)}, ${sql.ref(`${alias}.middle_name`)})`;

/** The earliest deadline of the deal's open tasks (tasks_deal_idx). */
const nextTaskAt = sql<Date | null>`(SELECT min(t.deadline) FROM tasks t
  WHERE t.account_id = deals.account_id AND t.deal_id = deals.id AND t.completed_at IS NULL)`;

const primaryContactName = sql<string | null>`(SELECT ${contactName('c')} FROM deal_contacts dc
  JOIN contacts c ON c.account_id = dc.account_id AND c.id = dc.contact_id
  WHERE dc.account_id = deals.account_id AND dc.deal_id = deals.id AND dc.is_primary)`;

/** Name and tags stemmed in Russian and English, plus every word as written. */
const searchOf = (name: string, tags: readonly string[]) => {
  const words = [name, ...tags].join(' ');
  return sql<string>`setweight(to_tsvector('russian', ${words}), 'A') || setweight(to_tsvector('english', ${words}), 'B')
    || to_tsvector('simple', ${words})`;
};

const list = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/** The start of a moment bound: the instant, or the day's first instant in the account's zone. */
const fromBound = (accountId: string, m: Moment) =>
  'instant' in m
    ? sql`${m.instant}::timestamptz`
    : sql`(${m.date}::date)::timestamp AT TIME ZONE (SELECT a.timezone FROM accounts a WHERE a.id = ${accountId})`;
/** "≤ to": the instant itself, or before the next day's first instant. */
const toCondition = (column: RawBuilder<unknown>, accountId: string, m: Moment) =>
  'instant' in m
    ? sql<boolean>`${column} <= ${m.instant}::timestamptz`
    : sql<boolean>`${column} < (${m.date}::date + 1)::timestamp AT TIME ZONE (SELECT a.timezone FROM accounts a WHERE a.id = ${accountId})`;

/** A moment as a calendar day: the date itself, or the instant's day in the account's zone. */
const dayOf = (accountId: string, m: Moment) =>
  'instant' in m
    ? sql`(${m.instant}::timestamptz AT TIME ZONE (SELECT a.timezone FROM accounts a WHERE a.id = ${accountId}))::date`
    : sql`${m.date}::date`;

const STATUS_KINDS = { open: ['unsorted', 'open'], won: ['won'], lost: ['lost'] } as const;

/** The filter as SQL conditions over `deals` (besides the account, which every query has). */
function conditionsOf(accountId: string, f: DealFilter): RawBuilder<boolean>[] {
  const c: RawBuilder<boolean>[] = [];
  if (f.tsquery) c.push(searchMatches('deals.search', f.tsquery));
  if (f.pipelineId) c.push(sql<boolean>`deals.pipeline_id = ${f.pipelineId}`);
  if (f.stageIds?.length) c.push(sql<boolean>`deals.stage_id IN (${list(f.stageIds)})`);
  if (f.responsibleUserIds?.length)
    c.push(sql<boolean>`deals.responsible_user_id IN (${list(f.responsibleUserIds)})`);
  if (f.companyId) c.push(sql<boolean>`deals.company_id = ${f.companyId}`);
  if (f.contactId) {
    c.push(sql<boolean>`EXISTS (SELECT 1 FROM deal_contacts dc WHERE dc.account_id = deals.account_id
      AND dc.deal_id = deals.id AND dc.contact_id = ${f.contactId})`);
  }
  if (f.status?.length) {
    const kinds = f.status.flatMap((s) => STATUS_KINDS[s]);
    c.push(sql<boolean>`deals.stage_id IN (SELECT s.id FROM stages s WHERE s.account_id = ${accountId}
      AND s.kind IN (${list(kinds)}))`);
  }
  if (f.amountFrom !== undefined) c.push(sql<boolean>`deals.amount >= ${f.amountFrom}::numeric`);
  if (f.amountTo !== undefined) c.push(sql<boolean>`deals.amount <= ${f.amountTo}::numeric`);
  if (f.createdFrom) c.push(sql<boolean>`deals.created_at >= ${fromBound(accountId, f.createdFrom)}`);
  if (f.createdTo) c.push(toCondition(sql`deals.created_at`, accountId, f.createdTo));
  if (f.closedFrom) c.push(sql<boolean>`deals.closed_at >= ${fromBound(accountId, f.closedFrom)}`);
  if (f.closedTo) c.push(toCondition(sql`deals.closed_at`, accountId, f.closedTo));
  if (f.closeDateFrom) c.push(sql<boolean>`deals.close_date >= ${dayOf(accountId, f.closeDateFrom)}`);
  if (f.closeDateTo) c.push(sql<boolean>`deals.close_date <= ${dayOf(accountId, f.closeDateTo)}`);
  if (f.tags?.length) {
    const lower = f.tags.map((t) => t.toLowerCase());
    c.push(sql<boolean>`EXISTS (SELECT 1 FROM unnest(deals.tags) tag WHERE lower(tag) IN (${list(lower)}))`);
  }
  const openTasks = sql`SELECT 1 FROM tasks t WHERE t.account_id = deals.account_id AND t.deal_id = deals.id
    AND t.completed_at IS NULL`;
  if (f.noTask === true) c.push(sql<boolean>`(deals.closed_at IS NULL AND NOT EXISTS (${openTasks}))`);
  if (f.noTask === false) c.push(sql<boolean>`(deals.closed_at IS NOT NULL OR EXISTS (${openTasks}))`);
  if (f.overdueTask === true) c.push(sql<boolean>`EXISTS (${openTasks} AND t.deadline < now())`);
  if (f.overdueTask === false) c.push(sql<boolean>`NOT EXISTS (${openTasks} AND t.deadline < now())`);
  if (f.customFields) c.push(f.customFields);
  if (f.visible) c.push(f.visible);
  return c;
}

/** The deal's contacts in their saved order, as JSON: one round trip for a whole list page. */
const contactLinks = sql<DealContactLink[]>`(SELECT coalesce(json_agg(json_build_object('id', c.id,
  'name', ${contactName('c')}, 'isPrimary', dc.is_primary) ORDER BY dc.position), '[]'::json)
  FROM deal_contacts dc JOIN contacts c ON c.account_id = dc.account_id AND c.id = dc.contact_id
  WHERE dc.account_id = deals.account_id AND dc.deal_id = deals.id)`;

const hasItems = sql<boolean>`EXISTS (SELECT 1 FROM deal_items di
  WHERE di.account_id = deals.account_id AND di.deal_id = deals.id)`;

/**
 * Deals with all that presenting them needs: the stage's kind, the company's name, the next task, the
 * linked contacts and whether there are line items.
 */
function detailed(db: Db, accountId: string) {
  return db
    .selectFrom('deals')
    .innerJoin('stages', (j) =>
      j.onRef('stages.account_id', '=', 'deals.account_id').onRef('stages.id', '=', 'deals.stage_id'),
    )
    .leftJoin('companies', (j) =>
      j.onRef('companies.account_id', '=', 'deals.account_id').onRef('companies.id', '=', 'deals.company_id'),
    )
    .select(dealColumns)
    .select(['stages.kind as stage_kind', 'companies.name as company_name'])
    .select([nextTaskAt.as('next_task_at'), contactLinks.as('contacts'), hasItems.as('has_items')])
    .where('deals.account_id', '=', accountId);
}

function pageQuery(
  db: Db,
  accountId: string,
  filter: DealFilter,
  order: KeysetOrder,
  after: KeysetKey | undefined,
  limit: number,
) {
  let query = detailed(db, accountId).select(keysetValue(order).as('keyset_value'));
  for (const condition of conditionsOf(accountId, filter)) query = query.where(condition);
  return keysetPage(query, order, after, limit);
}

function stageTotalsQuery(db: Db, accountId: string, pipelineId: string, filter: DealFilter) {
  let query = db
    .selectFrom('deals')
    .select([
      'deals.stage_id',
      'deals.currency',
      sql<string>`count(*)`.as('count'),
      sql<string>`sum(deals.amount)`.as('sum'),
    ])
    .where('deals.account_id', '=', accountId)
    .where('deals.pipeline_id', '=', pipelineId);
  for (const condition of conditionsOf(accountId, filter)) query = query.where(condition);
  return query.groupBy(['deals.stage_id', 'deals.currency']).orderBy('deals.currency');
}

function columnQuery(
  db: Db,
  accountId: string,
  stageId: string,
  filter: DealFilter,
  order: KeysetOrder,
  after: KeysetKey | undefined,
  limit: number,
) {
  let query = db
    .selectFrom('deals')
    .leftJoin('companies', (j) =>
      j.onRef('companies.account_id', '=', 'deals.account_id').onRef('companies.id', '=', 'deals.company_id'),
    )
    .select(dealColumns)
    .select([
      'companies.name as company_name',
      nextTaskAt.as('next_task_at'),
      primaryContactName.as('primary_contact_name'),
      keysetValue(order).as('keyset_value'),
    ])
    .where('deals.account_id', '=', accountId)
    .where('deals.stage_id', '=', stageId);
  for (const condition of conditionsOf(accountId, filter)) query = query.where(condition);
  return keysetPage(query, order, after, limit);
}

export function createDealsRepository() {
  return {
    // ---- the account and its settings (read only) --------------------------------------------------------
    async accountCurrency(db: Db, accountId: string) {
      const row = await db
        .selectFrom('accounts')
        .select('currency')
        .where('id', '=', accountId)
        .executeTakeFirstOrThrow();
      return row.currency;
    },

    findStage: (db: Db, accountId: string, stageId: string) =>
      db
        .selectFrom('stages')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', stageId)
        .executeTakeFirst(),

    /** The pipeline's stages in display order: Unsorted, the open ones, Won, Lost. */
    stagesOf: async (db: Db, accountId: string, pipelineId: string) => {
      const rank: Record<StageKind, number> = { unsorted: 0, open: 1, won: 2, lost: 3 };
      const rows = await db
        .selectFrom('stages')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('pipeline_id', '=', pipelineId)
        .execute();
      return rows.sort((a, b) => rank[a.kind] - rank[b.kind] || a.position - b.position);
    },

    defaultPipelineId: async (db: Db, accountId: string) =>
      (
        await db
          .selectFrom('pipelines')
          .select('id')
          .where('account_id', '=', accountId)
          .orderBy('is_default', 'desc')
          .orderBy('position')
          .limit(1)
          .executeTakeFirst()
      )?.id,

    pipelineExists: async (db: Db, accountId: string, pipelineId: string) =>
      (await db
        .selectFrom('pipelines')
        .select('id')
        .where('account_id', '=', accountId)
        .where('id', '=', pipelineId)
        .executeTakeFirst()) !== undefined,

    /** Whether the id is an item of the reference list, live (not archived) unless archived ones will do. */
    isListItem: async (
      db: Db,
      accountId: string,
      list: 'sources' | 'loss_reasons',
      id: string,
      archivedToo = false,
    ) => {
      let query = db
        .selectFrom('reference_list_items')
        .select('id')
        .where('account_id', '=', accountId)
        .where('list', '=', list)
        .where('id', '=', id);
      if (!archivedToo) query = query.where('archived_at', 'is', null);
      return (await query.executeTakeFirst()) !== undefined;
    },

    /** Which of the ids are records of the account in that table. */
    existing: async (db: Db, accountId: string, table: 'users' | 'contacts' | 'companies', ids: string[]) => {
      if (ids.length === 0) return new Set<string>();
      const rows = await db
        .selectFrom(table)
        .select('id')
        .where('account_id', '=', accountId)
        .where('id', 'in', ids)
        .execute();
      return new Set(rows.map((r) => r.id));
    },

    // ---- deals ---------------------------------------------------------------------------------------------
    /** New deals in one statement (ids chosen by the caller, so the order of the rows does not matter). */
    insertMany: async (
      db: Db,
      accountId: string,
      rows: (DealValues & {
        id: string;
        created_by: string;
        lead_id: string | null;
        closed: boolean;
        closedAt?: Date | undefined;
      })[],
    ) => {
      if (rows.length === 0) return;
      await db
        .insertInto('deals')
        .values(
          rows.map(({ closed, closedAt, ...rest }) => ({
            account_id: accountId,
            ...rest,
            closed_at: closed ? (closedAt ?? sql<Date>`now()`) : null,
            stage_entered_at: sql<Date>`now()`,
            created_at: sql<Date>`now()`,
            updated_at: sql<Date>`now()`,
            search: searchOf(rest.name, rest.tags),
          })),
        )
        .execute();
    },

    /**
     * Writes changed values; `stage` says how the stage moved (its entry time and closing follow), and the
     * version goes up once.
     */
    update: (
      db: Db,
      accountId: string,
      id: string,
      values: Partial<DealValues> & { custom_fields?: string },
      stage?: { moved: boolean; closedAt: 'now' | 'keep' | 'clear' },
    ) =>
      db
        .updateTable('deals')
        .set((eb) => ({
          ...values,
          ...(stage?.moved ? { stage_entered_at: sql<Date>`now()` } : {}),
          ...(stage?.closedAt === 'now' ? { closed_at: sql<Date>`now()` } : {}),
          ...(stage?.closedAt === 'clear' ? { closed_at: null } : {}),
          version: eb('version', '+', 1),
          updated_at: sql<Date>`now()`,
        }))
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .execute(),

    refreshSearch: (db: Db, accountId: string, id: string, name: string, tags: readonly string[]) =>
      db
        .updateTable('deals')
        .set({ search: searchOf(name, tags) })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .execute(),

    setCustomFields: (db: Db, accountId: string, id: string, values: Record<string, unknown>) =>
      db
        .updateTable('deals')
        .set({ custom_fields: JSON.stringify(values) })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .execute(),

    /** Each deal's stored custom-field values, in one statement. */
    setCustomFieldsOf: (db: Db, accountId: string, values: { id: string; customFields: object }[]) =>
      sql`UPDATE deals SET custom_fields = v.custom_fields
          FROM jsonb_to_recordset(${JSON.stringify(values.map((v) => ({ id: v.id, custom_fields: v.customFields })))}::jsonb)
            AS v(id uuid, custom_fields jsonb)
          WHERE deals.account_id = ${accountId} AND deals.id = v.id`.execute(db),

    lock: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('deals')
        .select(dealColumns)
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst(),

    /** Locks the deals found among the ids, in id order (two bulk actions never wait on each other in a cycle). */
    lockMany: (db: Db, accountId: string, ids: string[]) =>
      db
        .selectFrom('deals')
        .select(dealColumns)
        .where('account_id', '=', accountId)
        .where('id', 'in', ids)
        .orderBy('id')
        .forUpdate()
        .execute(),

    /** Of these ids, the account's deals that pass `visible` (the access rights' filter): by the primary key. */
    visibleIds: async (db: Db, accountId: string, ids: readonly string[], visible: RawBuilder<boolean>) =>
      ids.length === 0
        ? []
        : (
            await db
              .selectFrom('deals')
              .select('id')
              .where('account_id', '=', accountId)
              .where('id', 'in', [...ids])
              .where(visible)
              .execute()
          ).map((r) => r.id),

    findMany: (db: Db, accountId: string, ids: string[]) =>
      detailed(db, accountId).where('deals.id', 'in', ids).execute() as Promise<DealRow[]>,

    /** The same values on several deals (a bulk action), one version up each. */
    updateMany: (
      db: Db,
      accountId: string,
      ids: string[],
      values: Partial<DealValues>,
      stage?: { moved: boolean; closedAt: 'now' | 'keep' | 'clear' },
    ) =>
      db
        .updateTable('deals')
        .set((eb) => ({
          ...values,
          ...(stage?.moved ? { stage_entered_at: sql<Date>`now()` } : {}),
          ...(stage?.closedAt === 'now' ? { closed_at: sql<Date>`now()` } : {}),
          ...(stage?.closedAt === 'clear' ? { closed_at: null } : {}),
          version: eb('version', '+', 1),
          updated_at: sql<Date>`now()`,
        }))
        .where('account_id', '=', accountId)
        .where('id', 'in', ids)
        .execute(),

    find: (db: Db, accountId: string, id: string) =>
      detailed(db, accountId).where('deals.id', '=', id).executeTakeFirst() as Promise<DealRow | undefined>,

    delete: (db: Db, accountId: string, ids: string[]) =>
      db.deleteFrom('deals').where('account_id', '=', accountId).where('id', 'in', ids).execute(),

    // ---- contacts of deals -------------------------------------------------------------------------------
    replaceContacts: async (
      db: Db,
      accountId: string,
      dealId: string,
      contacts: { id: string; isPrimary: boolean }[],
    ) => {
      await db
        .deleteFrom('deal_contacts')
        .where('account_id', '=', accountId)
        .where('deal_id', '=', dealId)
        .execute();
      if (contacts.length === 0) return;
      await db
        .insertInto('deal_contacts')
        .values(
          contacts.map((c, position) => ({
            account_id: accountId,
            deal_id: dealId,
            contact_id: c.id,
            is_primary: c.isPrimary,
            position,
          })),
        )
        .execute();
    },

    /** The contacts of new deals (which have none yet), in one statement. */
    addContacts: async (
      db: Db,
      accountId: string,
      deals: { dealId: string; contacts: { id: string; isPrimary: boolean }[] }[],
    ) => {
      const rows = deals.flatMap(({ dealId, contacts }) =>
        contacts.map((c, position) => ({
          account_id: accountId,
          deal_id: dealId,
          contact_id: c.id,
          is_primary: c.isPrimary,
          position,
        })),
      );
      if (rows.length > 0) await db.insertInto('deal_contacts').values(rows).execute();
    },

    // ---- stage history -----------------------------------------------------------------------------------
    /** Closes the deals' current visits and opens visits of their (new) stages, now, by `movedBy`. */
    recordStageEntry: async (db: Db, accountId: string, dealIds: string[], movedBy: string | null) => {
      if (dealIds.length === 0) return;
      await db
        .updateTable('deal_stage_history')
        .set({ left_at: sql<Date>`now()` })
        .where('account_id', '=', accountId)
        .where('deal_id', 'in', dealIds)
        .where('left_at', 'is', null)
        .execute();
      await db
        .insertInto('deal_stage_history')
        .columns(['account_id', 'deal_id', 'pipeline_id', 'stage_id', 'entered_at', 'moved_by'])
        .expression((eb) =>
          eb
            .selectFrom('deals')
            .select([
              'account_id',
              'id',
              'pipeline_id',
              'stage_id',
              sql<Date>`now()`.as('entered_at'),
              sql<string | null>`${movedBy}::uuid`.as('moved_by'),
            ])
            .where('account_id', '=', accountId)
            .where('id', 'in', dealIds),
        )
        .execute();
    },

    stageVisits: (db: Db, accountId: string, dealId: string) =>
      db
        .selectFrom('deal_stage_history as h')
        .leftJoin('stages as s', (j) =>
          j.onRef('s.account_id', '=', 'h.account_id').onRef('s.id', '=', 'h.stage_id'),
        )
        .select([
          'h.pipeline_id',
          'h.stage_id',
          's.name as stage_name',
          'h.entered_at',
          'h.left_at',
          'h.moved_by',
          sql<string>`floor(extract(epoch from (coalesce(h.left_at, now()) - h.entered_at)))::bigint`.as(
            'seconds',
          ),
        ])
        .where('h.account_id', '=', accountId)
        .where('h.deal_id', '=', dealId)
        .orderBy('h.entered_at')
        .orderBy('h.left_at', (ob) => ob.asc().nullsLast())
        .execute(),

    // ---- line items --------------------------------------------------------------------------------------
    itemsOf: (db: Db, accountId: string, dealId: string) =>
      db
        .selectFrom('deal_items')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('deal_id', '=', dealId)
        .orderBy('position')
        .execute(),

    /** Which of the deals have line items. */
    replaceItems: async (db: Db, accountId: string, dealId: string, items: ItemValues[]) => {
      await db
        .deleteFrom('deal_items')
        .where('account_id', '=', accountId)
        .where('deal_id', '=', dealId)
        .execute();
      if (items.length === 0) return;
      await db
        .insertInto('deal_items')
        .values(items.map((item) => ({ account_id: accountId, deal_id: dealId, ...item })))
        .execute();
    },

    // ---- lists and the kanban ----------------------------------------------------------------------------
    /** A page of deals in the order, after the key, with the filter. */
    page: (
      db: Db,
      accountId: string,
      filter: DealFilter,
      order: KeysetOrder,
      after: KeysetKey | undefined,
      limit: number,
    ) =>
      pageQuery(db, accountId, filter, order, after, limit).execute() as Promise<
        (DealRow & { keyset_value: string | null })[]
      >,

    /** The query of `page`, to EXPLAIN it. */
    pageQuery: (
      db: Db,
      accountId: string,
      filter: DealFilter,
      order: KeysetOrder,
      after: KeysetKey | undefined,
      limit: number,
    ) => pageQuery(db, accountId, filter, order, after, limit),

    /** Cards of one stage, newest first (deals_stage_idx serves the order and the keyset). */
    column: (
      db: Db,
      accountId: string,
      stageId: string,
      filter: DealFilter,
      order: KeysetOrder,
      after: KeysetKey | undefined,
      limit: number,
    ) =>
      columnQuery(db, accountId, stageId, filter, order, after, limit).execute() as Promise<
        Omit<CardRow, 'stage_kind'>[]
      >,

    /** The query of `column`, to EXPLAIN it. */
    columnQuery: (
      db: Db,
      accountId: string,
      stageId: string,
      filter: DealFilter,
      order: KeysetOrder,
      after: KeysetKey | undefined,
      limit: number,
    ) => columnQuery(db, accountId, stageId, filter, order, after, limit),

    /** Per stage and currency: how many deals pass the filter and the sum of their amounts. */
    stageTotals: (db: Db, accountId: string, pipelineId: string, filter: DealFilter) =>
      stageTotalsQuery(db, accountId, pipelineId, filter).execute(),

    stageTotalsQuery: (db: Db, accountId: string, pipelineId: string, filter: DealFilter) =>
      stageTotalsQuery(db, accountId, pipelineId, filter),

    // ---- records in stages (the pipelines module's guard and stage deletion) ----------------------------
    countInPipeline: async (db: Db, accountId: string, pipelineId: string) =>
      Number(
        (
          await db
            .selectFrom('deals')
            .select(sql<string>`count(*)`.as('n'))
            .where('account_id', '=', accountId)
            .where('pipeline_id', '=', pipelineId)
            .executeTakeFirstOrThrow()
        ).n,
      ),

    countInStage: async (db: Db, accountId: string, stageId: string) =>
      Number(
        (
          await db
            .selectFrom('deals')
            .select(sql<string>`count(*)`.as('n'))
            .where('account_id', '=', accountId)
            .where('stage_id', '=', stageId)
            .executeTakeFirstOrThrow()
        ).n,
      ),

    /** Ids (and names) of the deals in a stage, locked. */
    lockInStage: (db: Db, accountId: string, stageId: string) =>
      db
        .selectFrom('deals')
        .select(['id', 'name', 'pipeline_id', 'stage_id', 'loss_reason_id', 'loss_comment', 'closed_at'])
        .where('account_id', '=', accountId)
        .where('stage_id', '=', stageId)
        .orderBy('id')
        .forUpdate()
        .execute(),

    /** Moves every deal of a stage to another stage of its pipeline, as stage deletion asks. */
    moveAllInStage: (db: Db, accountId: string, fromStageId: string, to: { id: string; kind: StageKind }) =>
      db
        .updateTable('deals')
        .set((eb) => ({
          stage_id: to.id,
          stage_entered_at: sql<Date>`now()`,
          closed_at: to.kind === 'won' || to.kind === 'lost' ? sql<Date>`now()` : null,
          ...(to.kind === 'lost' ? {} : { loss_reason_id: null, loss_comment: null }),
          version: eb('version', '+', 1),
          updated_at: sql<Date>`now()`,
        }))
        .where('account_id', '=', accountId)
        .where('stage_id', '=', fromStageId)
        .execute(),
  };
}
export type DealsRepository = ReturnType<typeof createDealsRepository>;
