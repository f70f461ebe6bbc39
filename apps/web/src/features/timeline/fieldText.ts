// Record values as people read them: money with its currency sign, dates in the UI language, custom-field
// values by their type (list option labels, user names, yes/no). Shared by record cards and the history
// entries of the timeline.
import type { CustomField } from '@voronka/contracts';

/** Exact decimal string → money in the UI language: «150 000 ₽», «₽150,000», kopecks only when there are. */
export function formatMoney(amount: string | number, currency: string, locale: string): string {
  const value = typeof amount === 'number' ? amount : Number(amount);
  if (!Number.isFinite(value)) return String(amount);
  const fraction = Math.round(Math.abs(value) * 100) % 100 !== 0;
  try {
    return new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      currencyDisplay: 'narrowSymbol',
      minimumFractionDigits: fraction ? 2 : 0,
      maximumFractionDigits: 2,
    }).format(value);
  } catch {
    // An unknown currency code: the number and the code.
    return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value)} ${currency}`;
  }
}

export function formatNumber(value: string, locale: string): string {
  const number = Number(value);
  if (!Number.isFinite(number)) return value;
  const digits = value.includes('.') ? (value.split('.')[1]?.length ?? 0) : 0;
  return new Intl.NumberFormat(locale, { maximumFractionDigits: Math.min(digits, 20) }).format(number);
}

/** `YYYY-MM-DD` as a date of the UI language, without a time-zone shift. */
export function formatDay(day: string, locale: string): string {
  const date = new Date(`${day}T12:00:00Z`);
  if (Number.isNaN(date.getTime())) return day;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

export function formatInstant(iso: string, locale: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date);
}

export interface ValueTextContext {
  locale: string;
  timeZone?: string;
  userName: (id: string) => string | null;
  yes: string;
  no: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** One element of a custom field's value as text. */
function elementText(field: CustomField, value: unknown, ctx: ValueTextContext): string {
  switch (field.type) {
    case 'list':
      return field.settings.options.find((option) => option.id === value)?.label ?? String(value);
    case 'money':
      return isRecord(value) && typeof value.amount === 'string' && typeof value.currency === 'string'
        ? formatMoney(value.amount, value.currency, ctx.locale)
        : JSON.stringify(value);
    case 'number':
      return typeof value === 'string' ? formatNumber(value, ctx.locale) : String(value);
    case 'date':
      return typeof value === 'string' ? formatDay(value, ctx.locale) : String(value);
    case 'datetime':
      return typeof value === 'string' ? formatInstant(value, ctx.locale, ctx.timeZone) : String(value);
    case 'boolean':
      return value === true ? ctx.yes : ctx.no;
    case 'user':
      return typeof value === 'string' ? (ctx.userName(value) ?? value) : String(value);
    case 'address':
      return isRecord(value) && typeof value.text === 'string' ? value.text : JSON.stringify(value);
    case 'file':
      return isRecord(value) && typeof value.name === 'string' ? value.name : JSON.stringify(value);
    case 'crm_link':
      return isRecord(value) ? `${String(value.entity)} ${String(value.id)}` : String(value);
    case 'resource_booking':
      return isRecord(value) && typeof value.start === 'string' && typeof value.end === 'string'
        ? `${formatInstant(value.start, ctx.locale, ctx.timeZone)} – ${formatInstant(value.end, ctx.locale, ctx.timeZone)}`
        : JSON.stringify(value);
    default:
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}

/** A custom field's whole value as text; null when it is empty. */
export function customFieldText(field: CustomField, value: unknown, ctx: ValueTextContext): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (Array.isArray(value)) {
    if (value.length === 0) return null;
    return value.map((element) => elementText(field, element, ctx)).join(', ');
  }
  return elementText(field, value, ctx);
}
