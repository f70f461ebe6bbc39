// Pure conversion of one spreadsheet row into the body a record service takes: text cells through the
// column mapping into standard fields (names, phones, e-mails, amounts, dates, users, stages…) and custom
// fields, each custom value validated by the contracts' type registry. Every problem names its column.
import {
  customFieldValueSchema,
  SPREADSHEET_CUSTOM_FIELD_TYPES,
  type ColumnTarget,
  type CustomField,
  type SpreadsheetEntity,
  type SpreadsheetField,
} from '@voronka/contracts';
import { normalizeEmail, normalizePhone } from '../contacts/index.js';

export interface RowContext {
  entity: SpreadsheetEntity;
  users: { id: string; name: string; email: string }[];
  pipelines: { id: string; name: string; isDefault: boolean; stages: { id: string; name: string }[] }[];
  customFields: Map<string, CustomField>;
  currency: string;
}

export interface CellError {
  column: number | null;
  field: string;
  reason: string;
}

/** What a row matches existing records by. */
export interface RowKeys {
  phones: string[];
  emails: string[];
  name: { first: string; last: string } | string | null;
}

export interface ConvertedRow {
  body: Record<string, unknown>;
  errors: CellError[];
  keys: RowKeys;
  /** The column each body key came from, to point service errors (`body.phones.1.value`) at a column. */
  columns: Map<string, number>;
}

