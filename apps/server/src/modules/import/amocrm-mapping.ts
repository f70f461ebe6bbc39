// Pure rules of a migration from amoCRM (MIGR-2, MIGR-5): what each amoCRM stage and custom-field type
// becomes in Voronka, and how a source value is converted (which entities a selection brings along is
// `withLinked` in packages/contracts, shared with the wizard). No I/O; the job
// (run-job.ts) applies them. The type table is packages/contracts/src/custom-fields/README.md ("amoCRM types");
// types without a Voronka counterpart become multi-line text holding the value as readable JSON, so nothing
// is lost.
import type { CustomFieldType, StageKind } from '@voronka/contracts';
import { canonicalDecimal, toUtcDateTime } from '@voronka/contracts';

/** The run's steps, in the order records depend on each other (ADR 0012): each reads one amoCRM list. */
export const STEPS = [
  { step: 'companies', entity: 'companies', list: 'companies' },
  { step: 'contacts', entity: 'contacts', list: 'contacts' },
  { step: 'deals', entity: 'deals', list: 'leads' },
  { step: 'tasks', entity: 'tasks', list: 'tasks' },
  { step: 'company_notes', entity: 'events', list: 'companyNotes' },
  { step: 'contact_notes', entity: 'events', list: 'contactNotes' },
  { step: 'deal_notes', entity: 'events', list: 'leadNotes' },
] as const;
export type StepName = (typeof STEPS)[number]['step'];

export const WON_STATUS_ID = 142;
export const LOST_STATUS_ID = 143;

/** 142 → Won, 143 → Lost, the Unsorted stage (type 1) → Unsorted, the rest are open stages. */
export function stageKindOf(status: { id: number; type: number }): StageKind {
  if (status.id === WON_STATUS_ID) return 'won';
  if (status.id === LOST_STATUS_ID) return 'lost';
  return status.type === 1 ? 'unsorted' : 'open';
}

/** Where an amoCRM field's values go: the record's own fields, or a Voronka custom field of a type. */
export type FieldTarget =
  | { kind: 'own'; own: 'phones' | 'emails' | 'sites' | 'address' | 'position' }
  | { kind: 'field'; type: CustomFieldType; multiple: boolean; display?: 'dropdown' | 'checkboxes' };

export function fieldTargetOf(field: {
  type: string;
  code?: string | null | undefined;
  entity: 'leads' | 'contacts' | 'companies';
}): FieldTarget {
  const code = field.code ?? null;
  if (field.entity !== 'leads') {
    if (field.type === 'multitext' && code === 'PHONE') return { kind: 'own', own: 'phones' };
    if (field.type === 'multitext' && code === 'EMAIL') return { kind: 'own', own: 'emails' };
    if (code === 'WEB') return { kind: 'own', own: 'sites' };
    if (code === 'ADDRESS') return { kind: 'own', own: 'address' };
    if (code === 'POSITION' && field.entity === 'contacts') return { kind: 'own', own: 'position' };
  }
  switch (field.type) {
    case 'text':
    case 'org_legal_name':
    case 'tracking_data':
      return { kind: 'field', type: 'string', multiple: false };
    case 'multitext':
      return { kind: 'field', type: 'string', multiple: true };
    case 'textarea':
      return { kind: 'field', type: 'text', multiple: false };
    case 'numeric':
      return { kind: 'field', type: 'number', multiple: false };
    case 'monetary':
      return { kind: 'field', type: 'money', multiple: false };
    case 'checkbox':
      return { kind: 'field', type: 'boolean', multiple: false };
    case 'select':
    case 'category':
      return { kind: 'field', type: 'list', multiple: false, display: 'dropdown' };
    case 'radiobutton':
      return { kind: 'field', type: 'list', multiple: false, display: 'checkboxes' };
    case 'multiselect':
      return { kind: 'field', type: 'list', multiple: true, display: 'dropdown' };
    case 'date':
    case 'birthday':
      return { kind: 'field', type: 'date', multiple: false };
    case 'date_time':
      return { kind: 'field', type: 'datetime', multiple: false };
    case 'url':
      return { kind: 'field', type: 'url', multiple: false };
    case 'streetaddress':
    case 'smart_address':
      return { kind: 'field', type: 'address', multiple: false };
    default:
      // legal_entity, items, chained_list, linked_entity, file, payer, supplier, price and types amoCRM adds
      // later: their values are structured; kept whole as readable text.
      return { kind: 'field', type: 'text', multiple: false };
  }
}

type AmoValue = Record<string, unknown>;

const text = (value: unknown): string =>
  typeof value === 'string' ? value : value === null || value === undefined ? '' : JSON.stringify(value);

/** A calendar day of a Unix time in a time zone (amoCRM keeps dates at the account's midnight). */
export function dayOf(unixSeconds: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(unixSeconds * 1000));
}

const unix = (value: unknown): number | null => {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) ? Math.trunc(n) : null;
};

const SMART_ADDRESS_PARTS: Record<string, string> = {
  address_line_1: 'street',
  city: 'city',
  state: 'region',
  zip: 'postcode',
  country: 'country',
};

export interface ConvertContext {
  timeZone: string;
  currency: string;
  /** A list field's options by lower-cased label. */
  options?: Map<string, string>;
}

/**
 * One amoCRM field's values as the Voronka field's value; `undefined` when empty. `raw` is what could not
 * be converted (the caller writes it into the record's comment, so nothing is lost).
 */
