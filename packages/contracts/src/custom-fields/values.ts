import { z } from 'zod';
import { emailSchema, idSchema } from '../common.js';
import { compareDecimals, decimalSchema, fractionDigits } from './decimal.js';
import {
  currencyCodeSchema,
  isStorableText,
  STORABLE_TEXT_MESSAGE,
  type CustomFieldSettings,
} from './settings.js';
import { customFieldEntitySchema, type CustomFieldType } from './types.js';

// The schema of one value of each type, in two parts: `schema` needs nothing but the value (and normalises it:
// trims, canonical decimals, lower-case e-mail), `check` then applies the field's settings (options, range,
// precision, allowed targets…). Field definitions reuse `schema` for fixed defaults before settings are known.

export const STRING_MAX_LENGTH = 2000;
export const TEXT_MAX_LENGTH = 100_000;

const storable = (schema: z.ZodString) => schema.refine(isStorableText, STORABLE_TEXT_MESSAGE);

export const stringValueSchema = storable(
  z.string().trim().min(1, 'must not be empty').max(STRING_MAX_LENGTH),
);

// Multi-line text keeps its whitespace (indentation, blank lines are the user's formatting).
export const textValueSchema = storable(z.string().max(TEXT_MAX_LENGTH)).refine(
  (text) => text.trim() !== '',
  'must not be blank',
);

export const numberValueSchema = decimalSchema(6);

export const moneyValueSchema = z.strictObject({
  amount: decimalSchema(2),
  currency: currencyCodeSchema,
});
export type MoneyValue = z.output<typeof moneyValueSchema>;

/** A calendar date, `YYYY-MM-DD`; year 0 does not exist in PostgreSQL's calendar. */
export const dateValueSchema = z.iso.date().refine((date) => !date.startsWith('0000'), 'must be a real date');

const DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:Z|([+-])(\d{2}):(\d{2}))$/;
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * The same instant in UTC, always `YYYY-MM-DDTHH:MM:SS.ffffffZ`: one fixed width, so comparing the strings
 * compares the instants, and microseconds (timestamptz's precision, what Python's isoformat() sends) survive.
 * Returns null when the text is not such a datetime or the instant falls outside years 1–9999.
 */
export function toUtcDateTime(value: string): string | null {
  const m = DATETIME.exec(value);
  if (!m) return null;
  const [, y = '', mo = '', d = '', h = '', mi = '', s = '', fraction = '', sign, oh = '0', om = '0'] = m;
  if (fraction.length > 6) return null;
  const offsetMinutes = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  const instant = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not turn years 0–99 into 1900–1999.
  instant.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  instant.setUTCHours(Number(h), Number(mi) - offsetMinutes, Number(s), 0);
  const year = instant.getUTCFullYear();
  if (year < 1 || year > 9999) return null;
  return (
    `${pad(year, 4)}-${pad(instant.getUTCMonth() + 1, 2)}-${pad(instant.getUTCDate(), 2)}` +
    `T${pad(instant.getUTCHours(), 2)}:${pad(instant.getUTCMinutes(), 2)}:${pad(instant.getUTCSeconds(), 2)}` +
    `.${fraction.padEnd(6, '0')}Z`
  );
}

/** ISO 8601 with seconds and an offset (`Z` or `±HH:MM`); the value keeps the offset it was given. */
export const dateTimeValueSchema = z.iso
  .datetime({ offset: true })
  .refine(
    (value) => toUtcDateTime(value) !== null,
    'must be between years 1 and 9999, with at most 6 decimal places of seconds',
  );

export const booleanValueSchema = z.boolean();

export const fileValueSchema = z.strictObject({
  fileId: idSchema,
  name: storable(z.string().trim().min(1).max(255)),
  size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).describe('Bytes'),
  mime: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/, 'must be a MIME type'),
});
export type FileValue = z.output<typeof fileValueSchema>;

