import { sql, type Selectable } from 'kysely';
import type { ContactChannelsTable, ContactsTable, Db } from '../../platform/db/index.js';

export type ContactRow = Omit<Selectable<ContactsTable>, 'search'>;
export type ChannelRow = Selectable<ContactChannelsTable>;
export type ContactValues = Pick<
  ContactsTable,
  'first_name' | 'last_name' | 'middle_name' | 'position' | 'address' | 'comment' | 'responsible_user_id'
>;
export interface ChannelValues {
  kind: ChannelRow['kind'];
  type: string;
  value: string;
  normalized: string;
}

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

/** Names and position stemmed in Russian and English, plus every word as written (e-mails included). */
const searchVector = (contactId: string, accountId: string) => sql<string>`(
  SELECT setweight(to_tsvector('russian', d.words), 'A') || setweight(to_tsvector('english', d.words), 'B')
         || to_tsvector('simple', d.words || ' ' || coalesce(d.emails, ''))
  FROM (
    SELECT concat_ws(' ', c.last_name, c.first_name, c.middle_name, c.position) AS words,
           (SELECT string_agg(ch.normalized, ' ') FROM contact_channels ch
             WHERE ch.account_id = c.account_id AND ch.contact_id = c.id AND ch.kind = 'email') AS emails
    FROM contacts c WHERE c.account_id = ${accountId} AND c.id = ${contactId}
  ) d)`;

export function createContactsRepository() {
  return {
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

    replaceChannels: async (
      db: Db,
      accountId: string,
      contactId: string,
      kinds: ChannelRow['kind'][],
      channels: ChannelValues[],
    ) => {
      if (kinds.length === 0) return;
      await db
        .deleteFrom('contact_channels')
        .where('account_id', '=', accountId)
        .where('contact_id', '=', contactId)
        .where('kind', 'in', kinds)
        .execute();
      if (channels.length === 0) return;
      await db
        .insertInto('contact_channels')
        .values(
          channels.map((c, position) => ({ account_id: accountId, contact_id: contactId, position, ...c })),
        )
        .execute();
    },

    channelsOf: (db: Db, accountId: string, contactIds: string[]) =>
      contactIds.length === 0
        ? Promise.resolve([] as ChannelRow[])
        : db
            .selectFrom('contact_channels')
            .selectAll()
            .where('account_id', '=', accountId)
            .where('contact_id', 'in', contactIds)
            .orderBy('position')
            .execute(),

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

    /** A page newest first, after the keyset cursor, with the filters given. */
    page: (
      db: Db,
      accountId: string,
      filter: {
        tsquery?: string | undefined;
        phoneDigits?: string | undefined;
        phoneE164?: string | undefined;
        email?: string | undefined;
        responsibleUserId?: string | undefined;
        after?: { createdAt: string; id: string } | undefined;
        limit: number;
      },
    ) => {
      let query = db.selectFrom('contacts').select(columns).where('account_id', '=', accountId);
      if (filter.responsibleUserId) query = query.where('responsible_user_id', '=', filter.responsibleUserId);
      const withChannel = (kind: ChannelRow['kind'], normalized: string) =>
        query.where((eb) =>
          eb.exists(
            eb
              .selectFrom('contact_channels as ch')
              .select('ch.id')
              .whereRef('ch.account_id', '=', 'contacts.account_id')
              .whereRef('ch.contact_id', '=', 'contacts.id')
              .where('ch.kind', '=', kind)
              .where('ch.normalized', '=', normalized),
          ),
        );
      if (filter.phoneE164) query = withChannel('phone', filter.phoneE164);
      if (filter.email) query = withChannel('email', filter.email);
      if (filter.tsquery || filter.phoneDigits) {
        const tsquery = filter.tsquery;
        const digits = filter.phoneDigits;
        query = query.where((eb) =>
          eb.or([
            ...(tsquery
              ? [
                  sql<boolean>`contacts.search @@ (to_tsquery('russian', ${tsquery}) || to_tsquery('english', ${tsquery}) || to_tsquery('simple', ${tsquery}))`,
                ]
              : []),
            ...(digits
              ? [
                  eb.exists(
                    eb
                      .selectFrom('contact_channels as ch')
                      .select('ch.id')
                      .whereRef('ch.account_id', '=', 'contacts.account_id')
                      .whereRef('ch.contact_id', '=', 'contacts.id')
                      .where('ch.kind', '=', 'phone')
                      .where('ch.normalized', 'like', `%${digits}%`),
                  ),
                ]
              : []),
          ]),
        );
      }
      if (filter.after) {
        const { createdAt, id } = filter.after;
        query = query.where((eb) =>
          eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(new Date(createdAt), id)),
        );
      }
      return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
    },
  };
}
export type ContactsRepository = ReturnType<typeof createContactsRepository>;