export function convertValues(
  amoType: string,
  target: Extract<FieldTarget, { kind: 'field' }>,
  values: readonly AmoValue[],
  context: ConvertContext,
): { value?: unknown; raw?: string } {
  if (values.length === 0) return {};
  const first = values[0] ?? {};
  const rawAll = () => values.map((v) => text('value' in v ? v.value : v)).join(', ');
  switch (target.type) {
    case 'string': {
      const items = values.map((v) => text(v.value).trim()).filter(Boolean);
      if (items.length === 0) return {};
      if (items.some((v) => v.length > 2000)) return { raw: rawAll() };
      return { value: target.multiple ? items : items[0] };
    }
    case 'text': {
      const body =
        values.length === 1 && typeof first.value === 'string'
          ? first.value
          : JSON.stringify(values.length === 1 ? ('value' in first ? first.value : first) : values, null, 2);
      return body.trim() ? { value: body } : {};
    }
    case 'number': {
      const decimal = canonicalDecimal(text(first.value).replace(',', '.').trim());
      return decimal !== null && /^-?\d{1,15}(\.\d{1,6})?$/.test(decimal)
        ? { value: decimal }
        : { raw: rawAll() };
    }
    case 'money': {
      const decimal = canonicalDecimal(text(first.value).replace(',', '.').trim());
      if (decimal === null || !/^-?\d{1,15}(\.\d{1,2})?$/.test(decimal)) return { raw: rawAll() };
      return { value: { amount: decimal, currency: context.currency } };
    }
    case 'boolean':
      return { value: first.value === true || first.value === 'true' || first.value === '1' };
    case 'list': {
      const ids = values.map((v) => context.options?.get(text(v.value).trim().toLowerCase()));
      if (ids.some((id) => id === undefined)) return { raw: rawAll() };
      return { value: target.multiple ? ids : ids[0] };
    }
    case 'date': {
      const t = unix(first.value);
      return t === null ? { raw: rawAll() } : { value: dayOf(t, context.timeZone) };
    }
    case 'datetime': {
      const t = unix(first.value);
      if (t === null) return { raw: rawAll() };
      const iso = new Date(t * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      return toUtcDateTime(iso) ? { value: iso } : { raw: rawAll() };
    }
    case 'url': {
      const value = text(first.value).trim();
      const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`;
      return /^https?:\/\/[^\s]+$/i.test(withScheme) ? { value: withScheme } : { raw: rawAll() };
    }
    case 'address': {
      if (amoType === 'smart_address') {
        const parts: Record<string, string> = {};
        const lines: string[] = [];
        for (const v of values) {
          const part = text(v.value).trim();
          if (!part) continue;
          lines.push(part);
          const key = SMART_ADDRESS_PARTS[text(v.enum_code)];
          if (key) parts[key] = part.slice(0, 200);
        }
        return lines.length ? { value: { ...parts, text: lines.join(', ').slice(0, 1000) } } : {};
      }
      const line = text(first.value).trim();
      return line ? { value: { text: line.slice(0, 1000) } } : {};
    }
    default:
      return { raw: rawAll() };
  }
}

/** A list field's options from amoCRM enums: labels unique (case-insensitively), in amoCRM's order. */
export function listOptionsOf(enums: readonly { value: string; sort?: number | undefined }[]) {
  const seen = new Set<string>();
  return enums
    .map((e, i) => ({ label: e.value.trim().slice(0, 255), sort: e.sort ?? i }))
    .filter((e) => {
      const key = e.label.toLowerCase();
      if (!e.label || seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.sort - b.sort)
    .map((e, position) => ({ label: e.label, position }));
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** An e-mail Voronka accepts; amoCRM accepts anything (seed 000: "invalid e-mail into the comment"). */
export const isValidEmail = (value: string) => EMAIL.test(value.trim()) && value.trim().length <= 254;

export const INVALID_EMAIL_NOTE = (value: string) => `Некорректный email: ${value}`;
export const INVALID_PHONE_NOTE = (value: string) => `Некорректный телефон: ${value}`;

/** amoCRM phone/e-mail enum codes → Voronka channel types. */
export function phoneTypeOf(code: unknown): 'work' | 'mobile' | 'home' | 'fax' | 'other' {
  switch (code) {
    case 'MOB':
      return 'mobile';
    case 'HOME':
      return 'home';
    case 'FAX':
      return 'fax';
    case 'OTHER':
      return 'other';
    default:
      return 'work';
  }
}
export function emailTypeOf(code: unknown): 'work' | 'personal' | 'other' {
  return code === 'PRIV' ? 'personal' : code === 'OTHER' ? 'other' : 'work';
}

/** amoCRM task types (1 follow-up/call, 2 meeting; custom ones) → Voronka's. */
export function taskTypeOf(taskTypeId: number | null | undefined): 'call' | 'meeting' | 'email' | 'other' {
  if (taskTypeId === 1) return 'call';
  if (taskTypeId === 2) return 'meeting';
  return 'other';
}

/** The task's text with its result ("ОТЧЕТ") appended (seed 000). */
export function taskText(text: string | null | undefined, result: unknown): string {
  const body = (text ?? '').trim() || 'Задача из amoCRM';
  const resultText =
    result && typeof result === 'object' && !Array.isArray(result)
      ? text_((result as { text?: unknown }).text)
      : '';
  return resultText ? `${body}\n\nРезультат: ${resultText}` : body;
}
const text_ = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** Whether a source record falls in the chosen period (created from–to, both days included, UTC days). */
export function inPeriod(
  createdAt: number,
  period: { from: string; to: string } | null,
  timeZone: string,
): boolean {
  if (!period) return true;
  const day = dayOf(createdAt, timeZone);
  return day >= period.from && day <= period.to;
}
