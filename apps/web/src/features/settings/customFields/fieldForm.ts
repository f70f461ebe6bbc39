// The custom-field editor's form (CORE-6): what its inputs hold, the API body they become, the server's
// error paths mapped back onto the inputs, importing list options "as lines" and the sort order after a
// drag. Pure, so every rule is unit-tested; the components only render it.
import {
  createCustomFieldBodySchema,
  customFieldSchema,
  customFieldSettingsSchemas,
  LIST_MAX_OPTIONS,
  type CustomField,
  type CustomFieldEntity,
  type CustomFieldType,
} from '@voronka/contracts';

export interface OptionRow {
  id: string;
  label: string;
}

export type DefaultKind = 'none' | 'now' | 'fixed';

export type ListDisplay = 'dropdown' | 'checkboxes';

/** Everything the editor's inputs hold; type-specific settings sit side by side, only the type's are sent. */
export interface FieldFormValues {
  type: CustomFieldType;
  name: string;
  code: string;
  multiple: boolean;
  required: boolean;
  requiredFromStageIds: string[];
  showInFilter: boolean;
  showInList: boolean;
  /** Deals: the field belongs to every pipeline, or only to `pipelineIds`. */
  allPipelines: boolean;
  pipelineIds: string[];
  defaultKind: DefaultKind;
  // string
  rows: number;
  // number
  precision: number;
  min: string;
  max: string;
  // money
  currency: string;
  // list: options in the order shown, which is their position
  options: OptionRow[];
  defaultOptionId: string | null;
  display: ListDisplay;
  // crm_link
  targetEntities: CustomFieldEntity[];
  // file
  maxSizeMb: number;
  accept: string[];
  // resource_booking
  resourceIds: string[];
}

/** The default rules a type allows (definition.ts in the contracts); a list's default is one of its options. */
export function defaultKindsOf(type: CustomFieldType): readonly DefaultKind[] {
  switch (type) {
    case 'date':
    case 'datetime':
      return ['none', 'now', 'fixed'];
    case 'list':
    case 'file':
    case 'resource_booking':
      return ['none'];
    case 'crm_link':
      // A fixed record link shared by every new record has no input here yet.
      return ['none'];
    default:
      return ['none', 'fixed'];
  }
}

/** Whether the type takes several values (a yes/no field holds one). */
export const canBeMultiple = (type: CustomFieldType) => type !== 'boolean';

/** Entities whose records live in pipeline stages: only they have per-pipeline sets and "required from stage". */
export const hasPipelines = (entity: CustomFieldEntity) => entity === 'deal';

export function emptyForm(options: {
  type?: CustomFieldType;
  currency: string;
  pipelineId?: string | null;
}): FieldFormValues {
  const pipelineId = options.pipelineId ?? null;
  return {
    type: options.type ?? 'string',
    name: '',
    code: '',
    multiple: false,
    required: false,
    requiredFromStageIds: [],
    showInFilter: true,
    showInList: false,
    allPipelines: pipelineId === null,
    pipelineIds: pipelineId === null ? [] : [pipelineId],
    defaultKind: 'none',
    rows: 1,
    precision: 2,
    min: '',
    max: '',
    currency: options.currency,
    options: [],
    defaultOptionId: null,
    display: 'dropdown',
    targetEntities: ['contact', 'company'],
    maxSizeMb: 50,
    accept: [],
    resourceIds: [],
  };
}

/** The form of a stored field. */
export function formOf(field: CustomField, currency: string): FieldFormValues {
  const base = emptyForm({ type: field.type, currency });
  const values: FieldFormValues = {
    ...base,
    name: field.name,
    code: field.code ?? '',
    multiple: field.multiple,
    required: field.required,
    requiredFromStageIds: [...field.requiredFromStageIds],
    showInFilter: field.showInFilter,
    showInList: field.showInList,
    allPipelines: field.pipelineIds === null,
    pipelineIds: [...(field.pipelineIds ?? [])],
    defaultKind: field.default.kind,
  };
  switch (field.type) {
    case 'string':
      return { ...values, rows: field.settings.rows };
    case 'number':
      return {
        ...values,
        precision: field.settings.precision,
        min: field.settings.min ?? '',
        max: field.settings.max ?? '',
      };
    case 'money':
      return { ...values, currency: field.settings.currency };
    case 'list':
      return {
        ...values,
        options: field.settings.options.map((option) => ({ id: option.id, label: option.label })),
        defaultOptionId: field.settings.defaultOptionId,
        display: field.settings.display,
      };
    case 'crm_link':
      return { ...values, targetEntities: [...field.settings.targetEntities] };
    case 'file':
      return { ...values, maxSizeMb: field.settings.maxSizeMb, accept: [...field.settings.accept] };
    case 'resource_booking':
      return { ...values, resourceIds: [...field.settings.resourceIds] };
    default:
      return values;
  }
}

