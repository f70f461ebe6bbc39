import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { ContactsTable, Db } from '../../platform/db/index.js';
import {
  keysetPage,
  keysetValue,
  searchMatches,
  type KeysetKey,
  type KeysetOrder,
} from '../../platform/db/index.js';
import { createChannelsRepository } from './channels.repository.js';

export type ContactRow = Omit<Selectable<ContactsTable>, 'search'>;
export type ContactValues = Pick<
  ContactsTable,
  | 'first_name'
  | 'last_name'
  | 'middle_name'
  | 'position'
  | 'address'
  | 'comment'
  | 'responsible_user_id'
  | 'type_id'
>;

const columns = [
  'id',
  'account_id',
  'first_name',
  'last_name',
  'middle_name',
  'position',
  'address',
  'comment',
  'responsible_user_id',
  'type_id',
  'custom_fields',
  'version',
  'created_at',
  'updated_at',
] as const;

/** Names and position stemmed in Russian and English, plus every word as written and the e-mails (whole and
 * by their parts, so "petrova" finds anna.petrova@example.ru). */
const searchVector = (contactId: string | RawBuilder<unknown>, accountId: string) => sql<string>`(
  SELECT setweight(to_tsvector('russian', d.words), 'A') || setweight(to_tsvector('english', d.words), 'B')
         || to_tsvector('simple', concat_ws(' ', d.words, d.emails,
                                            regexp_replace(d.emails, '[^[:alnum:]]+', ' ', 'g')))
  FROM (
    SELECT concat_ws(' ', c.last_name, c.first_name, c.middle_name, c.position) AS words,
           -- The owner's channels filtered in the aggregate: with \`ch.kind = 'email'\` in WHERE the planner may
           -- take the lookup index (account, kind, normalized) and read every e-mail of the account per row.
           (SELECT string_agg(ch.normalized, ' ') FILTER (WHERE ch.kind = 'email') FROM contact_channels ch
             WHERE ch.account_id = c.account_id AND ch.contact_id = c.id) AS emails
    FROM contacts c WHERE c.account_id = ${accountId} AND c.id = ${contactId}
  ) d)`;

