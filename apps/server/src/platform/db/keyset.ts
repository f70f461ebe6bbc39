// Keyset pagination over (sort expression, id): the one way lists page by any sort without skipping or
// repeating rows. The order is `value <direction> NULLS LAST, id <direction>`; the cursor carries the last
// row's value as PostgreSQL prints it (`value::text`, so timestamps keep their microseconds and decimals
// their digits) and its id, plus the order's tag so a cursor of another order is refused.
//
//  - a value that is never null (`notNull`) pages with one row-value comparison `(value, id) < ($v, $id)`,
//    which a B-tree index on (value, id) serves directly: no sort of the whole set;
//  - a nullable value pages through "greater, or equal with a greater id, or null" while it is not null,
//    then through the nulls by id.
import { sql, type Expression, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import { AppError } from '../errors.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';

type SqlExpression = Expression<unknown> | RawBuilder<unknown>;

export interface KeysetOrder {
  /** Names the order in cursors (e.g. `amount:desc`): a cursor made under another order is refused. */
  tag: string;
  /** The sort expression: a column, or any scalar SQL (a subselect for custom fields). */
  value: SqlExpression;
  /** The row's unique id, the tiebreaker. */
  id: SqlExpression;
  direction: 'asc' | 'desc';
  /** The value is never null (a NOT NULL column): one row-value comparison, index-friendly. */
  notNull?: boolean;
  /** Accepts a cursor's value before it reaches SQL (see `keysetValueChecks`); default: anything. */
  check?: (value: string) => boolean;
}

/** The sort key of a row: its value as text (null stays null) and its id. */
export interface KeysetKey {
  value: string | null;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks of cursor values as PostgreSQL prints each type. */
export const keysetValueChecks = {
  text: () => true,
  numeric: (v: string) => /^-?\d{1,40}(\.\d{1,20})?$/.test(v),
  date: (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v),
  timestamp: (v: string) =>
    /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:?\d{2}){0,2}|Z)?$/.test(v),
  boolean: (v: string) => v === 'true' || v === 'false',
} as const;

/** The column to select (`.select(keysetValue(order).as('keyset_value'))`) so the cursor can be made. */
export const keysetValue = (order: KeysetOrder) => sql<string | null>`(${order.value})::text`;

/** The condition "comes after `after` in this order". */
export function keysetAfter(order: KeysetOrder, after: KeysetKey): RawBuilder<boolean> {
  const cmp = sql.raw(order.direction === 'asc' ? '>' : '<');
  const { value, id } = order;
  if (order.notNull) {
    if (after.value === null) return sql<boolean>`false`;
    return sql<boolean>`((${value}, ${id}) ${cmp} (${after.value}, ${after.id}))`;
  }
  if (after.value === null) return sql<boolean>`(${value} IS NULL AND ${id} ${cmp} ${after.id})`;
  return sql<boolean>`(${value} ${cmp} ${after.value} OR (${value} = ${after.value} AND ${id} ${cmp} ${after.id}) OR ${value} IS NULL)`;
}

/**
 * Orders the query, starts it after the cursor's key and fetches `limit + 1` rows (the extra one says whether
 * there is a next page). Select `keysetValue(order).as('keyset_value')` and the id to make the next cursor.
 */
export function keysetPage<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  order: KeysetOrder,
  after: KeysetKey | undefined,
  limit: number,
): SelectQueryBuilder<DB, TB, O> {
  let q = query;
  if (after) q = q.where(keysetAfter(order, after));
  const dir = order.direction;
  // NULLS LAST only where nulls can be: `DESC NULLS LAST` would not match a plain DESC index.
  q = order.notNull
    ? q.orderBy(order.value, dir)
    : q.orderBy(order.value, (ob) => (dir === 'asc' ? ob.asc() : ob.desc()).nullsLast());
  return q.orderBy(order.id, dir).limit(limit + 1);
}

export const encodeKeyset = (order: KeysetOrder, key: KeysetKey) =>
  encodeCursor([order.tag, key.value === null ? '0' : '1', key.value ?? '', key.id]);

/** The key a cursor carries, or a 400 at `querystring.cursor` when it is not a cursor of this order. */
export const decodeKeyset = (order: KeysetOrder, cursor: string): KeysetKey => {
  const [, present = '', value = '', id = ''] = decodeCursor(
    cursor,
    4,
    ([tag, flag, v = '', key = '']) =>
      tag === order.tag &&
      (flag === '0' ? v === '' : flag === '1' && (order.check ?? keysetValueChecks.text)(v)) &&
      UUID.test(key),
  );
  return { value: present === '1' ? value : null, id };
};

/**
 * The page (the first `limit` rows) and the cursor after its last row, or null when no row follows. Rows
 * carry `keyset_value` (see `keysetValue`); `idOf` reads a row's id.
 */
export function keysetResult<R extends { keyset_value: string | null }>(
  order: KeysetOrder,
  rows: R[],
  limit: number,
  idOf: (row: R) => string,
): { page: R[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    page,
    nextCursor:
      rows.length > limit && last ? encodeKeyset(order, { value: last.keyset_value, id: idOf(last) }) : null,
  };
}

/**
 * For `.catch()` on a page query: a cursor value the database cannot read (a custom field that changed type
 * between pages, say) is the client's stale cursor, a 400 — not a 500.
 */
export const onBadCursorValue = (error: unknown): never => {
  const code =
    typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
      ? error.code
      : '';
  if (code.startsWith('22')) {
    throw new AppError(400, 'validation_failed', 'querystring.cursor: is not a cursor from this list', {
      errors: [{ field: 'querystring.cursor', reason: 'is not a cursor from this list' }],
    });
  }
  throw error;
};
