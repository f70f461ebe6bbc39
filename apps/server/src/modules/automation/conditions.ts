// Conditions of a robot or trigger (pure): a group of conditions and groups joined by `and` / `or`, read
// against the deal when the run is due (Bitrix24: a robot checks its condition when it runs).
import type { AutomationCondition, AutomationConditionGroup } from '@voronka/contracts';

/** What conditions and placeholders read of a deal. */
export interface DealFacts {
  name: string;
  amount: string;
  stageId: string;
  pipelineId: string;
  responsibleUserId: string | null;
  sourceId: string | null;
  tags: string[];
  startDate: string | null;
  closeDate: string | null;
  customFields: Record<string, unknown>;
}

/** A field of the deal: built-in by name, a custom field as `cf:<id>`. */
export function fieldValue(deal: DealFacts, field: string): unknown {
  if (field.startsWith('cf:')) return deal.customFields[field.slice(3)] ?? null;
  return (deal as unknown as Record<string, unknown>)[field] ?? null;
}

type Scalar = string | number | boolean | null | undefined;

const isEmpty = (value: unknown) =>
  value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

/** Numbers compare as numbers (amounts are decimal strings), dates as ISO text, the rest as text. */
function compare(a: unknown, b: Scalar): number | null {
  if (isEmpty(a) || b === null || b === undefined) return null;
  const x = Number(a);
  const y = Number(b);
  if (typeof a !== 'object' && !Number.isNaN(x) && !Number.isNaN(y) && String(b).trim() !== '') return x - y;
  const s = String(a);
  const t = String(b);
  return s < t ? -1 : s > t ? 1 : 0;
}

function equals(a: unknown, b: Scalar): boolean {
  if (Array.isArray(a)) return a.some((item) => equals(item, b));
  if (isEmpty(a)) return isEmpty(b);
  const c = compare(a, b);
  return c === 0;
}

function contains(a: unknown, b: Scalar): boolean {
  if (b === null || b === undefined) return false;
  if (Array.isArray(a)) return a.some((item) => String(item).toLowerCase() === String(b).toLowerCase());
  if (isEmpty(a)) return false;
  return String(a).toLowerCase().includes(String(b).toLowerCase());
}

export function holds(condition: AutomationCondition, deal: DealFacts): boolean {
  const value = fieldValue(deal, condition.field);
  const expected = condition.value;
  switch (condition.operator) {
    case 'eq':
      return equals(value, expected);
    case 'neq':
      return !equals(value, expected);
    case 'contains':
      return contains(value, expected);
    case 'empty':
      return isEmpty(value);
    case 'not_empty':
      return !isEmpty(value);
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const c = compare(value, expected);
      if (c === null) return false;
      return condition.operator === 'gt'
        ? c > 0
        : condition.operator === 'gte'
          ? c >= 0
          : condition.operator === 'lt'
            ? c < 0
            : c <= 0;
    }
  }
}

const isGroup = (item: AutomationCondition | AutomationConditionGroup): item is AutomationConditionGroup =>
  'op' in item;

/** An empty group holds (no conditions: always). */
export function groupHolds(group: AutomationConditionGroup | null, deal: DealFacts): boolean {
  if (!group || group.items.length === 0) return true;
  const results = group.items.map((item) => (isGroup(item) ? groupHolds(item, deal) : holds(item, deal)));
  return group.op === 'and' ? results.every(Boolean) : results.some(Boolean);
}
