// Channel persistence, one implementation for the three same-shaped tables: contact_channels,
// company_channels and lead_channels (each keyed by its owner: contact_id / company_id / lead_id).
import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { ContactChannelsTable, Db } from '../../platform/db/index.js';
import type { ChannelKind, ChannelValues } from './channels.js';

/** Each channel table with its owner column and the owners' table. */
const channelTables = {
  contact_channels: { owner: 'contact_id', records: 'contacts' },
  company_channels: { owner: 'company_id', records: 'companies' },
  lead_channels: { owner: 'lead_id', records: 'leads' },
} as const;
export type ChannelTable = keyof typeof channelTables;

/** A stored channel, its owner's id as `owner_id` whatever the table calls it. */
export type ChannelRow = Omit<Selectable<ContactChannelsTable>, 'contact_id'> & { owner_id: string };

export function createChannelsRepository(table: ChannelTable) {
  const { owner, records } = channelTables[table];

  /** SQL: the record of the list's main table (`contacts`, `companies`, `leads`) has a channel of this kind
   * that meets the condition (over `ch.normalized`). */
  const exists = (kind: ChannelKind, condition: RawBuilder<boolean>) => sql<boolean>`EXISTS (
    SELECT 1 FROM ${sql.table(table)} ch
    WHERE ch.account_id = ${sql.ref(`${records}.account_id`)} AND ${sql.ref(`ch.${owner}`)} = ${sql.ref(`${records}.id`)}
      AND ch.kind = ${kind} AND ${condition})`;

  return {
    /** Replaces the owner's channels of these kinds (the lists a body gives) with `channels`, in order. */
    replaceChannels: async (
      db: Db,
      accountId: string,
      ownerId: string,
      kinds: ChannelKind[],
      channels: ChannelValues[],
    ) => {
      if (kinds.length === 0) return;
      await db
        .deleteFrom(table)
        .where('account_id', '=', accountId)
        .where(owner, '=', ownerId)
        .where('kind', 'in', kinds)
        .execute();
      if (channels.length === 0) return;
      await db
        .insertInto(table)
        .values(channels.map((c, position) => ({ account_id: accountId, [owner]: ownerId, position, ...c })))
        .execute();
    },

    /** The channels of new owners (nothing to replace), each owner's in order, in one statement. */
    addChannels: async (
      db: Db,
      accountId: string,
      owners: { ownerId: string; channels: ChannelValues[] }[],
    ) => {
      const rows = owners.flatMap(({ ownerId, channels }) =>
        channels.map((c, position) => ({ account_id: accountId, [owner]: ownerId, position, ...c })),
      );
      if (rows.length === 0) return;
      await db.insertInto(table).values(rows).execute();
    },

    /** The channels of these owners, in their stored order. */
    channelsOf: (db: Db, accountId: string, ownerIds: string[]): Promise<ChannelRow[]> =>
      ownerIds.length === 0
        ? Promise.resolve([])
        : db
            .selectFrom(table)
            .select([
              'id',
              'account_id',
              'kind',
              'type',
              'value',
              'normalized',
              'position',
              'created_at',
              'updated_at',
            ])
            .select(sql.ref<string>(owner).as('owner_id'))
            .where('account_id', '=', accountId)
            .where(owner, 'in', ownerIds)
            .orderBy('position')
            .execute(),

    /** SQL: the listed record has a channel of this kind with this normalized value. */
    hasChannel: (kind: ChannelKind, normalized: string) =>
      exists(kind, sql<boolean>`ch.normalized = ${normalized}`),

    /** SQL: the listed record has a phone containing these digits. */
    hasPhoneDigits: (digits: string) => exists('phone', sql<boolean>`ch.normalized LIKE ${`%${digits}%`}`),
  };
}
