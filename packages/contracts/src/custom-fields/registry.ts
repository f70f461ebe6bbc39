import { z } from 'zod';
import { idSchema } from '../common.js';
import { decimalSchema } from './decimal.js';
import type { CustomField, CustomFieldOf } from './definition.js';
import type { CustomFieldSettings } from './settings.js';
import type { CustomFieldFilterOperator, CustomFieldStorageRow, CustomFieldType } from './types.js';
import {
  booleanValueSchema,
  crmLinkValueSchema,
  dateTimeValueSchema,
  dateValueSchema,
  emailValueSchema,
  numberValueSchema,
  phoneValueSchema,
  stringValueSchema,
  toUtcDateTime,
  urlValueSchema,
  userValueSchema,
  valueRules,
  type CustomFieldElement,
} from './values.js';

// The custom-field type registry: for each type, how one value is validated, how it is stored for indexing,
// which filters it supports and whether it sorts. Server validation, storage, filtering and the web forms all
// read it, so a type behaves the same everywhere.

/** A field's whole value: one element, or for a multiple field an array of distinct elements. */
export type CustomFieldValue = CustomFieldElement | CustomFieldElement[];

export const MULTIPLE_MAX_VALUES = 100;
export const FILTER_MAX_VALUES = 100;

/**
 * A filter on one field, as the API takes it. On a multiple field a condition holds when some value meets it,
 * except `neq` (no value equals) and `empty` (no value at all).
 */
