// The order of the contact and company lists (`sort`, `order`): the creation or last change time, the name,
// or a custom field's value (through the custom-fields module), paged by the platform's keyset cursors.
// Empty values go last in either direction.
import type { RawBuilder } from 'kysely';
import { keysetValueChecks, type KeysetOrder } from '../../platform/db/index.js';

export interface OrderRefs {
  id: RawBuilder<unknown>;
  createdAt: RawBuilder<unknown>;
  updatedAt: RawBuilder<unknown>;
  name: RawBuilder<unknown>;
}

/** The keyset order of a list query; `customField` gives a custom field's sort expression (or a 422). */
export async function listOrder(
  query: { sort: string; order?: 'asc' | 'desc' | undefined },
  refs: OrderRefs,
  customField: (fieldId: string) => Promise<RawBuilder<unknown>>,
): Promise<KeysetOrder> {
  const { sort } = query;
  const dates = sort === 'createdAt' || sort === 'updatedAt';
  const direction = query.order ?? (dates ? 'desc' : 'asc');
  const tag = `${sort}:${direction}`;
  if (sort.startsWith('cf:')) {
    return { tag, value: await customField(sort.slice(3)), id: refs.id, direction };
  }
  const value = refs[sort as 'createdAt' | 'updatedAt' | 'name'];
  return {
    tag,
    value,
    id: refs.id,
    direction,
    notNull: true,
    ...(dates ? { check: keysetValueChecks.timestamp } : {}),
  };
}