/** "1 500,5" → "1500.5": what people type into a decimal input, as the API's decimal string. */
export const normalizeDecimal = (input: string) =>
  input
    .trim()
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(',', '.');

const decimalOrNull = (input: string) => (input.trim() === '' ? null : normalizeDecimal(input));

/** The type's settings as the API takes them. */
export function settingsOf(values: FieldFormValues): Record<string, unknown> {
  switch (values.type) {
    case 'string':
      return { rows: values.rows };
    case 'number':
      return { precision: values.precision, min: decimalOrNull(values.min), max: decimalOrNull(values.max) };
    case 'money':
      return { currency: values.currency };
    case 'list':
      return {
        options: values.options.map((option, position) => ({
          id: option.id,
          label: option.label.trim(),
          position,
        })),
        defaultOptionId: values.defaultOptionId,
        display: values.display,
      };
    case 'crm_link':
      return { targetEntities: values.targetEntities };
    case 'file':
      return { maxSizeMb: values.maxSizeMb, accept: values.accept.map((mime) => mime.trim().toLowerCase()) };
    case 'resource_booking':
      return { resourceIds: values.resourceIds };
    default:
      return {};
  }
}

export type DefaultRule = { kind: 'none' } | { kind: 'now' } | { kind: 'fixed'; value: unknown };

/** The definition's keys every body shares (create and update), for `entity`. */
function commonOf(values: FieldFormValues, entity: CustomFieldEntity, defaultRule: DefaultRule) {
  const pipelines = hasPipelines(entity);
  return {
    name: values.name.trim(),
    code: values.code.trim() === '' ? null : values.code.trim(),
    required: values.required,
    requiredFromStageIds: pipelines ? values.requiredFromStageIds : [],
    showInFilter: values.showInFilter,
    showInList: values.showInList,
    pipelineIds: pipelines && !values.allPipelines ? values.pipelineIds : null,
    default: defaultKindsOf(values.type).includes(defaultRule.kind) ? defaultRule : { kind: 'none' },
    settings: settingsOf(values),
  };
}

export function createBodyOf(
  values: FieldFormValues,
  entity: CustomFieldEntity,
  defaultRule: DefaultRule,
  sort: number,
) {
  return {
    entity,
    type: values.type,
    multiple: canBeMultiple(values.type) && values.multiple,
    sort,
    ...commonOf(values, entity, defaultRule),
  };
}

/** An update leaves out what cannot change (`type`, `multiple`, `entity`) and the order (`sort`). */
export const updateBodyOf = (values: FieldFormValues, entity: CustomFieldEntity, defaultRule: DefaultRule) =>
  commonOf(values, entity, defaultRule);

/**
 * The input a server (or schema) error path belongs to, with the `body.` prefix already removed:
 * `settings.options.2.label` → `options.2.label`, `requiredFromStageIds.0` → `requiredFromStageIds`,
 * `default.value` → `defaultValue`. Null when no input shows it (the form then shows it above the inputs).
 */
export function formPathOf(path: string): string | null {
  const parts = path.split('.');
  const [head, second, third, fourth] = parts;
  switch (head) {
    case 'name':
    case 'code':
    case 'type':
    case 'multiple':
    case 'required':
    case 'showInFilter':
    case 'showInList':
      return head;
    case 'requiredFromStageIds':
    case 'pipelineIds':
      return head;
    case 'default':
      return 'defaultValue';
    case 'settings':
      switch (second) {
        case undefined:
          return null;
        case 'options':
          // An option's label has an input of its own; anything else about the options shows under the list.
          return third !== undefined && /^\d+$/.test(third) && fourth === 'label'
            ? `options.${third}.label`
            : 'options';
        case 'rows':
        case 'precision':
        case 'min':
        case 'max':
        case 'currency':
        case 'defaultOptionId':
        case 'display':
        case 'targetEntities':
        case 'maxSizeMb':
        case 'accept':
        case 'resourceIds':
          return second;
        default:
          return null;
      }
    default:
      return null;
  }
}