export type CustomFieldFilter =
  | { op: 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte'; value: unknown }
  | { op: 'in'; values: unknown[] }
  | { op: 'between'; from: unknown; to: unknown }
  | { op: 'contains'; value: string }
  | { op: 'empty' | 'not_empty' };

/**
 * The same filter in storage terms, ready for SQL over the value rows: a row condition matches when every
 * column the row names is equal (or compares so); `contains` is a case-insensitive substring of `text`.
 */
export type CustomFieldStorageFilter =
  | { op: 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte'; row: CustomFieldStorageRow }
  | { op: 'in'; rows: CustomFieldStorageRow[] }
  | { op: 'between'; from: CustomFieldStorageRow; to: CustomFieldStorageRow }
  | { op: 'contains'; text: string }
  | { op: 'empty' | 'not_empty' };

export interface CustomFieldTypeEntry<T extends CustomFieldType> {
  readonly type: T;
  /** The schema of one value, given the field's settings. */
  value(settings: CustomFieldSettings<T>): z.ZodType<CustomFieldElement<T>>;
  /** The columns one value is indexed in. */
  toStorage(value: CustomFieldElement<T>): CustomFieldStorageRow;
  readonly filterOperators: readonly CustomFieldFilterOperator[];
  filterSchema(settings: CustomFieldSettings<T>): z.ZodType<CustomFieldFilter>;
  /** A filter parsed by `filterSchema`, in storage terms. */
  storageFilter(filter: CustomFieldFilter): CustomFieldStorageFilter;
  /** Whether ordering by the stored columns is the order people expect. */
  readonly sortable: boolean;
  /** The value a new record starts with; `timeZone` (IANA) decides which day "today" is. */
  defaultValue(field: CustomFieldOf<T>, now: Date, timeZone?: string): CustomFieldValue | null;
}

// What a filter compares with: the operand's schema and the row it becomes. Method syntax on purpose: each
// type's operand is narrower than `unknown`, and methods let the registry hold them side by side.
interface Operand<T extends CustomFieldType> {
  schema(settings: CustomFieldSettings<T>): z.ZodType;
  toStorage(operand: unknown): CustomFieldStorageRow;
}
interface TypeSpec<T extends CustomFieldType> {
  toStorage(value: CustomFieldElement<T>): CustomFieldStorageRow;
  sortable: boolean;
  /** For eq, neq, in. */
  equality?: Operand<T>;
  /** For gt, gte, lt, lte, between. */
  range?: Operand<T>;
  /** For contains, over the `text` column. */
  contains?: boolean;
}

function operand<T extends CustomFieldType, O>(
  schema: z.ZodType<O> | ((settings: CustomFieldSettings<T>) => z.ZodType<O>),
  toStorage: (operand: O) => CustomFieldStorageRow,
): Operand<T> {
  return { schema: typeof schema === 'function' ? schema : () => schema, toStorage };
}

const asText = (text: string): CustomFieldStorageRow => ({ text });
const asNumber = (number: string): CustomFieldStorageRow => ({ number });
const asDate = (date: string): CustomFieldStorageRow => ({ date });
const asRef = (ref: string): CustomFieldStorageRow => ({ ref });
const asDateTime = (value: string): CustomFieldStorageRow => {
  const datetime = toUtcDateTime(value);
  // Parsed values always convert; reaching this means a value skipped validation.
  if (datetime === null) throw new Error(`not a validated datetime: ${value}`);
  return { datetime };
};

function operatorsOf<T extends CustomFieldType>(
  spec: TypeSpec<T>,
): [CustomFieldFilterOperator, ...CustomFieldFilterOperator[]] {
  return [
    'empty',
    'not_empty',
    ...(spec.equality ? (['eq', 'neq', 'in'] as const) : []),
    ...(spec.contains ? (['contains'] as const) : []),
    ...(spec.range ? (['gt', 'gte', 'lt', 'lte', 'between'] as const) : []),
  ];
}

function filterSchemaOf<T extends CustomFieldType>(spec: TypeSpec<T>, settings: CustomFieldSettings<T>) {
  const equality = spec.equality?.schema(settings) ?? z.never();
  const range = spec.range?.schema(settings) ?? z.never();
  // The operator is checked first, so an unsupported one gets a plain "expected one of" rather than a
  // complaint about its operand.
  return z.looseObject({ op: z.enum(operatorsOf(spec)) }).pipe(
    z.discriminatedUnion('op', [
      z.object({ op: z.literal(['empty', 'not_empty']) }),
      z.object({ op: z.literal(['eq', 'neq']), value: equality }),
      z.object({ op: z.literal('in'), values: z.array(equality).min(1).max(FILTER_MAX_VALUES) }),
      z.object({ op: z.literal('contains'), value: z.string().trim().min(1).max(200) }),
      z.object({ op: z.literal(['gt', 'gte', 'lt', 'lte']), value: range }),
      // An inverted range is not an error: like SQL's BETWEEN it matches nothing.
      z.object({ op: z.literal('between'), from: range, to: range }),
    ]),
  );
}

function storageFilterOf<T extends CustomFieldType>(
  spec: TypeSpec<T>,
  filter: CustomFieldFilter,
): CustomFieldStorageFilter {
  const equality = (operand: unknown) => required(spec.equality, filter.op).toStorage(operand);
  const range = (operand: unknown) => required(spec.range, filter.op).toStorage(operand);
  switch (filter.op) {
    case 'empty':
    case 'not_empty':
      return { op: filter.op };
    case 'contains':
      return { op: 'contains', text: filter.value };
    case 'eq':
    case 'neq':
      return { op: filter.op, row: equality(filter.value) };
    case 'in':
      return { op: 'in', rows: filter.values.map(equality) };
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return { op: filter.op, row: range(filter.value) };
    case 'between':
      return { op: 'between', from: range(filter.from), to: range(filter.to) };
  }
}

function todayIn(timeZone: string, now: Date): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
    .formatToParts(now)
    .reduce<Record<string, string>>((all, part) => ({ ...all, [part.type]: part.value }), {});
  return `${(parts.year ?? '').padStart(4, '0')}-${parts.month ?? ''}-${parts.day ?? ''}`;
}

/**
 * The value a new record starts with: a list's default option, the fixed value, or now (today's date in
 * `timeZone` for a date, the current instant for a datetime). A multiple field starts with that one value.
 */
export function customFieldDefaultValue(
  field: CustomField,
  now: Date,
  timeZone = 'UTC',
): CustomFieldValue | null {
  const rule = field.default;
  let element: CustomFieldElement | null = null;
  if (field.type === 'list') element = field.settings.defaultOptionId;
  else if (rule.kind === 'fixed') element = rule.value;
  else if (rule.kind === 'now') element = field.type === 'date' ? todayIn(timeZone, now) : now.toISOString();
  if (element === null) return null;
  return field.multiple ? [element] : element;
}

function elementSchema<T extends CustomFieldType>(type: T, settings: CustomFieldSettings<T>) {
  const rule = valueRules[type];
  return rule.schema.superRefine((value, ctx) => {
    const reason = rule.check(value, settings);
    if (reason !== null) ctx.addIssue({ code: 'custom', message: reason });
  });
}

function entry<T extends CustomFieldType>(type: T, spec: NoInfer<TypeSpec<T>>): CustomFieldTypeEntry<T> {
  return {
    type,
    value: (settings) => elementSchema(type, settings),
    toStorage: (value) => spec.toStorage(value),
    filterOperators: operatorsOf(spec),
    filterSchema: (settings) => filterSchemaOf(spec, settings),
    storageFilter: (filter) => storageFilterOf(spec, filter),
    sortable: spec.sortable,
    defaultValue: customFieldDefaultValue,
  };
}

const text = operand(stringValueSchema, asText);

export const customFieldRegistry: { readonly [T in CustomFieldType]: CustomFieldTypeEntry<T> } = {
  // Sorted alphabetically; the server indexes a prefix of `text` (README.md), which keeps that order.
  string: entry('string', { toStorage: asText, sortable: true, equality: text, contains: true }),
  // Up to 100,000 characters: searched by substring, neither compared whole nor sorted.
  text: entry('text', { toStorage: asText, sortable: false, contains: true }),
  number: entry('number', {
    toStorage: asNumber,
    sortable: true,
    equality: operand(numberValueSchema, asNumber),
    range: operand(numberValueSchema, asNumber),
  }),
  // Compared and sorted by amount; the currency rides along in `text`.
  money: entry('money', {
    toStorage: ({ amount, currency }) => ({ number: amount, text: currency }),
    sortable: true,
    equality: operand(decimalSchema(2), asNumber),
    range: operand(decimalSchema(2), asNumber),
  }),
  // Option ids, not positions, are stored: reordering options must not rewrite every record. Hence no sorting.
  list: entry('list', {
    toStorage: asRef,
    sortable: false,
    equality: operand((settings: CustomFieldSettings<'list'>) => elementSchema('list', settings), asRef),
  }),
  date: entry('date', {
    toStorage: asDate,
    sortable: true,
    equality: operand(dateValueSchema, asDate),
    range: operand(dateValueSchema, asDate),
  }),
  // Instants are compared by range; "equal to the microsecond" is not a question people ask.
  datetime: entry('datetime', {
    toStorage: asDateTime,
    sortable: true,
    range: operand(dateTimeValueSchema, asDateTime),
  }),
  boolean: entry('boolean', {
    toStorage: (bool) => ({ bool }),
    sortable: true,
    equality: operand(booleanValueSchema, (bool) => ({ bool })),
  }),
  file: entry('file', { toStorage: (file) => ({ ref: file.fileId }), sortable: false }),
  url: entry('url', {
    toStorage: asText,
    sortable: true,
    equality: operand(urlValueSchema, asText),
    contains: true,
  }),
  // The server stores the E.164 form it computes, so equal numbers written differently match.
  phone: entry('phone', {
    toStorage: asText,
    sortable: true,
    equality: operand(phoneValueSchema, asText),
    contains: true,
  }),
  email: entry('email', {
    toStorage: asText,
    sortable: true,
    equality: operand(emailValueSchema, asText),
    contains: true,
  }),
  address: entry('address', {
    toStorage: (address) => ({ text: address.text }),
    sortable: true,
    contains: true,
  }),
  // Sorting by user means by name, which needs a join; ids in uuid order mean nothing to people.
  user: entry('user', { toStorage: asRef, sortable: false, equality: operand(userValueSchema, asRef) }),
  crm_link: entry('crm_link', {
    toStorage: (link) => ({ ref: link.id, text: link.entity }),
    sortable: false,
    equality: operand(crmLinkValueSchema, (link) => ({ ref: link.id, text: link.entity })),
  }),
  // Filter by resource (eq/in) or by start time (ranges, calendars); sorted by start.
  resource_booking: entry('resource_booking', {
    toStorage: (booking) => ({ ref: booking.resourceId, ...asDateTime(booking.start) }),
    sortable: true,
    equality: operand(idSchema, asRef),
    range: operand(dateTimeValueSchema, asDateTime),
  }),
};

// The registry seen through a field whose type is known only at run time. Assigning an entry here is checked
// by TypeScript (method parameters are compared both ways); calling it is safe because the value was parsed
// for the same field.
interface AnyEntry {
  value(settings: unknown): z.ZodType<CustomFieldElement>;
  toStorage(value: unknown): CustomFieldStorageRow;
  filterSchema(settings: unknown): z.ZodType<CustomFieldFilter>;
  storageFilter(filter: CustomFieldFilter): CustomFieldStorageFilter;
}
const entryOf = (field: CustomField): AnyEntry => customFieldRegistry[field.type];

/** Two values are the same when they are stored the same: 1.5 and "1.50", one instant in two offsets. */
const storageKey = (entry: AnyEntry, value: unknown) => JSON.stringify(entry.toStorage(value));

// Building a schema costs far more than running it, and imports validate thousands of records against the
// same field objects. Field definitions are parsed, never mutated, so a schema can live as long as its field.
const valueSchemas = new WeakMap<CustomField, z.ZodType<CustomFieldValue | null>>();

/**
 * The schema of a field's whole value: one value, or for a multiple field an array without repeats (an empty
 * array becomes null). `null` clears the field.
 */
export function customFieldValueSchema(field: CustomField): z.ZodType<CustomFieldValue | null> {
  let schema = valueSchemas.get(field);
  if (!schema) {
    schema = buildValueSchema(field);
    valueSchemas.set(field, schema);
  }
  return schema;
}

function buildValueSchema(field: CustomField): z.ZodType<CustomFieldValue | null> {
  const entry = entryOf(field);
  const element = entry.value(field.settings);
  if (!field.multiple) return element.nullable();
  return z
    .array(element)
    .max(MULTIPLE_MAX_VALUES)
    .superRefine((values, ctx) => {
      const seen = new Set<string>();
      values.forEach((value, index) => {
        const key = storageKey(entry, value);
        if (seen.has(key))
          ctx.addIssue({ code: 'custom', path: [index], message: 'repeats an earlier value' });
        seen.add(key);
      });
    })
    .transform((values) => (values.length === 0 ? null : values))
    .nullable();
}

/** The rows to index for a parsed value: none for null, one per element. */
export function customFieldStorageRows(
  field: CustomField,
  value: CustomFieldValue | null,
): CustomFieldStorageRow[] {
  const entry = entryOf(field);
  if (value === null) return [];
  return Array.isArray(value) ? value.map((element) => entry.toStorage(element)) : [entry.toStorage(value)];
}

/** The schema of a filter on this field; its operators are `customFieldRegistry[type].filterOperators`. */
export function customFieldFilterSchema(field: CustomField): z.ZodType<CustomFieldFilter> {
  return entryOf(field).filterSchema(field.settings);
}

/** A filter parsed by `customFieldFilterSchema(field)`, in storage terms. */
export function customFieldFilterToStorage(
  field: CustomField,
  filter: CustomFieldFilter,
): CustomFieldStorageFilter {
  return entryOf(field).storageFilter(filter);
}

function required<O>(operand: O | undefined, op: string): O {
  if (!operand) throw new Error(`operator ${op} was not parsed by this field's customFieldFilterSchema`);
  return operand;
}
