// Write steps that records with channels and custom fields (contacts, companies, leads) share: storing the
// channel lists a body gives, and storing the record's custom fields. Inside the caller's transaction.
import type { Db } from '../../platform/db/index.js';
import type { Actor } from '../../platform/http/index.js';
import type { RecordFieldValues, WriteValuesArgs } from '../custom-fields/index.js';
import type { ChannelKind, ChannelValues } from './channels.js';

/** What these steps need of a record's repository. */
export interface RecordStore {
  replaceChannels(
    db: Db,
    accountId: string,
    id: string,
    kinds: ChannelKind[],
    channels: ChannelValues[],
  ): Promise<void>;
  refreshSearch(db: Db, accountId: string, id: string): Promise<unknown>;
  setCustomFields(db: Db, accountId: string, id: string, values: Record<string, unknown>): Promise<unknown>;
}

/** Replaces the channel lists the body gave (`parseChannels`) and refreshes the record's search vector,
 * which holds its e-mails. */
export async function storeChannels(
  trx: Db,
  store: RecordStore,
  accountId: string,
  id: string,
  parsed: { kinds: ChannelKind[]; channels: ChannelValues[] },
) {
  await store.replaceChannels(trx, accountId, id, parsed.kinds, parsed.channels);
  await store.refreshSearch(trx, accountId, id);
}

/** Checks the body's custom fields against the record's stored ones (`stored: null` on create: defaults
 * apply) and stores the canonical map in the record. */
export async function storeCustomFields(
  trx: Db,
  actor: Actor,
  fieldValues: RecordFieldValues,
  store: RecordStore,
  args: WriteValuesArgs,
) {
  const stored = await fieldValues.write(trx, actor, args);
  await store.setCustomFields(trx, actor.accountId, args.recordId, stored);
}