const splitList = (text: string) =>
  text
    .split(/[;,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** "150 000,50", "150000.5", "1,5 млн" is not supported: a decimal with at most `scale` fraction digits. */
export function parseDecimal(text: string, scale: number): string | null {
  let t = text.replace(/[\s\u00a0\u202f']/g, '').replace(/[₽$€]|руб\.?|rub/gi, '');
  if (/^-?\d+,\d+$/.test(t)) t = t.replace(',', '.');
  else if (/^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) t = t.replace(/,/g, '');
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(t);
  if (!m) return null;
  const [, sign = '', whole = '', fraction = ''] = m;
  const trimmed = fraction.replace(/0+$/, '');
  if (trimmed.length > scale) return null;
  const int = whole.replace(/^0+(?=\d)/, '');
  return `${sign}${int}${trimmed ? `.${trimmed}` : ''}`;
}

const pad2 = (n: string) => n.padStart(2, '0');

/** YYYY-MM-DD from ISO, DD.MM.YYYY, DD/MM/YYYY or DD-MM-YYYY (day first, as in Russia and Europe). */
export function parseDate(text: string): string | null {
  const t = text.trim();
  let y: string, m: string, d: string;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(t);
  const dmy = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?:[ T].*)?$/.exec(t);
  if (iso) [, y = '', m = '', d = ''] = iso;
  else if (dmy) [, d = '', m = '', y = ''] = dmy;
  else return null;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (
    date.getUTCFullYear() !== Number(y) ||
    date.getUTCMonth() !== Number(m) - 1 ||
    date.getUTCDate() !== Number(d)
  )
    return null;
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/** An instant from ISO with an offset, or a local "date time" (taken as UTC when no offset is written). */
export function parseDateTime(text: string): string | null {
  const t = text.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(t)) return t;
  const m = /^(.+?)[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(t);
  const date = parseDate(m ? (m[1] ?? '') : t);
  if (!date) return null;
  const [h = '0', mi = '0', s = '0'] = m ? [m[2], m[3], m[4] ?? '0'] : [];
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  return `${date}T${pad2(h)}:${pad2(mi)}:${pad2(s)}Z`;
}

const TRUE = ['1', 'true', 'yes', 'y', 'да', 'д', '+', 'истина'];
const FALSE = ['0', 'false', 'no', 'n', 'нет', 'н', '-', 'ложь'];
export function parseBoolean(text: string): boolean | null {
  const t = text.trim().toLowerCase();
  if (TRUE.includes(t)) return true;
  if (FALSE.includes(t)) return false;
  return null;
}

const CURRENCY_ALIASES: Record<string, string> = {
  '₽': 'RUB',
  руб: 'RUB',
  'руб.': 'RUB',
  рубль: 'RUB',
  rur: 'RUB',
  $: 'USD',
  '€': 'EUR',
};
export function parseCurrency(text: string): string | null {
  const t = text.trim();
  const code = CURRENCY_ALIASES[t.toLowerCase()] ?? t.toUpperCase();
  return /^[A-Z]{3}$/.test(code) ? code : null;
}

/** "Иванов Иван Иванович" → last, first, middle (the Russian order); one word is a first name. */
export function splitFullName(text: string) {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length === 1) return { firstName: words[0] ?? null, lastName: null, middleName: null };
  const [lastName = null, firstName = null, ...rest] = words;
  return { lastName, firstName, middleName: rest.length > 0 ? rest.join(' ') : null };
}

const lower = (s: string) => s.trim().toLowerCase().replace(/ё/g, 'е');

function userOf(ctx: RowContext, text: string) {
  const t = lower(text);
  return ctx.users.find((u) => u.email.toLowerCase() === t) ?? ctx.users.find((u) => lower(u.name) === t);
}

/** The custom-field types a spreadsheet cell can hold. */
export const IMPORTABLE_TYPES = new Set<CustomField['type']>(SPREADSHEET_CUSTOM_FIELD_TYPES);

/** A custom field's value from a cell (before the registry validates it), or a reason it cannot be one. */
function customElement(
  ctx: RowContext,
  field: CustomField,
  text: string,
): { value: unknown } | { reason: string } {
  switch (field.type) {
    case 'number': {
      const n = parseDecimal(text, 6);
      return n === null ? { reason: 'is not a number' } : { value: n };
    }
    case 'money': {
      const m = /^(.*?)\s*([A-Za-z]{3}|₽|руб\.?|\$|€)?$/.exec(text.trim());
      const amount = parseDecimal(m?.[1] ?? text, 2);
      if (amount === null) return { reason: 'is not an amount of money' };
      const currency = m?.[2] ? parseCurrency(m[2]) : field.settings.currency;
      return { value: { amount, currency } };
    }
    case 'list': {
      const option = field.settings.options.find((o) => lower(o.label) === lower(text));
      return option ? { value: option.id } : { reason: `is not an option of "${field.name}"` };
    }
    case 'date': {
      const d = parseDate(text);
      return d ? { value: d } : { reason: 'is not a date (YYYY-MM-DD or DD.MM.YYYY)' };
    }
    case 'datetime': {
      const d = parseDateTime(text);
      return d ? { value: d } : { reason: 'is not a date and time' };
    }
    case 'boolean': {
      const b = parseBoolean(text);
      return b === null ? { reason: 'is not yes or no' } : { value: b };
    }
    case 'address':
      return { value: { text } };
    case 'user': {
      const user = userOf(ctx, text);
      return user ? { value: user.id } : { reason: 'is no user of the account (give a name or an e-mail)' };
    }
    default:
      return { value: text };
  }
}

function customValue(
  ctx: RowContext,
  field: CustomField,
  text: string,
): { value: unknown } | { reason: string } {
  if (!IMPORTABLE_TYPES.has(field.type)) return { reason: `a ${field.type} field cannot be imported` };
  const parts =
    field.multiple && field.type !== 'text' && field.type !== 'address' ? splitList(text) : [text];
  const values: unknown[] = [];
  for (const part of parts) {
    const element = customElement(ctx, field, part);
    if ('reason' in element) return element;
    values.push(element.value);
  }
  const value = field.multiple ? values : values[0];
  const parsed = customFieldValueSchema(field).safeParse(value);
  if (!parsed.success) return { reason: parsed.error.issues[0]?.message ?? 'is not a valid value' };
  return { value: parsed.data };
}

/** Converts one row through the mapping. Empty cells write nothing. */
export function convertRow(ctx: RowContext, mapping: ColumnTarget[], cells: string[]): ConvertedRow {
  const body: Record<string, unknown> = {};
  const errors: CellError[] = [];
  const columns = new Map<string, number>();
  const phones: { value: string; type: string }[] = [];
  const emails: { value: string; type: string }[] = [];
  const sites: { value: string }[] = [];
  const keys: RowKeys = { phones: [], emails: [], name: null };
  const customFields: Record<string, unknown> = {};
  let pipelineText: { text: string; column: number } | undefined;
  let stageText: { text: string; column: number } | undefined;

  const set = (key: string, value: unknown, column: number) => {
    body[key] = value;
    columns.set(key, column);
  };
  const fail = (column: number, field: string, reason: string) => errors.push({ column, field, reason });
  const channels = { phones, emails };
  /** The cell's phones or e-mails (a list), each kept with its normalized form as a duplicate key. */
  const addChannels = (
    field: 'phones' | 'emails',
    text: string,
    column: number,
    normalize: (value: string) => string | null,
    what: string,
  ) => {
    for (const value of splitList(text)) {
      const key = normalize(value);
      if (!key) fail(column, field, `"${value}" is not ${what}`);
      else {
        columns.set(`${field}.${channels[field].length}`, column);
        channels[field].push({ value, type: 'work' });
        keys[field].push(key);
      }
    }
  };

  mapping.forEach((target, column) => {
    const text = (cells[column] ?? '').trim();
    if (!target || text === '') return;
    if ('customFieldId' in target) {
      const field = ctx.customFields.get(target.customFieldId);
      if (!field) return fail(column, `customFields.${target.customFieldId}`, 'is no longer a custom field');
      const result = customValue(ctx, field, text);
      if ('reason' in result) return fail(column, `customFields.${field.id}`, result.reason);
      customFields[field.id] = result.value;
      columns.set(`customFields.${field.id}`, column);
      return;
    }
    const field: SpreadsheetField = target.field;
    switch (field) {
      case 'fullName': {
        const parts = splitFullName(text);
        for (const [key, value] of Object.entries(parts)) if (value) set(key, value, column);
        return;
      }
      case 'phone':
        return addChannels('phones', text, column, normalizePhone, 'a phone number');
      case 'email':
        return addChannels('emails', text, column, normalizeEmail, 'an e-mail address');
      case 'site':
        for (const value of splitList(text)) sites.push({ value });
        columns.set('sites', column);
        return;
      case 'responsible': {
        const user = userOf(ctx, text);
        if (!user) return fail(column, 'responsibleUserId', `"${text}" is no user of the account`);
        return set('responsibleUserId', user.id, column);
      }
      case 'amount': {
        const amount = parseDecimal(text, 2);
        if (amount === null || amount.startsWith('-'))
          return fail(column, 'amount', `"${text}" is not an amount (up to 2 decimal places)`);
        return set('amount', amount, column);
      }
      case 'currency': {
        const currency = parseCurrency(text);
        if (!currency) return fail(column, 'currency', `"${text}" is not a currency code such as RUB`);
        return set('currency', currency, column);
      }
      case 'startDate':
      case 'closeDate': {
        const date = parseDate(text);
        if (!date) return fail(column, field, `"${text}" is not a date (YYYY-MM-DD or DD.MM.YYYY)`);
        return set(field, date, column);
      }
      case 'tags':
        return set('tags', splitList(text), column);
      case 'pipeline':
        pipelineText = { text, column };
        return;
      case 'stage':
        stageText = { text, column };
        return;
      default:
        return set(field, text, column);
    }
  });

  if (phones.length > 0) body.phones = phones;
  if (emails.length > 0) body.emails = emails;
  if (sites.length > 0) body.sites = sites;
  if (Object.keys(customFields).length > 0) body.customFields = customFields;

  if (pipelineText || stageText) {
    const pipeline = pipelineText
      ? ctx.pipelines.find((p) => lower(p.name) === lower(pipelineText?.text ?? ''))
      : (ctx.pipelines.find((p) => p.isDefault) ?? ctx.pipelines[0]);
    if (!pipeline && pipelineText)
      fail(pipelineText.column, 'pipelineId', `"${pipelineText.text}" is no pipeline`);
    if (pipeline) {
      set('pipelineId', pipeline.id, pipelineText?.column ?? stageText?.column ?? 0);
      if (stageText) {
        const stage = pipeline.stages.find((s) => lower(s.name) === lower(stageText?.text ?? ''));
        if (!stage)
          fail(
            stageText.column,
            'stageId',
            `"${stageText.text}" is no stage of the pipeline "${pipeline.name}"`,
          );
        else set('stageId', stage.id, stageText.column);
      }
    }
  }

  // Required fields, as the services would refuse them, named at the row level.
  const has = (key: string) => typeof body[key] === 'string' && body[key] !== '';
  if (ctx.entity === 'contacts') {
    if (!has('firstName') && !has('lastName'))
      errors.push({ column: null, field: 'firstName', reason: 'a contact needs a first or last name' });
    keys.name =
      has('firstName') && has('lastName')
        ? { first: String(body.firstName), last: String(body.lastName) }
        : null;
  } else if (ctx.entity === 'leads') {
    keys.name = has('name') ? String(body.name) : null;
  } else {
    if (!has('name')) errors.push({ column: null, field: 'name', reason: 'is required' });
    keys.name = has('name') ? String(body.name) : null;
  }
  return { body, errors, keys, columns };
}

/** The column a service's field error (`body.phones.1.value`) points at, when the row's mapping knows it. */
export function columnOfField(columns: Map<string, number>, field: string): number | null {
  const path = field.replace(/^body\./, '').split('.');
  for (let n = path.length; n > 0; n--) {
    const column = columns.get(path.slice(0, n).join('.'));
    if (column !== undefined) return column;
  }
  return null;
}
