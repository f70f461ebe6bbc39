import { z } from 'zod';

/**
 * Every custom-field type of CORE-6 (Bitrix24's user-field types, 004 ch. 6). The type is fixed when the field
 * is created: stored values are only meaningful for the type they were validated against. How amoCRM's types
 * map onto these is in README.md.
 */
export const CUSTOM_FIELD_TYPES = [
  'string',
  'text',
  'number',
  'money',
  'list',
  'date',
  'datetime',
  'boolean',
  'file',
  'url',
  'phone',
  'email',
  'address',
  'user',
  'crm_link',
  'resource_booking',
] as const;
export const customFieldTypeSchema = z.enum(CUSTOM_FIELD_TYPES);
export type CustomFieldType = z.infer<typeof customFieldTypeSchema>;

/** The records that carry custom fields (and that a crm_link value may point to). */
export const customFieldEntitySchema = z.enum(['deal', 'lead', 'contact', 'company']);
export type CustomFieldEntity = z.infer<typeof customFieldEntitySchema>;

export const CUSTOM_FIELD_FILTER_OPERATORS = [
  'eq',
  'neq',
  'in',
  'contains',
  'gt',
  'gte',
  'lt',
  'lte',
  'between',
  'empty',
  'not_empty',
] as const;
export const customFieldFilterOperatorSchema = z.enum(CUSTOM_FIELD_FILTER_OPERATORS);
export type CustomFieldFilterOperator = z.infer<typeof customFieldFilterOperatorSchema>;

/**
 * What the server stores per value, one row per element, so that B-tree indexes on typed columns serve filters
 * and sorting: `text` → text, `number` → numeric (a decimal string, never a float), `date` → date,
 * `datetime` → timestamptz (UTC, fixed width, so text order is time order), `bool` → boolean, `ref` → uuid.
 * Each type fills the same columns every time (money: number + text; crm_link: ref + text; booking: ref +
 * datetime); README.md proposes the table.
 */
export interface CustomFieldStorageRow {
  text?: string;
  number?: string;
  date?: string;
  datetime?: string;
  bool?: boolean;
  ref?: string;
}
