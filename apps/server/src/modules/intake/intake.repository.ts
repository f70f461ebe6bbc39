// Queries of the intake module. Owns intake_forms, intake_requests, intake_settings and intake_sla_policies;
// reads (never writes) stages, users, departments, custom fields, contacts, contact channels, deal contacts
// and deals. One documented cross-table write: linking a request to another deal moves the timeline entries
// of its Unsorted deal there (as merges move references), so nothing the client wrote is lost.
import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { Db, IntakeFormsTable, IntakeRequestsTable } from '../../platform/db/index.js';

export type FormRow = Selectable<IntakeFormsTable>;
export type RequestRow = Selectable<IntakeRequestsTable>;

export interface FormValues {
  name: string;
  pipeline_id: string;
  responsible_user_id: string;
  fields: FormRow['fields'];
  consent_required: boolean;
  consent_text: string;
  thank_you_text: string;
  active: boolean;
}

/** A request as the inbox shows it: with its deal, stage and contact preview. */
export interface RequestView extends RequestRow {
  deal_name: string;
  pipeline_id: string;
  stage_id: string;
  stage_kind: 'unsorted' | 'open' | 'won' | 'lost';
  responsible_user_id: string | null;
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
}

const formValues = (v: FormValues) => ({ ...v, fields: JSON.stringify(v.fields) });

