// A custom field's value while it is being edited (the "draft": what the inputs hold) and back to the
// value the API takes, checked with the field's own schema from the contracts — the same rules the server
// applies. Pure, so the conversions are unit-tested.
import { customFieldValueSchema, type CustomField, type CustomFieldType } from '@voronka/contracts';
import { dayInZone, timeInZone, zonedDateTime } from '../../tasks/zonedTime';

/** Types with an input of their own on the card; the others are shown read-only. */
export const EDITABLE_TYPES: ReadonlySet<CustomFieldType> = new Set([
  'string',
  'text',
  'number',
  'money',
  'list',
  'date',
  'datetime',
  'boolean',
  'url',
  'phone',
  'email',
  'user',
  'address',
]);

export const isEditable = (field: CustomField) => EDITABLE_TYPES.has(field.type);

export type Draft =
  | { kind: 'text'; value: string }
  | { kind: 'texts'; value: string[] }
  | { kind: 'money'; amount: string; currency: string }
  | { kind: 'choice'; value: string | null }
  | { kind: 'choices'; value: string[] }
  | { kind: 'datetime'; day: string; time: string }
  | { kind: 'boolean'; value: boolean };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const str = (value: unknown) => (typeof value === 'string' ? value : '');

/** The inputs' content for a stored value (null or absent: empty inputs). */
export function toDraft(field: CustomField, value: unknown, timeZone: string, currency: string): Draft {
  switch (field.type) {
    case 'money': {
      const money = isRecord(value) ? value : {};
      return {
        kind: 'money',
        amount: str(money.amount),
        currency: str(money.currency) || field.settings.currency || currency,
      };
    }
    case 'list':
    case 'user':
      return field.multiple
        ? { kind: 'choices', value: Array.isArray(value) ? value.map(str) : [] }
        : { kind: 'choice', value: typeof value === 'string' ? value : null };
    case 'datetime':
      return typeof value === 'string'
        ? { kind: 'datetime', day: dayInZone(value, timeZone), time: timeInZone(value, timeZone) }
        : { kind: 'datetime', day: '', time: '' };
    case 'boolean':
      return { kind: 'boolean', value: value === true };
    case 'address':
      return { kind: 'text', value: isRecord(value) ? str(value.text) : '' };
    default:
      if (field.multiple) return { kind: 'texts', value: Array.isArray(value) ? value.map(str) : [] };
      return { kind: 'text', value: typeof value === 'string' ? value : '' };
  }
}

/** Why a draft cannot be saved: a message key of `dealCard.invalid.*`, or the schema's own reason. */
export type DraftProblem = { key: string } | { reason: string };

export type DraftResult = { ok: true; value: unknown } | { ok: false; problem: DraftProblem };

const normalizeDecimal = (input: string) => input.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');

/** The API value of a draft (null clears the field), checked with the field's schema. */
export function fromDraft(field: CustomField, draft: Draft, timeZone: string): DraftResult {
  let raw: unknown;
  switch (draft.kind) {
    case 'text': {
      const text = draft.value;
      if (text.trim() === '') raw = null;
      else if (field.type === 'number') {
        const number = normalizeDecimal(text);
        if (!/^-?\d+(\.\d+)?$/.test(number)) return { ok: false, problem: { key: 'number' } };
        raw = number;
      } else if (field.type === 'address') raw = { text: text.trim() };
      else raw = field.type === 'text' ? text : text.trim();
      break;
    }
    case 'texts':
      raw = draft.value.map((value) => value.trim()).filter((value) => value !== '');
      break;
    case 'money': {
      if (draft.amount.trim() === '') {
        raw = null;
        break;
      }
      const amount = normalizeDecimal(draft.amount);
      if (!/^-?\d+(\.\d{1,2})?$/.test(amount)) return { ok: false, problem: { key: 'money' } };
      raw = { amount, currency: draft.currency };
      break;
    }
    case 'choice':
      raw = draft.value;
      break;
    case 'choices':
      raw = draft.value;
      break;
    case 'datetime': {
      if (draft.day === '' && draft.time === '') {
        raw = null;
        break;
      }
      const instant = zonedDateTime(draft.day, draft.time === '' ? '00:00' : draft.time, timeZone);
      if (instant === null) return { ok: false, problem: { key: 'datetime' } };
      raw = instant;
      break;
    }
    case 'boolean':
      raw = draft.value;
      break;
  }
  const parsed = customFieldValueSchema(field).safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const byType: Partial<Record<CustomFieldType, string>> = {
    url: 'url',
    email: 'email',
    phone: 'phone',
    date: 'date',
  };
  const key = byType[field.type];
  if (key !== undefined) return { ok: false, problem: { key } };
  return { ok: false, problem: { reason: parsed.error.issues[0]?.message ?? 'invalid' } };
}
