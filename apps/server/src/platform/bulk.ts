// Bulk actions over records (deals, leads): the records asked for are locked and checked one by one, every
// record the action cannot change is reported at `body.ids.<n>` (its place in the request), and the action
// happens to all of them or to none. Records already as asked are left alone; each record changed gets an
// event of its own, built from its state before and after the change.
import type { FieldError } from '@voronka/contracts';
import { invalidFields } from './errors.js';

/** What a bulk endpoint answers: the ids changed, in the order they were asked for. */
export const bulkResult = <A extends string>(action: A, changed: string[]) => ({
  action,
  changed,
  count: changed.length,
});

/**
 * The checks of one bulk action over `ids`, given the `rows` locked for it: an id with no row (missing, or in
 * another account) is refused at once with `No such <what>`.
 */
export function bulkChecks<R extends { id: string }>(
  ids: readonly string[],
  rows: readonly R[],
  what: string,
) {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const errors: FieldError[] = [];
  const refuse = (index: number, reason: string) => {
    errors.push({ field: `body.ids.${index}`, reason });
  };
  ids.forEach((id, i) => {
    if (!byId.has(id)) refuse(i, `No such ${what}`);
  });
  return {
    byId,
    /** Refuses the record at `body.ids.<index>` for `reason`. */
    refuse,
    /** Runs `rule` on every record found, in request order; a reason it returns refuses that record. */
    check(rule: (row: R, index: number) => string | undefined) {
      ids.forEach((id, i) => {
        const row = byId.get(id);
        if (!row) return;
        const reason = rule(row, i);
        if (reason !== undefined) refuse(i, reason);
      });
    },
    /** All or nothing: one 422 naming every record refused so far. */
    throwIfRefused() {
      if (errors.length > 0) throw invalidFields(errors);
    },
    /** The records found, in request order. */
    found: (): R[] => ids.flatMap((id) => byId.get(id) ?? []),
    /** The ids, in request order, whose record is not already as asked. */
    changing(asAsked: (row: R) => boolean): string[] {
      return ids.filter((id) => {
        const row = byId.get(id);
        return row === undefined || !asAsked(row);
      });
    },
  };
}

/**
 * Changes the records `ids` (none already as asked): loads them before, runs `change`, loads them after and
 * records one event per record from the two states, in the order of `ids`. Returns `ids`.
 */
export async function changeEach<S>(
  ids: string[],
  steps: {
    load(ids: string[]): Promise<Map<string, S>>;
    change(before: Map<string, S>): Promise<unknown>;
    record(id: string, was: S, now: S): Promise<unknown>;
  },
): Promise<string[]> {
  if (ids.length === 0) return ids;
  const before = await steps.load(ids);
  await steps.change(before);
  const after = await steps.load(ids);
  for (const id of ids) {
    const was = before.get(id);
    const now = after.get(id);
    if (was && now) await steps.record(id, was, now);
  }
  return ids;
}

/** Deletes the records `rows` (`remove`, one statement or a few) and records one event per record, in order. */
export async function removeEach<R>(
  rows: readonly R[],
  steps: { remove(): Promise<unknown>; record(row: R): Promise<unknown> },
): Promise<void> {
  await steps.remove();
  for (const row of rows) await steps.record(row);
}
