import { sql, type Expression, type Selectable, type SqlBool } from 'kysely';
import type { Db, KeysetKey, KeysetOrder, LeadsTable, LeadStatusesTable } from '../../platform/db/index.js';
import { keysetPage, keysetValue, searchMatches } from '../../platform/db/index.js';
import { createChannelsRepository } from '../contacts/index.js';

export type LeadRow = Omit<Selectable<LeadsTable>, 'search'> & {
  status_kind: LeadStatusesTable['kind'];
  next_task_at: Date | null;
};
export type LeadValues = Pick<
  LeadsTable,
  | 'name'
  | 'status_id'
  | 'first_name'
  | 'last_name'
  | 'middle_name'
  | 'position'
  | 'company_name'
  | 'address'
  | 'comment'
  | 'amount'
  | 'currency'
  | 'source_id'
  | 'responsible_user_id'
  | 'contact_id'
  | 'company_id'
>;

const columns = [
  'leads.id',
  'leads.account_id',
  'leads.name',
  'leads.status_id',
  'leads.first_name',
  'leads.last_name',
  'leads.middle_name',
  'leads.position',
  'leads.company_name',
  'leads.address',
  'leads.comment',
  'leads.amount',
  'leads.currency',
  'leads.source_id',
  'leads.responsible_user_id',
  'leads.contact_id',
  'leads.company_id',
  'leads.converted_at',
  'leads.converted_deal_id',
  'leads.converted_contact_id',
  'leads.converted_company_id',
  'leads.custom_fields',
  'leads.created_by',
  'leads.version',
  'leads.created_at',
  'leads.updated_at',
] as const;

/** Title, names, position and company stemmed in Russian and English, plus every word as written and e-mails. */
const searchVector = (leadId: string, accountId: string) => sql<string>`(
  SELECT setweight(to_tsvector('russian', d.words), 'A') || setweight(to_tsvector('english', d.words), 'B')
         || to_tsvector('simple', d.words || ' ' || coalesce(d.emails, ''))
  FROM (
    SELECT concat_ws(' ', l.name, l.last_name, l.first_name, l.middle_name, l.position, l.company_name) AS words,
           (SELECT string_agg(ch.normalized, ' ') FROM lead_channels ch
             WHERE ch.account_id = l.account_id AND ch.lead_id = l.id AND ch.kind = 'email') AS emails
    FROM leads l WHERE l.account_id = ${accountId} AND l.id = ${leadId}
  ) d)`;

/** Leads with their status's kind and the deadline of their earliest open task. */
const selectLeads = (db: Db, accountId: string) =>
  db
    .selectFrom('leads')
    .innerJoin('lead_statuses as s', (join) =>
      join.onRef('s.account_id', '=', 'leads.account_id').onRef('s.id', '=', 'leads.status_id'),
    )
    .select(columns)
    .select('s.kind as status_kind')
    .select((eb) =>
      eb
        .selectFrom('tasks as t')
        .select((t) => t.fn.min('t.deadline').as('d'))
        .whereRef('t.account_id', '=', 'leads.account_id')
        .whereRef('t.lead_id', '=', 'leads.id')
        .where('t.completed_at', 'is', null)
        .as('next_task_at'),
    )
    .where('leads.account_id', '=', accountId);

export interface LeadFilter {
  tsquery?: string | undefined;
  phoneDigits?: string | undefined;
  phoneE164?: string | undefined;
  email?: string | undefined;
  statusId?: string | undefined;
  statusKind?: LeadStatusesTable['kind'] | undefined;
  /** Leads of any of these users. */
  responsibleUserIds?: string[] | undefined;
  sourceId?: string | undefined;
  createdFrom?: Date | undefined;
  createdTo?: Date | undefined;
  /** A condition over `leads.id` (the custom-fields filter). */
  condition?: Expression<SqlBool> | undefined;
  order: KeysetOrder;
  after?: KeysetKey | undefined;
  limit: number;
}