export const urlValueSchema = z
  .string()
  .trim()
  .max(2048)
  // Only web links: javascript:, data: or file: in a clickable CRM field is an attack, not a website.
  .pipe(z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// link' }));

const PHONE_EXTENSION = /\s*(?:#|x|ext\.?|доб\.?)\s*\d{1,6}$/iu;

/**
 * A phone number as the user wrote it. Only its characters and digit count are checked here: the server
 * normalises it to E.164 with libphonenumber-js, which needs the account's country.
 */
export const phoneValueSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(50)
  .refine((phone) => {
    const number = phone.replace(PHONE_EXTENSION, '');
    const digits = number.replace(/\D/g, '').length;
    return /^\+?[\d\s().-]+$/.test(number) && digits >= 3 && digits <= 15;
  }, 'must be a phone number: digits, spaces, + ( ) - . and an optional extension');

export const emailValueSchema = emailSchema;

const addressPart = storable(z.string().trim().max(200)).optional();

/** Structured parts for search and export, plus `text`, the line people read (parts may be incomplete). */
export const addressValueSchema = z
  .strictObject({
    country: addressPart,
    region: addressPart,
    city: addressPart,
    street: addressPart,
    house: addressPart,
    flat: addressPart,
    postcode: addressPart,
    text: storable(z.string().trim().min(1, 'must not be empty').max(1000)),
  })
  // Forms send blank inputs as ""; an empty part and a missing part mean the same.
  .transform(({ text, ...parts }) => {
    const filled = Object.entries(parts).filter(([, part]) => Boolean(part));
    return { ...(Object.fromEntries(filled) as Partial<typeof parts>), text };
  });
export type AddressValue = z.output<typeof addressValueSchema>;

export const userValueSchema = idSchema;
export const listValueSchema = idSchema.describe('The id of one of the field’s options');

export const crmLinkValueSchema = z.strictObject({ entity: customFieldEntitySchema, id: idSchema });
export type CrmLinkValue = z.output<typeof crmLinkValueSchema>;

export const resourceBookingValueSchema = z
  .strictObject({ resourceId: idSchema, start: dateTimeValueSchema, end: dateTimeValueSchema })
  .refine((booking) => (toUtcDateTime(booking.end) ?? '') > (toUtcDateTime(booking.start) ?? ''), {
    path: ['end'],
    message: 'must be after start',
  });
export type ResourceBookingValue = z.output<typeof resourceBookingValueSchema>;

/** The value of one element, per type. */
export interface CustomFieldElementValues {
  string: string;
  text: string;
  number: string;
  money: MoneyValue;
  list: string;
  date: string;
  datetime: string;
  boolean: boolean;
  file: FileValue;
  url: string;
  phone: string;
  email: string;
  address: AddressValue;
  user: string;
  crm_link: CrmLinkValue;
  resource_booking: ResourceBookingValue;
}
export type CustomFieldElement<T extends CustomFieldType = CustomFieldType> = CustomFieldElementValues[T];

interface ValueRule<T extends CustomFieldType> {
  schema: z.ZodType<CustomFieldElement<T>>;
  /** Why the value does not fit the field's settings, or null when it does. */
  check: (value: CustomFieldElement<T>, settings: CustomFieldSettings<T>) => string | null;
}

const fits = () => null;

const MIB = 1024 * 1024;

function mimeAccepted(mime: string, accept: readonly string[]): boolean {
  return (
    accept.length === 0 ||
    accept.some(
      (pattern) => pattern === mime || (pattern.endsWith('/*') && mime.startsWith(pattern.slice(0, -1))),
    )
  );
}

export const valueRules: { [T in CustomFieldType]: ValueRule<T> } = {
  string: { schema: stringValueSchema, check: fits },
  text: { schema: textValueSchema, check: fits },
  number: {
    schema: numberValueSchema,
    check: (value, { precision, min, max }) => {
      if (fractionDigits(value) > precision) return `must have at most ${precision} decimal places`;
      if (min !== null && compareDecimals(value, min) < 0) return `must be at least ${min}`;
      if (max !== null && compareDecimals(value, max) > 0) return `must be at most ${max}`;
      return null;
    },
  },
  money: { schema: moneyValueSchema, check: fits },
  list: {
    schema: listValueSchema,
    check: (value, { options }) =>
      options.some((o) => o.id === value) ? null : 'must be one of the field’s options',
  },
  date: { schema: dateValueSchema, check: fits },
  datetime: { schema: dateTimeValueSchema, check: fits },
  boolean: { schema: booleanValueSchema, check: fits },
  file: {
    schema: fileValueSchema,
    check: (file, { maxSizeMb, accept }) => {
      if (file.size > maxSizeMb * MIB) return `must be at most ${maxSizeMb} MB`;
      if (!mimeAccepted(file.mime, accept)) return `must be one of: ${accept.join(', ')}`;
      return null;
    },
  },
  url: { schema: urlValueSchema, check: fits },
  phone: { schema: phoneValueSchema, check: fits },
  email: { schema: emailValueSchema, check: fits },
  address: { schema: addressValueSchema, check: fits },
  user: { schema: userValueSchema, check: fits },
  crm_link: {
    schema: crmLinkValueSchema,
    check: (link, { targetEntities }) =>
      targetEntities.includes(link.entity) ? null : `must link to one of: ${targetEntities.join(', ')}`,
  },
  resource_booking: {
    schema: resourceBookingValueSchema,
    check: (booking, { resourceIds }) =>
      resourceIds.includes(booking.resourceId) ? null : 'must book one of the field’s resources',
  },
};

/**
 * `valueRules[type].check` for a type known only at run time. TypeScript cannot pair a union of types with the
 * matching settings, so the caller vouches that value and settings were parsed for `type`.
 */
export function checkValue(type: CustomFieldType, value: unknown, settings: unknown): string | null {
  const check = valueRules[type].check as (value: unknown, settings: unknown) => string | null;
  return check(value, settings);
}
