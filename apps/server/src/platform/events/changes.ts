/** A field's change as events carry it (and the change history shows it): `{ field: { from, to } }`. */
export type Changes = Record<string, { from: unknown; to: unknown }>;

/**
 * The fields of `input` that differ from `before` (undefined in `input` means "not sent": unchanged).
 * Both sides use the API's field names.
 */
export function changesOf<T extends Record<string, unknown>>(before: T, input: Partial<T>): Changes {
  const changes: Changes = {};
  for (const [field, to] of Object.entries(input)) {
    if (to !== undefined && to !== before[field]) changes[field] = { from: before[field] ?? null, to };
  }
  return changes;
}

/** The fields whose values differ between two whole versions of a record (deep, by JSON), minus `ignore`. */
export function diffRecords<T extends object>(
  before: T,
  after: T,
  ignore: readonly (keyof T)[] = [],
): Changes {
  const changes: Changes = {};
  for (const key of Object.keys(after) as (keyof T & string)[]) {
    if (ignore.includes(key)) continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      changes[key] = { from: before[key], to: after[key] };
  }
  return changes;
}
