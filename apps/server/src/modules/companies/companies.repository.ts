import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { CompaniesTable, Db } from '../../platform/db/index.js';
import {
  keysetPage,
  keysetValue,
  searchMatches,
  type KeysetKey,
  type KeysetOrder,
} from '../../platform/db/index.js';
import { createChannelsRepository } from '../contacts/index.js';

export type CompanyRow = Omit<Selectable<CompaniesTable>, 'search'>;
export type CompanyValues = Pick<
  CompaniesTable,
  'name' | 'inn' | 'type_id' | 'industry_id' | 'address' | 'comment' | 'responsible_user_id'
>;

const columns = [
  'id',
  'account_id',
  'name',
  'inn',
  'type_id',
  'industry_id',
  'address',
  'comment',
  'responsible_user_id',
  'custom_fields',
  'version',
  'created_at',
  'updated_at',
] as const;

/** The name stemmed in Russian and English, plus every word as written, the INN and the e-mails (whole and
 * by their parts, so "green" finds hello@green.com). */
const searchVector = (companyId: string | RawBuilder<unknown>, accountId: string) => sql<string>`(
  SELECT setweight(to_tsvector('russian', d.words), 'A') || setweight(to_tsvector('english', d.words), 'B')
         || to_tsvector('simple', concat_ws(' ', d.words, d.inn, d.emails,
                                            regexp_replace(d.emails, '[^[:alnum:]]+', ' ', 'g')))
  FROM (
    SELECT c.name AS words, c.inn,
           -- The owner's channels filtered in the aggregate: with \`ch.kind = 'email'\` in WHERE the planner may
           -- take the lookup index (account, kind, normalized) and read every e-mail of the account per row.
           (SELECT string_agg(ch.normalized, ' ') FILTER (WHERE ch.kind = 'email') FROM company_channels ch
             WHERE ch.account_id = c.account_id AND ch.company_id = c.id) AS emails
    FROM companies c WHERE c.account_id = ${accountId} AND c.id = ${companyId}
  ) d)`;

