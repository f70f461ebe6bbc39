// The copy dialog's state and its rules, apart from React: defaults from the deal, a preset filling the form,
// the anonymized switch clearing (and locking) everything personal, and the options sent to the server.
import {
  isPersonalFieldType,
  type CustomField,
  type DealCopyOptions,
  type DealStatus,
} from '@voronka/contracts';

export interface CopyFormState {
  presetId: string | null;
  pipelineId: string;
  stageId: string | null;
  responsibleUserId: string | null;
  /** Line items chosen (ids of the original's items). */
  items: string[];
  contacts: boolean;
  company: boolean;
  amount: boolean;
  tags: boolean;
  source: boolean;
  dates: boolean;
  /** Custom fields chosen (single fields and multi-value lists). */
  fields: string[];
  anonymized: boolean;
  /** Empty: the original's title (or, anonymized, the neutral one the server gives). */
  title: string;
}

export interface CopySource {
  pipelineId: string;
  stageId: string;
  status: DealStatus;
  responsibleUserId: string | null;
  itemIds: string[];
}

export const isPersonal = (field: Pick<CustomField, 'type'>) => isPersonalFieldType(field.type);

export function initialCopyState(source: CopySource, fields: readonly CustomField[]): CopyFormState {
  return {
    presetId: null,
    pipelineId: source.pipelineId,
    stageId: source.status === 'open' ? source.stageId : null,
    responsibleUserId: source.responsibleUserId,
    items: [...source.itemIds],
    contacts: true,
    company: true,
    amount: true,
    tags: true,
    source: true,
    dates: true,
    fields: fields.map((f) => f.id),
    anonymized: false,
    title: '',
  };
}

/** The anonymized switch: on clears contacts, company, amount, tags, source and every personal field. */
export function withAnonymized(
  state: CopyFormState,
  anonymized: boolean,
  fields: readonly CustomField[],
): CopyFormState {
  if (!anonymized) return { ...state, anonymized };
  const personal = new Set(fields.filter(isPersonal).map((f) => f.id));
  return {
    ...state,
    anonymized,
    contacts: false,
    company: false,
    amount: false,
    tags: false,
    source: false,
    fields: state.fields.filter((id) => !personal.has(id)),
    title: state.title.includes('{name}') ? '' : state.title,
  };
}

/** A preset's options over the deal's defaults (what the preset leaves out stays as the deal has it). */
export function withPreset(
  base: CopyFormState,
  presetId: string,
  options: DealCopyOptions,
  fields: readonly CustomField[],
): CopyFormState {
  const anonymized = options.anonymized ?? false;
  const pick = (selection: 'all' | string[] | undefined, all: string[]) =>
    selection === undefined || selection === 'all' ? all : selection.filter((id) => all.includes(id));
  const allFields = fields.map((f) => f.id);
  const state: CopyFormState = {
    ...base,
    presetId,
    pipelineId: options.pipelineId ?? base.pipelineId,
    stageId: options.stageId ?? (options.pipelineId !== undefined ? null : base.stageId),
    responsibleUserId:
      options.responsibleUserId === undefined ? base.responsibleUserId : options.responsibleUserId,
    items: pick(options.items, base.items),
    contacts: options.contacts ?? !anonymized,
    company: options.company ?? !anonymized,
    amount: options.amount ?? !anonymized,
    tags: options.tags ?? !anonymized,
    source: options.source ?? !anonymized,
    dates: options.dates ?? true,
    fields:
      anonymized && (options.customFields === undefined || options.customFields === 'all')
        ? fields.filter((f) => !isPersonal(f)).map((f) => f.id)
        : pick(options.customFields, allFields),
    anonymized,
    title: options.title?.kind === 'template' ? options.title.text : '',
  };
  return state;
}

/** The request: every choice explicit, so what the dialog shows is what is copied. */
export function toCopyOptions(
  state: CopyFormState,
  allItemIds: readonly string[],
  fields: readonly CustomField[],
): DealCopyOptions {
  const allChosen = (chosen: string[], all: readonly string[]) =>
    all.length > 0 && all.every((id) => chosen.includes(id));
  const personalChosen = fields.some((f) => isPersonal(f) && state.fields.includes(f.id));
  return {
    pipelineId: state.pipelineId,
    ...(state.stageId !== null ? { stageId: state.stageId } : {}),
    responsibleUserId: state.responsibleUserId,
    items: allChosen(state.items, allItemIds) ? 'all' : state.items,
    ...(state.anonymized ? {} : { contacts: state.contacts, company: state.company }),
    amount: state.amount,
    tags: state.tags,
    source: state.source,
    dates: state.dates,
    // Anonymized, 'all' would leave personal fields out anyway; explicit ids say exactly which.
    customFields:
      allChosen(
        state.fields,
        fields.map((f) => f.id),
      ) && !(state.anonymized && personalChosen)
        ? 'all'
        : state.fields,
    ...(state.title.trim() !== '' ? { title: { kind: 'template' as const, text: state.title.trim() } } : {}),
    anonymized: state.anonymized,
  };
}