export function createIntakeRepository() {
  const views = (db: Db, accountId: string) =>
    db
      .selectFrom('intake_requests as r')
      .innerJoin('deals as d', (j) =>
        j.onRef('d.account_id', '=', 'r.account_id').onRef('d.id', '=', 'r.deal_id'),
      )
      .innerJoin('stages as s', (j) =>
        j.onRef('s.account_id', '=', 'd.account_id').onRef('s.id', '=', 'd.stage_id'),
      )
      .leftJoin('contacts as c', (j) =>
        j.onRef('c.account_id', '=', 'r.account_id').onRef('c.id', '=', 'r.contact_id'),
      )
      .where('r.account_id', '=', accountId)
      .selectAll('r')
      .select([
        'd.name as deal_name',
        'd.pipeline_id',
        'd.stage_id',
        's.kind as stage_kind',
        'd.responsible_user_id',
        sql<string | null>`nullif(concat_ws(' ', c.last_name, c.first_name, c.middle_name), '')`.as(
          'contact_name',
        ),
        sql<string | null>`(select ch.value from contact_channels ch where ch.account_id = r.account_id
          and ch.contact_id = r.contact_id and ch.kind = 'phone' order by ch.position limit 1)`.as(
          'contact_phone',
        ),
        sql<string | null>`(select ch.value from contact_channels ch where ch.account_id = r.account_id
          and ch.contact_id = r.contact_id and ch.kind = 'email' order by ch.position limit 1)`.as(
          'contact_email',
        ),
      ]);

  return {
    // ---- forms ----
    insertForm: (db: Db, accountId: string, values: FormValues, publicKey: string) =>
      db
        .insertInto('intake_forms')
        .values({ account_id: accountId, public_key: publicKey, ...formValues(values) })
        .returningAll()
        .executeTakeFirstOrThrow(),
    updateForm: (
      db: Db,
      accountId: string,
      id: string,
      { fields, ...values }: Partial<FormValues> & { public_key?: string },
    ) =>
      db
        .updateTable('intake_forms')
        .set({
          ...values,
          ...(fields ? { fields: JSON.stringify(fields) } : {}),
          version: sql`version + 1`,
          updated_at: new Date(),
        })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow(),
    findForm: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('intake_forms')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst(),
    lockForm: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('intake_forms')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst(),
    formByKey: (db: Db, key: string) =>
      db.selectFrom('intake_forms').selectAll().where('public_key', '=', key).executeTakeFirst(),
    listForms: (db: Db, accountId: string) =>
      db
        .selectFrom('intake_forms')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('name')
        .orderBy('id')
        .execute(),
    deleteForm: (db: Db, accountId: string, id: string) =>
      db.deleteFrom('intake_forms').where('account_id', '=', accountId).where('id', '=', id).execute(),
    countSpam: (db: Db, accountId: string, id: string) =>
      db
        .updateTable('intake_forms')
        .set({ spam_count: sql`spam_count + 1` })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .execute(),
    /** Stored requests per form. */
    async submissionCounts(db: Db, accountId: string, formIds: string[]) {
      if (formIds.length === 0) return new Map<string, number>();
      const rows = await db
        .selectFrom('intake_requests')
        .select(['form_id', (eb) => eb.fn.countAll<string>().as('n')])
        .where('account_id', '=', accountId)
        .where('form_id', 'in', formIds)
        .groupBy('form_id')
        .execute();
      return new Map(rows.map((r) => [r.form_id ?? '', Number(r.n)]));
    },

    // ---- what forms and requests refer to (read only) ----
    stagesOf: (db: Db, accountId: string, pipelineId: string) =>
      db
        .selectFrom('stages')
        .select(['id', 'kind', 'pipeline_id'])
        .where('account_id', '=', accountId)
        .where('pipeline_id', '=', pipelineId)
        .orderBy('position')
        .execute(),
    findStage: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('stages')
        .select(['id', 'kind', 'pipeline_id'])
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst(),
    pipelineIds: async (db: Db, accountId: string) =>
      (
        await db
          .selectFrom('pipelines')
          .select('id')
          .where('account_id', '=', accountId)
          .orderBy('id')
          .execute()
      ).map((r) => r.id),
    activeUserExists: async (db: Db, accountId: string, id: string) =>
      Boolean(
        await db
          .selectFrom('users')
          .select('id')
          .where('account_id', '=', accountId)
          .where('id', '=', id)
          .where('active', '=', true)
          .executeTakeFirst(),
      ),
    dealFieldIds: async (db: Db, accountId: string, ids: string[]) =>
      ids.length === 0
        ? new Set<string>()
        : new Set(
            (
              await db
                .selectFrom('custom_fields')
                .select('id')
                .where('account_id', '=', accountId)
                .where('entity', '=', 'deal')
                .where('id', 'in', ids)
                .execute()
            ).map((r) => r.id),
          ),
    /** The head of the user's department (the parent department's head when the user heads their own). */
    async headOf(db: Db, accountId: string, userId: string): Promise<string | null> {
      const user = await db
        .selectFrom('users')
        .select('department_id')
        .where('account_id', '=', accountId)
        .where('id', '=', userId)
        .executeTakeFirst();
      let departmentId = user?.department_id ?? null;
      for (let depth = 0; departmentId && depth < 50; depth++) {
        const department = await db
          .selectFrom('departments')
          .select(['head_user_id', 'parent_id'])
          .where('account_id', '=', accountId)
          .where('id', '=', departmentId)
          .executeTakeFirst();
        if (!department) return null;
        if (department.head_user_id && department.head_user_id !== userId) return department.head_user_id;
        departmentId = department.parent_id;
      }
      return null;
    },

    /** Contacts having the normalized phone or e-mail, oldest first. */
    /**
     * Serializes the submissions of one client (by normalized phone and e-mail) until the transaction ends,
     * so two concurrent first requests cannot both find no contact and create two.
     */
    async lockClient(db: Db, accountId: string, phone: string | null, email: string | null) {
      const keys = [phone, email].filter((k): k is string => k !== null).sort();
      for (const key of keys)
        await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`intake:${accountId}:${key}`}, 0))`.execute(
          db,
        );
    },
    async contactsByChannels(db: Db, accountId: string, phone: string | null, email: string | null) {
      const keys = [phone, email].filter((k): k is string => k !== null);
      if (keys.length === 0) return [];
      const rows = await db
        .selectFrom('contact_channels as ch')
        .innerJoin('contacts as c', (j) =>
          j.onRef('c.account_id', '=', 'ch.account_id').onRef('c.id', '=', 'ch.contact_id'),
        )
        .select(['c.id', 'c.created_at'])
        .distinct()
        .where('ch.account_id', '=', accountId)
        .where('ch.kind', 'in', ['phone', 'email'])
        .where('ch.normalized', 'in', keys)
        .orderBy('c.created_at')
        .orderBy('c.id')
        .execute();
      return rows.map((r) => r.id);
    },
    /** The deals of the contacts, with their stage's kind. */
    dealsOfContacts: (db: Db, accountId: string, contactIds: string[]) =>
      contactIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom('deal_contacts as dc')
            .innerJoin('deals as d', (j) =>
              j.onRef('d.account_id', '=', 'dc.account_id').onRef('d.id', '=', 'dc.deal_id'),
            )
            .innerJoin('stages as s', (j) =>
              j.onRef('s.account_id', '=', 'd.account_id').onRef('s.id', '=', 'd.stage_id'),
            )
            .select(['d.id', 's.kind', 'd.created_at', 'dc.contact_id'])
            .where('dc.account_id', '=', accountId)
            .where('dc.contact_id', 'in', contactIds)
            .execute(),
    dealState: (db: Db, accountId: string, dealId: string) =>
      db
        .selectFrom('deals as d')
        .innerJoin('stages as s', (j) =>
          j.onRef('s.account_id', '=', 'd.account_id').onRef('s.id', '=', 'd.stage_id'),
        )
        .select([
          'd.id',
          'd.pipeline_id',
          'd.stage_id',
          's.kind',
          'd.responsible_user_id',
          'd.company_id',
          'd.version',
        ])
        .where('d.account_id', '=', accountId)
        .where('d.id', '=', dealId)
        .executeTakeFirst(),
    /** Whether the account has the contact or company (an inbox action's choice). */
    recordExists: async (db: Db, accountId: string, table: 'contacts' | 'companies', id: string) =>
      Boolean(
        await db
          .selectFrom(table)
          .select('id')
          .where('account_id', '=', accountId)
          .where('id', '=', id)
          .executeTakeFirst(),
      ),
    companyByName: (db: Db, accountId: string, name: string) =>
      db
        .selectFrom('companies')
        .select('id')
        .where('account_id', '=', accountId)
        .where(sql<boolean>`lower(name) = lower(${name})`)
        .orderBy('created_at')
        .limit(1)
        .executeTakeFirst(),

    // ---- requests ----
    insertRequest: (
      db: Db,
      accountId: string,
      values: Omit<
        RequestRow,
        'id' | 'account_id' | 'created_at' | 'utm' | 'responded_at' | 'responded_by' | 'escalated_at'
      > & {
        utm: Record<string, string | null>;
      },
    ) =>
      db
        .insertInto('intake_requests')
        .values({ ...values, account_id: accountId, utm: JSON.stringify(values.utm) })
        .returning('id')
        .executeTakeFirstOrThrow(),
    view: (db: Db, accountId: string, id: string) =>
      views(db, accountId).where('r.id', '=', id).executeTakeFirst() as Promise<RequestView | undefined>,
    /** Requests whose deal is in an Unsorted stage, oldest first, after the keyset (received_at, id). */
    inboxPage: (
      db: Db,
      accountId: string,
      filter: { pipelineId?: string | undefined; kind?: string | undefined; source?: string | undefined },
      /** The access rights' filter over the deals (`d`) the user may read (ADR 0018). */
      visible: RawBuilder<boolean>,
      after: { at: Date; id: string } | undefined,
      limit: number,
    ) => {
      let q = views(db, accountId)
        .where('s.kind', '=', 'unsorted')
        .where('r.kind', '<>', 'joined')
        .where(visible);
      if (filter.pipelineId) q = q.where('d.pipeline_id', '=', filter.pipelineId);
      if (filter.kind) q = q.where('r.kind', '=', filter.kind as RequestRow['kind']);
      if (filter.source) q = q.where('r.source', '=', filter.source);
      if (after)
        q = q.where((eb) => eb(eb.refTuple('r.received_at', 'r.id'), '>', eb.tuple(after.at, after.id)));
      return q
        .orderBy('r.received_at')
        .orderBy('r.id')
        .limit(limit + 1)
        .execute() as Promise<RequestView[]>;
    },
    requestsOfDeal: (db: Db, accountId: string, dealId: string) =>
      views(db, accountId)
        .where('r.deal_id', '=', dealId)
        .orderBy('r.received_at')
        .orderBy('r.id')
        .execute() as Promise<RequestView[]>,
    /** The first reply stops the timers of the deal's requests (only those received before it). */
    markResponded: (db: Db, accountId: string, dealId: string, at: Date, by: string | null) =>
      db
        .updateTable('intake_requests')
        .set({ responded_at: at, responded_by: by })
        .where('account_id', '=', accountId)
        .where('deal_id', '=', dealId)
        .where('responded_at', 'is', null)
        .where('received_at', '<=', at)
        .execute(),
    /** Linking: the requests and the timeline of the Unsorted deal move to the target deal. */
    async moveToDeal(db: Db, accountId: string, fromDealId: string, toDealId: string) {
      await db
        .updateTable('intake_requests')
        .set({ deal_id: toDealId })
        .where('account_id', '=', accountId)
        .where('deal_id', '=', fromDealId)
        .execute();
      await db
        .updateTable('timeline_entries')
        .set({ deal_id: toDealId })
        .where('account_id', '=', accountId)
        .where('deal_id', '=', fromDealId)
        .execute();
    },
    /** Requests past their deadline with no reply and no escalation yet (any account). */
    overdue: (db: Db, now: Date, limit: number) =>
      db
        .selectFrom('intake_requests')
        .select(['account_id', 'id'])
        .where('responded_at', 'is', null)
        .where('escalated_at', 'is', null)
        .where('sla_due_at', 'is not', null)
        .where('sla_due_at', '<', now)
        .orderBy('sla_due_at')
        .limit(limit)
        .execute(),
    lockRequest: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('intake_requests')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst(),
    setEscalated: (db: Db, accountId: string, id: string, at: Date) =>
      db
        .updateTable('intake_requests')
        .set({ escalated_at: at })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .execute(),
    /** The report's samples: requests with a deadline, received in the period, with their manager. */
    slaSamples: (db: Db, accountId: string, from: Date | undefined, to: Date | undefined) => {
      let q = db
        .selectFrom('intake_requests as r')
        .innerJoin('deals as d', (j) =>
          j.onRef('d.account_id', '=', 'r.account_id').onRef('d.id', '=', 'r.deal_id'),
        )
        .select([
          'r.source',
          'r.received_at',
          'r.sla_due_at',
          'r.responded_at',
          sql<string | null>`coalesce(r.responded_by, d.responsible_user_id)`.as('user_id'),
        ])
        .where('r.account_id', '=', accountId)
        .where('r.sla_due_at', 'is not', null);
      if (from) q = q.where('r.received_at', '>=', from);
      if (to) q = q.where('r.received_at', '<', to);
      return q.execute();
    },

    // ---- settings and SLA policies ----
    settings: (db: Db, accountId: string) =>
      db.selectFrom('intake_settings').selectAll().where('account_id', '=', accountId).executeTakeFirst(),
    saveSettings: (db: Db, accountId: string, repeatDetection: boolean, exceptions: string[]) =>
      db
        .insertInto('intake_settings')
        .values({ account_id: accountId, repeat_detection: repeatDetection, repeat_exceptions: exceptions })
        .onConflict((oc) =>
          oc.column('account_id').doUpdateSet({
            repeat_detection: repeatDetection,
            repeat_exceptions: exceptions,
            updated_at: new Date(),
          }),
        )
        .execute(),
    policies: (db: Db, accountId: string) =>
      db.selectFrom('intake_sla_policies').selectAll().where('account_id', '=', accountId).execute(),
    policy: (db: Db, accountId: string, pipelineId: string) =>
      db
        .selectFrom('intake_sla_policies')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('pipeline_id', '=', pipelineId)
        .executeTakeFirst(),
    savePolicy: (
      db: Db,
      accountId: string,
      pipelineId: string,
      p: { minutes: number; working_hours: boolean; reassign_to_head: boolean },
    ) =>
      db
        .insertInto('intake_sla_policies')
        .values({ account_id: accountId, pipeline_id: pipelineId, ...p })
        .onConflict((oc) =>
          oc.columns(['account_id', 'pipeline_id']).doUpdateSet({ ...p, updated_at: new Date() }),
        )
        .execute(),
  };
}
export type IntakeRepository = ReturnType<typeof createIntakeRepository>;
