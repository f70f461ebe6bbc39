// What a merge dialog asks: for each field where the records being merged hold different values, which
// record's value the kept record takes. The default is the server's: the kept record's own value, an empty
// one filled from the first other record that has it. Channels, links and multiple custom fields are
// united by the server and not asked. Pure, so it is unit-tested.
import type { CustomField } from '@voronka/contracts';

export type MergeEntity = 'contact' | 'company';

/** The records' own fields a merge may take from any of them (the API's names). */
export const MERGE_FIELDS: Record<MergeEntity, readonly string[]> = {
  contact: [
    'lastName',
    'firstName',
    'middleName',
    'position',
    'typeId',
    'responsibleUserId',
    'address',
    'comment',
  ],
  company: ['name', 'inn', 'typeId', 'industryId', 'responsibleUserId', 'address', 'comment'],
};

export interface MergeRecord {
  id: string;
  customFields: Record<string, unknown>;
  [field: string]: unknown;
}

export interface MergeChoiceRow {
  /** A record field or a custom field id. */
  field: string;
  custom: CustomField | null;
  /** Each record's value, in the order of the records. */
  values: { recordId: string; value: unknown }[];
  /** The record whose value is kept unless the user picks another. */
  defaultId: string;
}

const isEmpty = (value: unknown) =>
  value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function row(field: string, custom: CustomField | null, targetId: string, values: MergeChoiceRow['values']) {
  const filled = values.filter((entry) => !isEmpty(entry.value));
  // Nothing to choose: all empty, or every filled value the same.
  if (filled.length === 0 || filled.every((entry) => same(entry.value, filled[0]?.value))) return null;
  const target = values.find((entry) => entry.recordId === targetId);
  const defaultId =
    target !== undefined && !isEmpty(target.value) ? targetId : (filled[0]?.recordId ?? targetId);
  return { field, custom, values, defaultId };
}

/** The rows to choose from, the kept record (`targetId`) first among `records`. */
export function mergeChoices(
  entity: MergeEntity,
  records: readonly MergeRecord[],
  targetId: string,
  customFields: readonly CustomField[],
): MergeChoiceRow[] {
  const ordered = [
    ...records.filter((record) => record.id === targetId),
    ...records.filter((record) => record.id !== targetId),
  ];
  const rows: MergeChoiceRow[] = [];
  for (const field of MERGE_FIELDS[entity]) {
    const result = row(
      field,
      null,
      targetId,
      ordered.map((record) => ({ recordId: record.id, value: record[field] })),
    );
    if (result !== null) rows.push(result);
  }
  for (const custom of customFields) {
    if (custom.multiple) continue;
    const result = row(
      custom.id,
      custom,
      targetId,
      ordered.map((record) => ({ recordId: record.id, value: record.customFields[custom.id] })),
    );
    if (result !== null) rows.push(result);
  }
  return rows;
}

/** The merge body: the kept record, the others, and the choices that differ from the defaults. */
export function mergeBody(
  records: readonly { id: string }[],
  targetId: string,
  rows: readonly MergeChoiceRow[],
  chosen: Readonly<Record<string, string>>,
): { targetId: string; sourceIds: string[]; values: Record<string, string> } {
  const values: Record<string, string> = {};
  for (const choice of rows) {
    const pick = chosen[choice.field];
    if (pick !== undefined && pick !== choice.defaultId) values[choice.field] = pick;
  }
  return {
    targetId,
    sourceIds: records.filter((record) => record.id !== targetId).map((record) => record.id),
    values,
  };
}
