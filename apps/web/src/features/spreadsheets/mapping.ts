// Pure rules of the import wizard: the choices of a column's target (standard fields, the entity's custom
// fields that a cell can hold, or nothing), which ones another column already fills, the server's field errors
// by column, the preview's errors by cell, and the import's progress. Unit-tested.
import {
  SPREADSHEET_CUSTOM_FIELD_TYPES,
  SPREADSHEET_DUPLICATE_KEYS,
  SPREADSHEET_FIELDS,
  SPREADSHEET_MULTI_COLUMN_FIELDS,
  type ColumnTarget,
  type CustomField,
  type DuplicateKey,
  type SpreadsheetEntity,
  type SpreadsheetField,
  type SpreadsheetImport,
  type SpreadsheetImportStatus,
  type SpreadsheetPreview,
} from '@voronka/contracts';

/** A target as a Select value: `field:phone`, `cf:<id>`, or `none`. */
export type TargetValue = string;
export const NONE = 'none';

export function targetValue(target: ColumnTarget): TargetValue {
  if (target === null) return NONE;
  return 'field' in target ? `field:${target.field}` : `cf:${target.customFieldId}`;
}

export function targetOf(value: TargetValue | null): ColumnTarget {
  if (value === null || value === NONE) return null;
  if (value.startsWith('field:')) return { field: value.slice('field:'.length) as SpreadsheetField };
  if (value.startsWith('cf:')) return { customFieldId: value.slice('cf:'.length) };
  return null;
}

/** The custom-field entity (`contact`) of a spreadsheet entity (`contacts`). */
export const CUSTOM_FIELD_ENTITY = {
  contacts: 'contact',
  companies: 'company',
  deals: 'deal',
  leads: 'lead',
} as const satisfies Record<SpreadsheetEntity, string>;

/** The entity's custom fields a column can fill. */
export const importableFields = (fields: readonly CustomField[]): CustomField[] =>
  fields.filter((field) => SPREADSHEET_CUSTOM_FIELD_TYPES.includes(field.type));

export const duplicateKeysOf = (entity: SpreadsheetEntity): readonly DuplicateKey[] =>
  SPREADSHEET_DUPLICATE_KEYS[entity];

export interface TargetOption {
  value: TargetValue;
  /** A standard field (its label is translated by the caller) or a custom field's own name. */
  field?: SpreadsheetField;
  name?: string;
  /** Another column already fills it, and it takes one column only. */
  disabled: boolean;
}

/** The choices of column `column`: standard fields, then custom fields; ones other columns took, disabled. */
export function targetOptions(
  entity: SpreadsheetEntity,
  fields: readonly CustomField[],
  mapping: readonly ColumnTarget[],
  column: number,
): { standard: TargetOption[]; custom: TargetOption[] } {
  const takenElsewhere = new Set(
    mapping
      .map((target, index) => (index === column ? NONE : targetValue(target)))
      .filter((value) => value !== NONE),
  );
  const multi = new Set<string>(SPREADSHEET_MULTI_COLUMN_FIELDS);
  const taken = (value: string, field?: string) =>
    takenElsewhere.has(value) && !(field !== undefined && multi.has(field));
  return {
    standard: SPREADSHEET_FIELDS[entity].map((field) => {
      const value = `field:${field}`;
      return { value, field, disabled: taken(value, field) };
    }),
    custom: importableFields(fields).map((field) => {
      const value = `cf:${field.id}`;
      return { value, name: field.name, disabled: taken(value) };
    }),
  };
}

/** The mapping's field errors of the server (`mapping.3.field`: …) by column; others under -1. */
export function mappingErrorsByColumn(fields: Readonly<Record<string, string>>): Map<number, string> {
  const byColumn = new Map<number, string>();
  for (const [path, reason] of Object.entries(fields)) {
    const match = /^mapping\.(\d+)(\.|$)/.exec(path);
    const column = match?.[1] !== undefined ? Number(match[1]) : -1;
    const before = byColumn.get(column);
    byColumn.set(column, before === undefined ? reason : `${before}; ${reason}`);
  }
  return byColumn;
}

export type PreviewRow = SpreadsheetPreview['rows'][number];

/** A preview row's errors: those of a cell by column, and those of the whole row. */
export function rowErrors(row: PreviewRow): { cells: Map<number, string[]>; row: string[] } {
  const cells = new Map<number, string[]>();
  const whole: string[] = [];
  for (const error of row.errors) {
    if (error.column === null) whole.push(`${error.field}: ${error.reason}`);
    else cells.set(error.column, [...(cells.get(error.column) ?? []), error.reason]);
  }
  return { cells, row: whole };
}

/** Columns the preview shows: the mapped ones, in file order. */
export const mappedColumns = (mapping: readonly ColumnTarget[]): number[] =>
  mapping.flatMap((target, index) => (target === null ? [] : [index]));

/** While the import is being written or undone, its page follows it. */
export const isActive = (status: SpreadsheetImportStatus): boolean =>
  status === 'queued' || status === 'running' || status === 'undoing';

/** Rows processed, in percent (0–100). */
export function progressOf(item: Pick<SpreadsheetImport, 'processedRows' | 'totalRows'>): number {
  if (item.totalRows <= 0) return 0;
  return Math.min(100, Math.round((item.processedRows / item.totalRows) * 100));
}

/** The wizard's step: 0 file, 1 columns, 2 preview, 3 import (progress and report). */
export function stepOf(item: Pick<SpreadsheetImport, 'status'> | undefined, wantsPreview: boolean): number {
  if (item === undefined) return 0;
  if (item.status !== 'draft') return 3;
  return wantsPreview ? 2 : 1;
}

/** The outcome the report opens on: failed rows when there are any, else skipped ones. */
export const reportOutcomeOf = (item: Pick<SpreadsheetImport, 'failed' | 'skipped'>): 'failed' | 'skipped' =>
  item.failed > 0 || item.skipped === 0 ? 'failed' : 'skipped';
