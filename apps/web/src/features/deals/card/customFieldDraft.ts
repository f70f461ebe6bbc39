// A custom field's value while it is being edited (the "draft": what the inputs hold) and back to the
// value the API takes, checked with the field's own schema from the contracts — the same rules the server
// applies. Pure, so the conversions are unit-tested.
import {
  customFieldValueSchema,
  type CustomField,
  type CustomFieldEntity,
  type CustomFieldType,
  type FileValue,
} from '@voronka/contracts';
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
  'file',
  'crm_link',
  'resource_booking',
]);

/** Several bookings in one field have no input yet (one booking has: resource, start and end). */
export const isEditable = (field: CustomField) =>
  EDITABLE_TYPES.has(field.type) && !(field.type === 'resource_booking' && field.multiple);

/** A linked record as the input holds it: the name shows once the input has looked it up. */
export interface LinkDraft {
  entity: CustomFieldEntity;
  id: string;
  label: string | null;
}

export type Draft =
  | { kind: 'text'; value: string }
  | { kind: 'texts'; value: string[] }
  | { kind: 'money'; amount: string; currency: string }
  | { kind: 'choice'; value: string | null }
  | { kind: 'choices'; value: string[] }
  | { kind: 'datetime'; day: string; time: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'files'; value: FileValue[] }
  | { kind: 'links'; value: LinkDraft[] }
  | {
      kind: 'booking';
      resourceId: string | null;
      startDay: string;
      startTime: string;
      endDay: string;
      endTime: string;
    };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const str = (value: unknown) => (typeof value === 'string' ? value : '');

/** The elements of a stored value, single or multiple alike. */
const elements = (value: unknown): Record<string, unknown>[] =>
  (Array.isArray(value) ? (value as unknown[]) : [value]).filter(isRecord);

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
    case 'file':
      return {
        kind: 'files',
        value: elements(value).map((file) => ({
          fileId: str(file.fileId),
          name: str(file.name),
          size: typeof file.size === 'number' ? file.size : 0,
          mime: str(file.mime),
        })),
      };
    case 'crm_link':
      return {
        kind: 'links',
        value: elements(value).map((link) => ({
          entity: str(link.entity) as CustomFieldEntity,
          id: str(link.id),
          label: null,
        })),
      };
    case 'resource_booking': {
      const booking = isRecord(value) ? value : null;
      const start = booking === null ? '' : str(booking.start);
      const end = booking === null ? '' : str(booking.end);
      return {
        kind: 'booking',
        resourceId: booking === null ? null : str(booking.resourceId) || null,
        startDay: start === '' ? '' : dayInZone(start, timeZone),
        startTime: start === '' ? '' : timeInZone(start, timeZone),
        endDay: end === '' ? '' : dayInZone(end, timeZone),
        endTime: end === '' ? '' : timeInZone(end, timeZone),
      };
    }
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
    case 'files':
      raw = field.multiple ? draft.value : (draft.value[0] ?? null);
      break;
    case 'links': {
      const links = draft.value.map(({ entity, id }) => ({ entity, id }));
      raw = field.multiple ? links : (links[0] ?? null);
      break;
    }
    case 'booking': {
      const { resourceId, startDay, startTime, endDay, endTime } = draft;
      if (resourceId === null && startDay === '' && startTime === '' && endDay === '' && endTime === '') {
        raw = null;
        break;
      }
      if (resourceId === null) return { ok: false, problem: { key: 'resource' } };
      // An end without its own day is on the start's day (a meeting room for an afternoon).
      const start = zonedDateTime(startDay, startTime === '' ? '00:00' : startTime, timeZone);
      const end = zonedDateTime(
        endDay === '' ? startDay : endDay,
        endTime === '' ? '00:00' : endTime,
        timeZone,
      );
      if (start === null || end === null) return { ok: false, problem: { key: 'datetime' } };
      if (Date.parse(end) <= Date.parse(start)) return { ok: false, problem: { key: 'bookingEnd' } };
      raw = { resourceId, start, end };
      break;
    }
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

/** A card's save of a custom field's draft: its value under `customFields`, or why it cannot be saved. */
export function customFieldChanges(
  field: CustomField,
  draft: Draft,
  timeZone: string,
  problemText: (problem: DraftProblem) => string,
): { changes: { customFields: Record<string, unknown> } } | { error: string } {
  const result = fromDraft(field, draft, timeZone);
  return result.ok
    ? { changes: { customFields: { [field.id]: result.value } } }
    : { error: problemText(result.problem) };
}
