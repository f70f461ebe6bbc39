// Pure rules of a deal copy (ADR 0016): which options hold after defaults and presets, which custom fields an
// (anonymized) copy takes, and the copy's title.
import {
  fieldAppliesToPipeline,
  isPersonalFieldType,
  type CustomField,
  type DealCopyOptions,
  type DealCopyTitle,
  type FieldError,
} from '@voronka/contracts';

export const isPersonalField = (field: Pick<CustomField, 'type'>) => isPersonalFieldType(field.type);

/** The options with every default filled in. */
export interface ResolvedCopyOptions {
  anonymized: boolean;
  pipelineId: string | undefined;
  stageId: string | undefined;
  responsibleUserId: string | null | undefined;
  items: 'all' | string[];
  contacts: boolean;
  company: boolean;
  amount: boolean;
  tags: boolean;
  source: boolean;
  dates: boolean;
  customFields: 'all' | string[];
  title: DealCopyTitle;
}

/** The neutral title of an anonymized copy when none is given, in the account's language. */
export const neutralTitle = (locale: string): DealCopyTitle => ({
  kind: 'template',
  text: locale === 'en' ? 'Deal #{id}' : 'Сделка #{id}',
});

/**
 * A preset's options under the request's own (the request wins key by key), then the defaults. An anonymized
 * copy that is asked for contacts, a company or a title with the original's name is refused (422 naming the
 * option) rather than quietly changed: the person asking must see that it will not happen.
 */
export function resolveOptions(
  preset: DealCopyOptions | undefined,
  request: DealCopyOptions,
  locale: string,
): { ok: true; options: ResolvedCopyOptions } | { ok: false; errors: FieldError[] } {
  const merged: DealCopyOptions = { ...preset, ...stripUndefined(request) };
  const anonymized = merged.anonymized ?? false;
  const errors: FieldError[] = [];
  if (anonymized) {
    if (merged.contacts === true)
      errors.push({ field: 'body.contacts', reason: 'An anonymized copy carries no contacts' });
    if (merged.company === true)
      errors.push({ field: 'body.company', reason: 'An anonymized copy carries no company' });
    if (merged.title && namesOriginal(merged.title))
      errors.push({
        field: 'body.title',
        reason: "An anonymized copy's title must not contain the original's title",
      });
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    options: {
      anonymized,
      pipelineId: merged.pipelineId,
      stageId: merged.stageId,
      responsibleUserId: merged.responsibleUserId,
      items: merged.items ?? 'all',
      contacts: !anonymized && (merged.contacts ?? true),
      company: !anonymized && (merged.company ?? true),
      amount: merged.amount ?? !anonymized,
      tags: merged.tags ?? !anonymized,
      source: merged.source ?? !anonymized,
      dates: merged.dates ?? true,
      customFields: merged.customFields ?? 'all',
      title: merged.title ?? (anonymized ? neutralTitle(locale) : { kind: 'same' }),
    },
  };
}

const stripUndefined = <T extends object>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;

const namesOriginal = (title: DealCopyTitle) => title.kind === 'same' || title.text.includes('{name}');

/** The copy's title: `{name}` → the original's title, `{id}` → the copy's short id; at most 255 characters. */
export function titleOf(title: DealCopyTitle, originalName: string, copyId: string): string {
  if (title.kind === 'same') return originalName;
  const text = title.text.replaceAll('{name}', originalName).replaceAll('{id}', copyId.slice(0, 8));
  return text.slice(0, 255);
}

/**
 * The custom-field values the copy takes: the selected fields (unknown ids → 422 at `body.customFields.<n>`),
 * without fields the target pipeline does not have; in an anonymized copy 'all' means every non-personal
 * field, and a personal one only when listed by id.
 */
export function fieldValuesToCopy(
  fields: CustomField[],
  stored: Record<string, unknown>,
  selection: 'all' | string[],
  anonymized: boolean,
  targetPipelineId: string,
): { ok: true; values: Record<string, unknown> } | { ok: false; errors: FieldError[] } {
  const byId = new Map(fields.map((f) => [f.id, f]));
  if (selection !== 'all') {
    const errors: FieldError[] = [];
    selection.forEach((id, i) => {
      if (!byId.has(id)) errors.push({ field: `body.customFields.${i}`, reason: 'No such deal field' });
    });
    if (errors.length > 0) return { ok: false, errors };
  }
  // A booked resource is never copied with 'all': the copy would book it a second time.
  const chosen =
    selection === 'all'
      ? fields.filter((f) => f.type !== 'resource_booking' && !(anonymized && isPersonalField(f)))
      : selection.map((id) => byId.get(id) as CustomField);
  const values: Record<string, unknown> = {};
  for (const field of chosen) {
    const value = stored[field.id];
    if (value === undefined || value === null) continue;
    if (!fieldAppliesToPipeline(field, targetPipelineId)) continue;
    values[field.id] = value;
  }
  return { ok: true, values };
}