export function createLeadsRepository() {
  const channels = createChannelsRepository('lead_channels');
  const find = async (db: Db, accountId: string, id: string) =>
    selectLeads(db, accountId).where('leads.id', '=', id).executeTakeFirst();

  return {
    find,

    /** The id and the built-in sort keys of the list, for the service's sort. */
    refs: {
      id: sql.ref('leads.id'),
      createdAt: sql.ref('leads.created_at'),
      updatedAt: sql.ref('leads.updated_at'),
      name: sql`lower(leads.name)`,
      amount: sql.ref('leads.amount'),
    },

    /** Several leads, whole (a bulk action's before and after). */
    findMany: async (db: Db, accountId: string, ids: string[]) =>
      ids.length === 0 ? [] : selectLeads(db, accountId).where('leads.id', 'in', ids).execute(),

    /** Locks the leads' rows (in id order, so two bulk actions cannot deadlock), then reads them whole. */
    lockMany: async (db: Db, accountId: string, ids: string[]) => {
      const locked = await db
        .selectFrom('leads')
        .select('id')
        .where('account_id', '=', accountId)
        .where('id', 'in', ids)
        .orderBy('id')
        .forUpdate()
        .execute();
      return locked.length === 0
        ? []
        : selectLeads(db, accountId)
            .where(
              'leads.id',
              'in',
              locked.map((r) => r.id),
            )
            .execute();
    },

    /** Sets the same columns on several leads; each one's version steps on. */
    updateMany: (db: Db, accountId: string, ids: string[], values: Partial<LeadValues>) =>
      db
        .updateTable('leads')
        .set((eb) => ({ ...values, version: eb('version', '+', 1), updated_at: new Date() }))
        .where('account_id', '=', accountId)
        .where('id', 'in', ids)
        .execute(),

    deleteMany: (db: Db, accountId: string, ids: string[]) =>
      db.deleteFrom('leads').where('account_id', '=', accountId).where('id', 'in', ids).execute(),

    /** Whether the user is one of the account's (active or not). */
    userExists: async (db: Db, accountId: string, userId: string) =>
      (await db
        .selectFrom('users')
        .select('id')
        .where('account_id', '=', accountId)
        .where('id', '=', userId)
        .executeTakeFirst()) !== undefined,

    /** Locks the lead row for the rest of the transaction, then reads it whole. */
    lock: async (db: Db, accountId: string, id: string) => {
      const locked = await db
        .selectFrom('leads')
        .select('id')
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      return locked ? find(db, accountId, id) : undefined;
    },

    insert: async (db: Db, accountId: string, values: LeadValues & { created_by: string }) =>
      (
        await db
          .insertInto('leads')
          .values({ account_id: accountId, ...values })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,

    update: (db: Db, accountId: string, id: string, values: Partial<LeadValues>) =>
      db
        .updateTable('leads')
        .set((eb) => ({ ...values, version: eb('version', '+', 1), updated_at: new Date() }))
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .execute(),

    setCustomFields: (db: Db, accountId: string, id: string, values: Record<string, unknown>) =>
      db
        .updateTable('leads')
        .set({ custom_fields: JSON.stringify(values) })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .execute(),

    markConverted: (
      db: Db,
      accountId: string,
      id: string,
      values: {
        status_id: string;
        converted_deal_id: string | null;
        converted_contact_id: string | null;
        converted_company_id: string | null;
      },
    ) =>
      db
        .updateTable('leads')
        .set((eb) => ({
          ...values,
          converted_at: new Date(),
          version: eb('version', '+', 1),
          updated_at: new Date(),
        }))
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .execute(),

    refreshSearch: (db: Db, accountId: string, id: string) =>
      db
        .updateTable('leads')
        .set({ search: searchVector(id, accountId) })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .execute(),

    delete: (db: Db, accountId: string, id: string) =>
      db.deleteFrom('leads').where('account_id', '=', accountId).where('id', '=', id).execute(),

    replaceChannels: channels.replaceChannels,
    channelsOf: channels.channelsOf,

    /**
     * The tasks and timeline modules own those tables; until they offer a "move to another record" of their
     * own, conversion moves the lead's open tasks and its timeline here, in its transaction. Returns the ids.
     */
    moveOpenTasks: async (
      db: Db,
      accountId: string,
      leadId: string,
      to: { deal_id: string } | { contact_id: string } | { company_id: string },
    ) =>
      (
        await db
          .updateTable('tasks')
          .set((eb) => ({ ...to, lead_id: null, version: eb('version', '+', 1), updated_at: new Date() }))
          .where('account_id', '=', accountId)
          .where('lead_id', '=', leadId)
          .where('completed_at', 'is', null)
          .returning('id')
          .execute()
      ).map((r) => r.id),

    moveTimeline: async (
      db: Db,
      accountId: string,
      leadId: string,
      to: { deal_id: string } | { contact_id: string } | { company_id: string },
    ) =>
      (
        await db
          .updateTable('timeline_entries')
          .set({ ...to, lead_id: null, updated_at: new Date() })
          .where('account_id', '=', accountId)
          .where('lead_id', '=', leadId)
          .returning('id')
          .execute()
      ).map((r) => r.id),

    /** A page (and one row more) in the keyset order, after the cursor's key, with the filters given. */
    page: async (db: Db, accountId: string, filter: LeadFilter) => {
      let query = selectLeads(db, accountId).select(keysetValue(filter.order).as('keyset_value'));
      if (filter.statusId) query = query.where('leads.status_id', '=', filter.statusId);
      if (filter.statusKind) query = query.where('s.kind', '=', filter.statusKind);
      if (filter.responsibleUserIds?.length)
        query = query.where('leads.responsible_user_id', 'in', filter.responsibleUserIds);
      if (filter.sourceId) query = query.where('leads.source_id', '=', filter.sourceId);
      if (filter.createdFrom) query = query.where('leads.created_at', '>=', filter.createdFrom);
      if (filter.createdTo) query = query.where('leads.created_at', '<', filter.createdTo);
      if (filter.condition) query = query.where(filter.condition);
      if (filter.phoneE164) query = query.where(channels.hasChannel('phone', filter.phoneE164));
      if (filter.email) query = query.where(channels.hasChannel('email', filter.email));
      if (filter.tsquery || filter.phoneDigits) {
        const tsquery = filter.tsquery;
        const digits = filter.phoneDigits;
        query = query.where((eb) =>
          eb.or([
            ...(tsquery ? [searchMatches('leads.search', tsquery)] : []),
            ...(digits ? [channels.hasPhoneDigits(digits)] : []),
          ]),
        );
      }
      return (await keysetPage(query, filter.order, filter.after, filter.limit).execute()) as (LeadRow & {
        keyset_value: string | null;
      })[];
    },
  };
}
export type LeadsRepository = ReturnType<typeof createLeadsRepository>;