/** Server field errors (`ApiError.fields`) split into the inputs' errors and the rest, first reason per input. */
export function mapFieldErrors(fields: Readonly<Record<string, string>>): {
  inputs: Record<string, string>;
  rest: string[];
} {
  const inputs: Record<string, string> = {};
  const rest: string[] = [];
  for (const [path, reason] of Object.entries(fields)) {
    const input = formPathOf(path);
    if (input === null) rest.push(`${path}: ${reason}`);
    else inputs[input] ??= reason;
  }
  return { inputs, rest };
}

/** Problems the editor names in the UI language: a message key of `customFieldsEditor.errors.*`. */
export type LocalProblem =
  | 'required'
  | 'code'
  | 'noOptions'
  | 'emptyOption'
  | 'duplicateOption'
  | 'decimal'
  | 'minAboveMax'
  | 'noTargets'
  | 'noResources'
  | 'noPipelines';

const CODE = /^[a-z][a-z0-9_]{0,62}$/;
const DECIMAL = /^-?\d{1,15}(\.\d{1,6})?$/;

/** The checks worth a message of our own before anything is sent; the schema catches the rest. */
export function localProblems(
  values: FieldFormValues,
  entity: CustomFieldEntity,
): Record<string, LocalProblem> {
  const problems: Record<string, LocalProblem> = {};
  if (values.name.trim() === '') problems.name = 'required';
  if (values.code.trim() !== '' && !CODE.test(values.code.trim())) problems.code = 'code';
  if (hasPipelines(entity) && !values.allPipelines && values.pipelineIds.length === 0)
    problems.pipelineIds = 'noPipelines';
  switch (values.type) {
    case 'number': {
      const min = decimalOrNull(values.min);
      const max = decimalOrNull(values.max);
      if (min !== null && !DECIMAL.test(min)) problems.min = 'decimal';
      if (max !== null && !DECIMAL.test(max)) problems.max = 'decimal';
      if (min !== null && max !== null && DECIMAL.test(min) && DECIMAL.test(max) && Number(min) > Number(max))
        problems.max = 'minAboveMax';
      break;
    }
    case 'list': {
      if (values.options.length === 0) problems.options = 'noOptions';
      const seen = new Set<string>();
      values.options.forEach((option, index) => {
        const label = option.label.trim().toLowerCase();
        if (label === '') problems[`options.${index}.label`] = 'emptyOption';
        else if (seen.has(label)) problems[`options.${index}.label`] = 'duplicateOption';
        seen.add(label);
      });
      break;
    }
    case 'crm_link':
      if (values.targetEntities.length === 0) problems.targetEntities = 'noTargets';
      break;
    case 'resource_booking':
      if (values.resourceIds.length === 0) problems.resourceIds = 'noResources';
      break;
    default:
      break;
  }
  return problems;
}

/**
 * The contracts' own check of the whole definition (the server runs the same), as reasons per input:
 * a fixed default that does not fit the settings, a file type pattern, a code, anything local checks miss.
 */
export function schemaProblems(body: ReturnType<typeof createBodyOf>): Record<string, string> {
  const parsed = createCustomFieldBodySchema.safeParse(body);
  if (parsed.success) return {};
  const problems: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const input = formPathOf(issue.path.map(String).join('.')) ?? 'form';
    problems[input] ??= issue.message;
  }
  return problems;
}

export interface ImportResult {
  options: OptionRow[];
  added: number;
  blank: number;
  duplicates: number;
  tooLong: number;
  overLimit: number;
}

export const OPTION_MAX_LENGTH = 255;

/**
 * "Import as lines": each line of `text` becomes an option after the existing ones. Lines are trimmed;
 * blank lines, labels already in the list (case-insensitively, as the server compares them) or repeated in
 * the text, labels longer than the server takes and options beyond the limit are counted, not added.
 */
export function importLines(text: string, existing: readonly OptionRow[], newId: () => string): ImportResult {
  const result: ImportResult = {
    options: [...existing],
    added: 0,
    blank: 0,
    duplicates: 0,
    tooLong: 0,
    overLimit: 0,
  };
  const seen = new Set(existing.map((option) => option.label.trim().toLowerCase()));
  // Blank lines at the very end of a pasted block are not worth a note.
  const lines = text.trimEnd() === '' ? [] : text.trimEnd().split(/\r\n|\r|\n/);
  for (const line of lines) {
    const label = line.replace(/\s+/g, ' ').trim();
    if (label === '') {
      result.blank += 1;
      continue;
    }
    if (seen.has(label.toLowerCase())) {
      result.duplicates += 1;
      continue;
    }
    if (label.length > OPTION_MAX_LENGTH) {
      result.tooLong += 1;
      continue;
    }
    if (result.options.length >= LIST_MAX_OPTIONS) {
      result.overLimit += 1;
      continue;
    }
    seen.add(label.toLowerCase());
    result.options.push({ id: newId(), label });
    result.added += 1;
  }
  return result;
}

