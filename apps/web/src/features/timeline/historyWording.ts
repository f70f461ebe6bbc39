// History entries of a record's feed in readable form: what happened (created, changed, moved to a stage…)
// and each changed field as «Field: old → new», ids turned into names (stages, users, list items), money,
// dates and custom-field values formatted. Pure: names come from the resolvers the feed passes in.
import type { CustomField, HistoryEntry } from '@voronka/contracts';
import { customFieldText, formatDay, formatInstant, formatMoney, type ValueTextContext } from './fieldText';

export interface HistoryResolvers extends ValueTextContext {
  /** The label of a record field (`stageId` → «Этап»), or null for a field not shown. */
  fieldLabel: (field: string) => string | null;
  stageName: (id: string) => string | null;
  pipelineName: (id: string) => string | null;
  /** An item of a reference list (sources, loss reasons, types…). */
  referenceName: (id: string) => string | null;
  companyName: (id: string) => string | null;
  customField: (id: string) => CustomField | undefined;
  status: (status: string) => string;
  itemCount: (count: number) => string;
  /** The currency of amounts in the entry (the record's). */
  currency: string;
  /** What a removed or unknown value shows. */
  unknown: string;
}

export interface ChangeLine {
  field: string;
  label: string;
  from: string | null;
  to: string | null;
}

export type HistoryKind =
  | 'created'
  | 'copyCreated'
  | 'copied'
  | 'copiedAnonymized'
  | 'updated'
  | 'stage'
  | 'deleted'
  | 'restored'
  | 'merged'
  | 'other';

export interface HistoryWording {
  kind: HistoryKind;
  /** The stage names of a stage move, for the headline. */
  stage?: { from: string | null; to: string | null };
  changes: ChangeLine[];
  /** The other deal of a copy (the original on a copy, the copy on an original), when it may be shown. */
  link?: { dealId: string; name: string | null };
}

// Fields that other changes already tell (a stage move closes or reopens the deal) or that are bookkeeping.
const HIDDEN = new Set([
  'closedAt',
  'status',
  'version',
  'updatedAt',
  'createdAt',
  'stageEnteredAt',
  'search',
]);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isEmpty = (value: unknown) =>
  value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

const idName = (resolve: (id: string) => string | null, value: unknown, unknown: string) =>
  typeof value === 'string' ? (resolve(value) ?? unknown) : unknown;

/** One value of a record field as text (null: empty). */
export function valueText(field: string, value: unknown, r: HistoryResolvers): string | null {
  if (isEmpty(value)) return null;
  switch (field) {
    // A lead's status: the resolvers of a lead's feed name statuses as stages.
    case 'statusId':
    case 'stageId':
      return idName(r.stageName, value, r.unknown);
    case 'pipelineId':
      return idName(r.pipelineName, value, r.unknown);
    case 'responsibleUserId':
    case 'createdBy':
    case 'userId':
      return idName(r.userName, value, r.unknown);
    case 'companyId':
      return idName(r.companyName, value, r.unknown);
    case 'sourceId':
    case 'lossReasonId':
    case 'typeId':
    case 'industryId':
      return idName(r.referenceName, value, r.unknown);
    case 'amount':
      return typeof value === 'string' || typeof value === 'number'
        ? formatMoney(value, r.currency, r.locale)
        : String(value);
    case 'startDate':
    case 'closeDate':
    case 'birthday':
      return typeof value === 'string' ? formatDay(value, r.locale) : String(value);
    case 'closedAt':
      return typeof value === 'string' ? formatInstant(value, r.locale, r.timeZone) : String(value);
    case 'status':
      return typeof value === 'string' ? r.status(value) : String(value);
    case 'items':
      return Array.isArray(value) ? r.itemCount(value.length) : String(value);
    default:
      break;
  }
  if (typeof value === 'boolean') return value ? r.yes : r.no;
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    // Tags, contacts ({ name }), phones ({ value }), e-mails…
    return value
      .map((element) => {
        if (isRecord(element)) {
          const text = element.name ?? element.value ?? element.label;
          return typeof text === 'string' ? text : JSON.stringify(element);
        }
        return String(element);
      })
      .join(', ');
  }
  return JSON.stringify(value);
}

/** The custom fields whose values differ between two `customFields` objects, as change lines. */
function customFieldLines(from: unknown, to: unknown, r: HistoryResolvers): ChangeLine[] {
  const before = isRecord(from) ? from : {};
  const after = isRecord(to) ? to : {};
  const ids = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return ids.flatMap((id) => {
    if (JSON.stringify(before[id] ?? null) === JSON.stringify(after[id] ?? null)) return [];
    const field = r.customField(id);
    if (field === undefined) {
      return [{ field: `customFields.${id}`, label: r.unknown, from: null, to: null }];
    }
    return [
      {
        field: `customFields.${id}`,
        label: field.name,
        from: customFieldText(field, before[id], r),
        to: customFieldText(field, after[id], r),
      },
    ];
  });
}

/** The changed fields of an entry, in the order recorded, as readable lines. */
export function changeLines(changes: HistoryEntry['changes'], r: HistoryResolvers): ChangeLine[] {
  if (changes === null) return [];
  const lines: ChangeLine[] = [];
  for (const [field, change] of Object.entries(changes)) {
    if (HIDDEN.has(field)) continue;
    if (field === 'customFields') {
      lines.push(...customFieldLines(change.from, change.to, r));
      continue;
    }
    const label = r.fieldLabel(field);
    if (label === null) continue;
    lines.push({ field, label, from: valueText(field, change.from, r), to: valueText(field, change.to, r) });
  }
  return lines;
}

/** What an entry says: its kind (headline), the stage move if any, and the changed fields. */
export function describeHistory(entry: HistoryEntry, r: HistoryResolvers): HistoryWording {
  const verb = entry.type.slice(entry.type.indexOf('.') + 1);
  const changes = changeLines(entry.changes, r);
  const stageChange = entry.changes?.stageId;
  switch (verb) {
    case 'created':
      // A copy's creation names its original (an anonymized copy's never does).
      if (typeof entry.details.copiedFrom === 'string')
        return { kind: 'copyCreated', changes: [], link: { dealId: entry.details.copiedFrom, name: null } };
      return { kind: 'created', changes: [] };
    case 'copied':
      if (typeof entry.details.copyId === 'string')
        return {
          kind: 'copied',
          changes: [],
          link: {
            dealId: entry.details.copyId,
            name: typeof entry.details.copyName === 'string' ? entry.details.copyName : null,
          },
        };
      return { kind: 'copiedAnonymized', changes: [] };
    case 'deleted':
      return { kind: 'deleted', changes: [] };
    case 'restored':
    case 'merge_undone':
      return { kind: 'restored', changes: [] };
    case 'merged':
      return { kind: 'merged', changes: [] };
    case 'updated':
      if (stageChange !== undefined) {
        return {
          kind: 'stage',
          stage: {
            from: valueText('stageId', stageChange.from, r),
            to: valueText('stageId', stageChange.to, r),
          },
          changes: changes.filter((line) => line.field !== 'stageId'),
        };
      }
      return { kind: 'updated', changes };
    default:
      return { kind: 'other', changes };
  }
}