export function createCompaniesRepository() {
  const channels = createChannelsRepository('company_channels');
  return {
    /** New companies in one statement (a migrated page); rows in the order given. */
    insertMany: (db: Db, accountId: string, values: (CompanyValues & { id: string })[]) =>
      db
        .insertInto('companies')
        .values(values.map((v) => ({ account_id: accountId, ...v })))
        .returning(columns)
        .execute(),

    insert: (db: Db, accountId: string, values: CompanyValues) =>
      db
        .insertInto('companies')
        .values({ account_id: accountId, ...values })
        .returning(columns)
        .executeTakeFirstOrThrow(),

    update: (db: Db, accountId: string, id: string, values: Partial<CompanyValues>) =>
      db
        .updateTable('companies')
        .set((eb) => ({ ...values, version: eb('version', '+', 1), updated_at: new Date() }))
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .returning(columns)
        .executeTakeFirstOrThrow(),

    setCustomFields: (db: Db, accountId: string, id: string, values: Record<string, unknown>) =>
      db
        .updateTable('companies')
        .set({ custom_fields: JSON.stringify(values) })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .execute(),

    /** The search vectors of several companies, in one statement. */
    refreshSearchOf: (db: Db, accountId: string, ids: string[]) =>
      db
        .updateTable('companies')
        .set({ search: searchVector(sql.ref('companies.id'), accountId) })
        .where('account_id', '=', accountId)
        .where('id', 'in', ids)
        .execute(),

    /** The custom fields of several companies, in one statement. */
    setCustomFieldsOf: (db: Db, accountId: string, values: { id: string; customFields: object }[]) =>
      sql`UPDATE companies SET custom_fields = v.custom_fields
          FROM jsonb_to_recordset(${JSON.stringify(values.map((v) => ({ id: v.id, custom_fields: v.customFields })))}::jsonb)
            AS v(id uuid, custom_fields jsonb)
          WHERE companies.account_id = ${accountId} AND companies.id = v.id`.execute(db),

    refreshSearch: (db: Db, accountId: string, id: string) =>
      db
        .updateTable('companies')
        .set({ search: searchVector(id, accountId) })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .execute(),

    find: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('companies')
        .select(columns)
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst(),

    findMany: (db: Db, accountId: string, ids: string[]) =>
      ids.length === 0
        ? Promise.resolve([] as CompanyRow[])
        : db
            .selectFrom('companies')
            .select(columns)
            .where('account_id', '=', accountId)
            .where('id', 'in', ids)
            .execute(),

    lock: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('companies')
        .select(columns)
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst(),

    lockMany: (db: Db, accountId: string, ids: string[]) =>
      ids.length === 0
        ? Promise.resolve([] as CompanyRow[])
        : db
            .selectFrom('companies')
            .select(columns)
            .where('account_id', '=', accountId)
            .where('id', 'in', ids)
            .orderBy('id')
            .forUpdate()
            .execute(),

    delete: (db: Db, accountId: string, id: string) =>
      db.deleteFrom('companies').where('account_id', '=', accountId).where('id', '=', id).execute(),

    replaceChannels: channels.replaceChannels,
    channelsOf: channels.channelsOf,
    addChannels: channels.addChannels,

    // ---- links to contacts (contact_companies) -----------------------------------------------------------

    /** Link rows of these contacts or of these companies, oldest first. */
    linksOf: (db: Db, accountId: string, by: { contactIds?: string[]; companyIds?: string[] }) => {
      const contactIds = by.contactIds ?? [];
      const companyIds = by.companyIds ?? [];
      if (contactIds.length === 0 && companyIds.length === 0)
        return Promise.resolve([] as { contact_id: string; company_id: string }[]);
      return db
        .selectFrom('contact_companies')
        .select(['contact_id', 'company_id'])
        .where('account_id', '=', accountId)
        .where((eb) =>
          eb.or([
            ...(contactIds.length > 0 ? [eb('contact_id', 'in', contactIds)] : []),
            ...(companyIds.length > 0 ? [eb('company_id', 'in', companyIds)] : []),
          ]),
        )
        .orderBy('created_at')
        .orderBy('contact_id')
        .orderBy('company_id')
        .execute();
    },

    addLinks: async (db: Db, accountId: string, pairs: { contactId: string; companyId: string }[]) => {
      if (pairs.length === 0) return;
      await db
        .insertInto('contact_companies')
        .values(
          pairs.map((p) => ({ account_id: accountId, contact_id: p.contactId, company_id: p.companyId })),
        )
        .onConflict((oc) => oc.doNothing())
        .execute();
    },

    removeLinks: async (db: Db, accountId: string, pairs: { contactId: string; companyId: string }[]) => {
      for (const p of pairs) {
        await db
          .deleteFrom('contact_companies')
          .where('account_id', '=', accountId)
          .where('contact_id', '=', p.contactId)
          .where('company_id', '=', p.companyId)
          .execute();
      }
    },

    /** Which of these ids are companies (or contacts) of the account. */
    existing: async (db: Db, accountId: string, table: 'companies' | 'contacts', ids: string[]) => {
      if (ids.length === 0) return new Set<string>();
      const rows = await db
        .selectFrom(table)
        .select('id')
        .where('account_id', '=', accountId)
        .where('id', 'in', ids)
        .execute();
      return new Set(rows.map((r) => r.id));
    },

    namesOf: async (db: Db, accountId: string, ids: string[]) => {
      const rows = await (ids.length === 0
        ? Promise.resolve([] as { id: string; name: string }[])
        : db
            .selectFrom('companies')
            .select(['id', 'name'])
            .where('account_id', '=', accountId)
            .where('id', 'in', ids)
            .execute());
      return new Map(rows.map((r) => [r.id, r.name]));
    },

    contactNamesOf: async (db: Db, accountId: string, ids: string[]) => {
      const rows = await (ids.length === 0
        ? Promise.resolve([] as { id: string; name: string }[])
        : db
            .selectFrom('contacts')
            .select(['id', sql<string>`concat_ws(' ', last_name, first_name, middle_name)`.as('name')])
            .where('account_id', '=', accountId)
            .where('id', 'in', ids)
            .execute());
      return new Map(rows.map((r) => [r.id, r.name]));
    },

    /** SQL: a record (by its id expression) linked to this contact / company. */
    linkedToContact: (accountId: string, contactId: string, companyId: RawBuilder<unknown>) =>
      sql<boolean>`EXISTS (SELECT 1 FROM contact_companies l
        WHERE l.account_id = ${accountId} AND l.contact_id = ${contactId} AND l.company_id = ${companyId})`,
    linkedToCompany: (accountId: string, companyId: string, contactId: RawBuilder<unknown>) =>
      sql<boolean>`EXISTS (SELECT 1 FROM contact_companies l
        WHERE l.account_id = ${accountId} AND l.company_id = ${companyId} AND l.contact_id = ${contactId})`,

    // ---- lists and duplicates ----------------------------------------------------------------------------

    refs: {
      id: sql.ref('companies.id'),
      createdAt: sql.ref('companies.created_at'),
      updatedAt: sql.ref('companies.updated_at'),
      name: sql`lower(companies.name)`,
    },

    /** Other companies sharing a phone, e-mail or INN with this one, or its name (any case). */
    duplicatesOf: async (db: Db, accountId: string, id: string, limit: number) => {
      const { rows } = await sql<{ id: string; reason: 'phone' | 'email' | 'inn' | 'name' }>`
        SELECT other.company_id AS id, other.kind AS reason
        FROM company_channels mine
        JOIN company_channels other
          ON other.account_id = mine.account_id AND other.kind = mine.kind
         AND other.normalized = mine.normalized AND other.company_id <> mine.company_id
        WHERE mine.account_id = ${accountId} AND mine.company_id = ${id} AND mine.kind IN ('phone', 'email')
        UNION
        SELECT other.id, 'inn'
        FROM companies mine
        JOIN companies other ON other.account_id = mine.account_id AND other.id <> mine.id AND other.inn = mine.inn
        WHERE mine.account_id = ${accountId} AND mine.id = ${id} AND mine.inn IS NOT NULL
        UNION
        SELECT other.id, 'name'
        FROM companies mine
        JOIN companies other
          ON other.account_id = mine.account_id AND other.id <> mine.id AND lower(other.name) = lower(mine.name)
        WHERE mine.account_id = ${accountId} AND mine.id = ${id}
        LIMIT ${limit * 4}`.execute(db);
      return rows;
    },

    page: (
      db: Db,
      accountId: string,
      filter: {
        tsquery?: string | undefined;
        phoneDigits?: string | undefined;
        phoneE164?: string | undefined;
        email?: string | undefined;
        inn?: string | undefined;
        /** Records of any of these users. */
        responsibleUserIds?: string[] | undefined;
        typeId?: string | undefined;
        industryId?: string | undefined;
        conditions: RawBuilder<boolean>[];
        order: KeysetOrder;
        after?: KeysetKey | undefined;
        limit: number;
      },
    ) => {
      let query = db
        .selectFrom('companies')
        .select(columns)
        .select(keysetValue(filter.order).as('keyset_value'))
        .where('account_id', '=', accountId);
      if (filter.responsibleUserIds?.length)
        query = query.where('responsible_user_id', 'in', filter.responsibleUserIds);
      if (filter.typeId) query = query.where('type_id', '=', filter.typeId);
      if (filter.industryId) query = query.where('industry_id', '=', filter.industryId);
      if (filter.inn) query = query.where('inn', '=', filter.inn);
      if (filter.phoneE164) query = query.where(channels.hasChannel('phone', filter.phoneE164));
      if (filter.email) query = query.where(channels.hasChannel('email', filter.email));
      const words: RawBuilder<boolean>[] = [];
      if (filter.tsquery) words.push(searchMatches('companies.search', filter.tsquery));
      if (filter.phoneDigits) {
        words.push(
          channels.hasPhoneDigits(filter.phoneDigits),
          // An INN typed in part is digits too.
          sql<boolean>`companies.inn LIKE ${`${filter.phoneDigits}%`}`,
        );
      }
      if (words.length > 0) query = query.where(sql<boolean>`(${sql.join(words, sql` OR `)})`);
      for (const condition of filter.conditions) query = query.where(condition);
      return keysetPage(query, filter.order, filter.after, filter.limit).execute();
    },
  };
}
export type CompaniesRepository = ReturnType<typeof createCompaniesRepository>;
