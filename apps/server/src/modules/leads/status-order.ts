// Pure rules of the lead statuses' order: the open statuses in the account's order, then Converted, then
// Junk. Positions are renumbered 0..n-1 after every change so they stay dense and comparable.
import type { LeadStatusKind } from '@voronka/contracts';

export interface OrderedStatus {
  id: string;
  kind: LeadStatusKind;
  position: number;
}

const rank: Record<LeadStatusKind, number> = { open: 0, converted: 1, junk: 2 };

/** The statuses in display order. */
export function orderStatuses<T extends OrderedStatus>(statuses: readonly T[]): T[] {
  return [...statuses].sort((a, b) => rank[a.kind] - rank[b.kind] || a.position - b.position);
}

/** The open status ids in display order. */
export const openIdsOf = (statuses: readonly OrderedStatus[]) =>
  orderStatuses(statuses)
    .filter((s) => s.kind === 'open')
    .map((s) => s.id);

/** Does `ids` name every open status exactly once? */
export function isPermutationOfOpen(statuses: readonly OrderedStatus[], ids: readonly string[]): boolean {
  const open = new Set(openIdsOf(statuses));
  return ids.length === open.size && new Set(ids).size === ids.length && ids.every((id) => open.has(id));
}

/** New positions (id → position) once the open statuses take `openIds` order; the finals follow them. */
export function positionsFor(
  statuses: readonly OrderedStatus[],
  openIds: readonly string[],
): Map<string, number> {
  if (!isPermutationOfOpen(statuses, openIds)) throw new Error('openIds must list every open status once');
  const ordered = orderStatuses(statuses);
  const layout = [
    ...openIds,
    ...ordered.filter((s) => s.kind === 'converted').map((s) => s.id),
    ...ordered.filter((s) => s.kind === 'junk').map((s) => s.id),
  ];
  return new Map(layout.map((id, index) => [id, index]));
}

/** The open ids with `id` moved to (or inserted at) 1-based `position` among them; default: last. */
export function moveAmongOpen(
  openIds: readonly string[],
  id: string,
  position: number | undefined,
): string[] {
  const rest = openIds.filter((x) => x !== id);
  const index = position === undefined ? rest.length : Math.min(Math.max(position - 1, 0), rest.length);
  return [...rest.slice(0, index), id, ...rest.slice(index)];
}

export interface StatusTemplate {
  name: string;
  color: string;
  kind: LeadStatusKind;
}

/** The statuses a new account starts with (Bitrix24's familiar set), in the account's language. */
export function defaultStatuses(locale: string): StatusTemplate[] {
  const ru = locale !== 'en';
  return [
    { name: ru ? 'Необработанный' : 'Not processed', color: '#39a8ef', kind: 'open' },
    { name: ru ? 'В работе' : 'In progress', color: '#2fc6f6', kind: 'open' },
    { name: ru ? 'Обработан' : 'Processed', color: '#55d0e0', kind: 'open' },
    { name: ru ? 'Качественный лид' : 'Converted', color: '#7bd500', kind: 'converted' },
    { name: ru ? 'Некачественный лид' : 'Junk', color: '#ff5752', kind: 'junk' },
  ];
}
