import type { z } from 'zod';
import type { FieldError } from '../common.js';
import { fieldAppliesToPipeline, type CustomField } from './definition.js';
import { customFieldDefaultValue, customFieldValueSchema, type CustomFieldValue } from './registry.js';

// Pure checks of a record's custom-field values against the entity's fields, for the server before it writes
// and for the web before it sends. Paths are `customFields.<fieldId>`, the form inputs' names.

export interface FieldValuesContext {
  /** The record's stage (deals, leads); leave out for contacts and companies. */
  stageId?: string | null;
  /**
   * The stages of the record's pipeline, first to last, as the server wants them counted: "required from
   * stage X" holds at X and at every stage after it here. Must contain `stageId`.
   */
  stageOrder?: readonly string[];
  /**
   * The record's pipeline. Fields limited to other pipelines are not required here (their values are still
   * checked and kept, so moving a deal between pipelines loses nothing). Left out: every field counts.
   */
  pipelineId?: string | null;
}

export type FieldValuesResult =
  { ok: true; values: Record<string, CustomFieldValue | null> } | { ok: false; errors: FieldError[] };

const pathOf = (fieldId: string) => `customFields.${fieldId}`;

function reasonOf(issue: z.core.$ZodIssue): string {
  const where = issue.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('');
  return where ? `${where.replace(/^\./, '')}: ${issue.message}` : issue.message;
}

function requiredBy(field: CustomField, context: FieldValuesContext): string | null {
  if (field.required) return 'required';
  const { stageId, stageOrder = [] } = context;
  if (stageId === undefined || stageId === null || field.requiredFromStageIds.length === 0) return null;
  const current = stageOrder.indexOf(stageId);
  // A stage outside its own pipeline's order is a bug in the caller; guessing would let required fields slip.
  if (current < 0) throw new Error(`stageOrder does not contain the record's stage ${stageId}`);
  // Stages of other pipelines are not in this order and do not apply.
  const from = field.requiredFromStageIds.map((id) => stageOrder.indexOf(id)).filter((index) => index >= 0);
  return from.some((index) => index <= current) ? 'required at this stage' : null;
}

/**
 * Checks a record's complete custom-field values (after merging a partial update into the stored ones):
 * unknown field ids, values that do not fit their field, and required fields left empty (absent, null or []).
 * Returns the values parsed (trimmed, canonical decimals, `[]` as null) or every problem at once.
 */
export function validateFieldValues(
  fields: readonly CustomField[],
  values: Readonly<Record<string, unknown>>,
  context: FieldValuesContext = {},
): FieldValuesResult {
  const errors: FieldError[] = [];
  const parsed: Record<string, CustomFieldValue | null> = {};
  const known = new Set(fields.map((field) => field.id));
  for (const fieldId of Object.keys(values)) {
    if (!known.has(fieldId)) errors.push({ field: pathOf(fieldId), reason: 'unknown field' });
  }
  for (const field of fields) {
    const raw = values[field.id];
    let value: CustomFieldValue | null = null;
    if (raw !== undefined) {
      const result = customFieldValueSchema(field).safeParse(raw);
      if (!result.success) {
        const reasons = new Set(result.error.issues.map(reasonOf));
        for (const reason of reasons) errors.push({ field: pathOf(field.id), reason });
        continue;
      }
      value = result.data;
      parsed[field.id] = value;
    }
    const applies = context.pipelineId === undefined || fieldAppliesToPipeline(field, context.pipelineId);
    const required = applies ? requiredBy(field, context) : null;
    if (value === null && required !== null) errors.push({ field: pathOf(field.id), reason: required });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, values: parsed };
}

export interface DefaultsOptions {
  /** IANA zone of the account: which day "today" is for a date field defaulting to now. */
  timeZone?: string;
  /** As in `validateFieldValues`: fields of other pipelines get no default. */
  pipelineId?: string | null;
}

/**
 * A new record's values with each absent field's default filled in. Only absent keys: a value the user sent,
 * null included, is their choice. Meant for creation, not for updates.
 */
export function applyFieldDefaults(
  fields: readonly CustomField[],
  values: Readonly<Record<string, unknown>>,
  now: Date,
  options: DefaultsOptions = {},
): Record<string, unknown> {
  const { timeZone = 'UTC', pipelineId } = options;
  const result: Record<string, unknown> = { ...values };
  for (const field of fields) {
    if (result[field.id] !== undefined) continue;
    if (pipelineId !== undefined && !fieldAppliesToPipeline(field, pipelineId)) continue;
    const value = customFieldDefaultValue(field, now, timeZone);
    if (value !== null) result[field.id] = value;
  }
  return result;
}