/** The options still stored but no longer in the form: the ones a save would remove. */
export function removedOptions(stored: CustomField | null, values: FieldFormValues): OptionRow[] {
  if (stored?.type !== 'list' || values.type !== 'list') return [];
  const kept = new Set(values.options.map((option) => option.id));
  return stored.settings.options
    .filter((option) => !kept.has(option.id))
    .map((option) => ({ id: option.id, label: option.label }));
}

/** Puts a removed option back at its stored place (as near as the current list allows). */
export function restoreOption(stored: CustomField, options: readonly OptionRow[], id: string): OptionRow[] {
  if (stored.type !== 'list' || options.some((option) => option.id === id)) return [...options];
  const storedOptions = stored.settings.options;
  const index = storedOptions.findIndex((option) => option.id === id);
  const option = storedOptions[index];
  if (option === undefined) return [...options];
  // After the nearest stored option before it that is still in the list.
  const before = new Set(storedOptions.slice(0, index).map((o) => o.id));
  let at = 0;
  options.forEach((candidate, i) => {
    if (before.has(candidate.id)) at = i + 1;
  });
  return [...options.slice(0, at), { id: option.id, label: option.label }, ...options.slice(at)];
}

export const SORT_STEP = 10;

/**
 * The sort values after the fields shown (`visibleIds`, in their new order) were rearranged, as changes to
 * send. The fields not shown (other pipelines' fields) keep their slots; every field is renumbered in steps
 * of SORT_STEP so a later insertion has room, and only fields whose sort changes are returned.
 */
export function sortChanges(
  all: readonly Pick<CustomField, 'id' | 'sort' | 'name'>[],
  visibleIds: readonly string[],
): { id: string; sort: number }[] {
  const ordered = [...all].sort((a, b) => a.sort - b.sort || a.name.localeCompare(b.name));
  const visible = new Set(visibleIds);
  const queue = [...visibleIds];
  const arranged = ordered.map((field) => (visible.has(field.id) ? (queue.shift() ?? field.id) : field.id));
  const byId = new Map(all.map((field) => [field.id, field]));
  return arranged.flatMap((id, index) => {
    const sort = (index + 1) * SORT_STEP;
    return byId.get(id)?.sort === sort ? [] : [{ id, sort }];
  });
}

/** The sort of a field added at the end. */
export const nextSort = (all: readonly Pick<CustomField, 'sort'>[]) =>
  Math.min(1_000_000_000, Math.max(0, ...all.map((field) => field.sort)) + SORT_STEP);

/** Fields in the order people set, the ones of one pipeline when `pipelineId` is given. */
export function fieldsInScope<F extends Pick<CustomField, 'sort' | 'name' | 'pipelineIds'>>(
  fields: readonly F[],
  pipelineId: string | null,
): F[] {
  return fields
    .filter(
      (field) => pipelineId === null || field.pipelineIds === null || field.pipelineIds.includes(pipelineId),
    )
    .sort((a, b) => a.sort - b.sort || a.name.localeCompare(b.name));
}

/**
 * A new option's id (a UUID v4, as the server wants client-generated option ids). From
 * `crypto.getRandomValues`, which unlike `randomUUID` also works on a plain-HTTP self-hosted install.
 */
export function newOptionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const PREVIEW_ID = '00000000-0000-4000-8000-000000000000';

/**
 * The field as the form describes it, with one value (a fixed default is one value, also for a multiple
 * field): the record card's input and value check then serve the default too. Null while the settings
 * are not valid yet (say a list without options), when no value can be checked against them.
 */
export function previewField(values: FieldFormValues, entity: CustomFieldEntity): CustomField | null {
  const settings = customFieldSettingsSchemas[values.type].safeParse(settingsOf(values));
  if (!settings.success) return null;
  const field = customFieldSchema.safeParse({
    id: PREVIEW_ID,
    entity,
    name: values.name.trim() === '' ? '—' : values.name.trim(),
    code: null,
    type: values.type,
    multiple: false,
    required: false,
    requiredFromStageIds: [],
    showInFilter: true,
    showInList: false,
    sort: 0,
    pipelineIds: null,
    default: { kind: 'none' },
    settings: settings.data,
  });
  return field.success ? field.data : null;
}
