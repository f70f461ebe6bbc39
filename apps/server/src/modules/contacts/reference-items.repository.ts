// Checks a record's reference-list choices (contact type; company type and industry) inside the caller's
// transaction: the item must be a live item of the right list in the account. The database's composite key
// only knows "an item of this account", not which list, nor whether it was archived. An archived item a
// record already has may stay (archived items leave the pickers, not the records).
import type { FieldError, ReferenceListName } from '@voronka/contracts';
import type { Db } from '../../platform/db/index.js';

export interface ReferenceChoice {
  field: string;
  list: ReferenceListName;
  /** The id the request sets (undefined: not sent; null: cleared). */
  id: string | null | undefined;
  /** The record's current item, which may stay even when archived. */
  current?: string | null;
}

export async function referenceItemErrors(
  db: Db,
  accountId: string,
  choices: ReferenceChoice[],
): Promise<FieldError[]> {
  const wanted = choices.filter(
    (c): c is ReferenceChoice & { id: string } => typeof c.id === 'string' && c.id !== c.current,
  );
  if (wanted.length === 0) return [];
  const items = await db
    .selectFrom('reference_list_items')
    .select(['id', 'list', 'archived_at'])
    .where('account_id', '=', accountId)
    .where(
      'id',
      'in',
      wanted.map((c) => c.id),
    )
    .execute();
  const errors: FieldError[] = [];
  for (const choice of wanted) {
    const item = items.find((i) => i.id === choice.id);
    if (!item || item.list !== choice.list)
      errors.push({ field: choice.field, reason: `No such item in the ${choice.list} list` });
    else if (item.archived_at !== null)
      errors.push({ field: choice.field, reason: 'The item is archived; choose a live one' });
  }
  return errors;
}
