// A refused bulk action names each record it could not change at `body.ids.<n>` (the n-th id sent);
// the list shows those reasons on the rows themselves.

/** Record id → the server's reason, from the field errors of a refused bulk request for `ids`. */
export function rowErrorsOf(
  ids: readonly string[],
  fields: Readonly<Record<string, string>>,
): Map<string, string> {
  const rows = new Map<string, string>();
  for (const [field, reason] of Object.entries(fields)) {
    const match = /^ids\.(\d+)$/.exec(field);
    if (match === null) continue;
    const id = ids[Number(match[1])];
    if (id !== undefined && !rows.has(id)) rows.set(id, reason);
  }
  return rows;
}

/** The field errors that are not about one row (e.g. `stageId`), as "field: reason". */
export function otherErrorsOf(fields: Readonly<Record<string, string>>): string[] {
  return Object.entries(fields)
    .filter(([field]) => !/^ids\.\d+$/.test(field))
    .map(([field, reason]) => `${field}: ${reason}`);
}

/** A row reason about a custom field ("customFields.<id>: required at this stage"), split up. */
export function fieldReasonOf(reason: string): { fieldId: string; reason: string } | null {
  const match = /^customFields\.([0-9a-f-]{36}): (.+)$/i.exec(reason);
  return match === null ? null : { fieldId: match[1] ?? '', reason: match[2] ?? '' };
}