export function createContactsRepository() {
  const channels = createChannelsRepository('contact_channels');
  return {
    /** New contacts in one statement (a migrated page); rows in the order given. */
    insertMany: (db: Db, accountId: string, values: (ContactValues & { id: string })[]) =>
      db
        .insertInto('contacts')
        .values(values.map((v) => ({ account_id: accountId, ...v })))
        .returning(columns)
        .execute(),

    insert: (db: Db, accountId: string, values: ContactValues) =>
      db
        .insertInto('contacts')
        .values({ account_id: accountId, ...values })
        .returning(columns)
        .executeTakeFirstOrThrow(),

    update: (db: Db, accountId: string, id: string, values: Partial<ContactValues>) =>
      db
        .updateTable('contacts')
        .set((eb) => ({ ...values, version: eb('version', '+', 1), updated_at: new Date() }))
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .returning(columns)
        .executeTakeFirstOrThrow(),

    setCustomFields: (db: Db, accountId: string, id: string, values: Record<string, unknown>) =>
      db
        .updateTable('contacts')
        .set({ custom_fields: JSON.stringify(values) })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .execute(),

    /** Several contacts, locked for the transaction (merges), in no particular order. */
    lockMany: (db: Db, accountId: string, ids: string[]) =>
      ids.length === 0
        ? Promise.resolve([] as ContactRow[])
        : db
            .selectFrom('contacts')
            .select(columns)
            .where('account_id', '=', accountId)
            .where('id', 'in', ids)
            .orderBy('id')
            .forUpdate()
            .execute(),

    findMany: (db: Db, accountId: string, ids: string[]) =>
      ids.length === 0
        ? Promise.resolve([] as ContactRow[])
        : db
            .selectFrom('contacts')
            .select(columns)
            .where('account_id', '=', accountId)
            .where('id', 'in', ids)
            .execute(),

    /** The search vectors of several contacts, in one statement. */
    refreshSearchOf: (db: Db, accountId: string, ids: string[]) =>
      db
        .updateTable('contacts')
        .set({ search: searchVector(sql.ref('contacts.id'), accountId) })
        .where('account_id', '=', accountId)
        .where('id', 'in', ids)
        .execute(),

    /** The custom fields of several contacts, in one statement. */
    setCustomFieldsOf: (db: Db, accountId: string, values: { id: string; customFields: object }[]) =>
      sql`UPDATE contacts SET custom_fields = v.custom_fields
          FROM jsonb_to_recordset(${JSON.stringify(values.map((v) => ({ id: v.id, custom_fields: v.customFields })))}::jsonb)
            AS v(id uuid, custom_fields jsonb)
          WHERE contacts.account_id = ${accountId} AND contacts.id = v.id`.execute(db),

    refreshSearch: (db: Db, accountId: string, id: string) =>
      db
        .updateTable('contacts')
        .set({ search: searchVector(id, accountId) })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .execute(),

    find: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('contacts')
        .select(columns)
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst(),

    lock: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('contacts')
        .select(columns)
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst(),

    delete: (db: Db, accountId: string, id: string) =>
      db.deleteFrom('contacts').where('account_id', '=', accountId).where('id', '=', id).execute(),

    replaceChannels: channels.replaceChannels,
    channelsOf: channels.channelsOf,
    addChannels: channels.addChannels,

    /** Other contacts sharing a phone or e-mail with this one, or its full name, with what they share. */
    duplicatesOf: async (db: Db, accountId: string, id: string, limit: number) => {
      const { rows } = await sql<{ id: string; reason: 'phone' | 'email' | 'name' }>`
        SELECT other.contact_id AS id, other.kind AS reason
        FROM contact_channels mine
        JOIN contact_channels other
          ON other.account_id = mine.account_id AND other.kind = mine.kind
         AND other.normalized = mine.normalized AND other.contact_id <> mine.contact_id
        WHERE mine.account_id = ${accountId} AND mine.contact_id = ${id} AND mine.kind IN ('phone', 'email')
        UNION
        SELECT other.id, 'name'
        FROM contacts mine
        JOIN contacts other
          ON other.account_id = mine.account_id AND other.id <> mine.id
         AND lower(coalesce(other.last_name, '')) = lower(coalesce(mine.last_name, ''))
         AND lower(coalesce(other.first_name, '')) = lower(coalesce(mine.first_name, ''))
        WHERE mine.account_id = ${accountId} AND mine.id = ${id}
          AND mine.last_name IS NOT NULL AND mine.first_name IS NOT NULL
        LIMIT ${limit * 3}`.execute(db);
      return rows;
    },

    /** The id and the built-in sort keys of the list, for the service's sort and filters. */
    refs: {
      id: sql.ref('contacts.id'),
      createdAt: sql.ref('contacts.created_at'),
      updatedAt: sql.ref('contacts.updated_at'),
      name: sql`lower(concat_ws(' ', contacts.last_name, contacts.first_name, contacts.middle_name))`,
    },

    /** A page (and one row more) in the keyset order, after the cursor's key, with the filters given. */
    page: (
      db: Db,
      accountId: string,
      filter: {
        tsquery?: string | undefined;
        phoneDigits?: string | undefined;
        phoneE164?: string | undefined;
        email?: string | undefined;
        /** Records of any of these users. */
        responsibleUserIds?: string[] | undefined;
        typeId?: string | undefined;
        conditions: RawBuilder<boolean>[];
        order: KeysetOrder;
        after?: KeysetKey | undefined;
        limit: number;
      },
    ) => {
      let query = db
        .selectFrom('contacts')
        .select(columns)
        .select(keysetValue(filter.order).as('keyset_value'))
        .where('account_id', '=', accountId);
      if (filter.responsibleUserIds?.length)
        query = query.where('responsible_user_id', 'in', filter.responsibleUserIds);
      if (filter.typeId) query = query.where('type_id', '=', filter.typeId);
      if (filter.phoneE164) query = query.where(channels.hasChannel('phone', filter.phoneE164));
      if (filter.email) query = query.where(channels.hasChannel('email', filter.email));
      if (filter.tsquery || filter.phoneDigits) {
        const tsquery = filter.tsquery;
        const digits = filter.phoneDigits;
        query = query.where((eb) =>
          eb.or([
            ...(tsquery ? [searchMatches('contacts.search', tsquery)] : []),
            ...(digits ? [channels.hasPhoneDigits(digits)] : []),
          ]),
        );
      }
      for (const condition of filter.conditions) query = query.where(condition);
      return keysetPage(query, filter.order, filter.after, filter.limit).execute();
    },
  };
}
export type ContactsRepository = ReturnType<typeof createContactsRepository>;
