// Pure rules of a pipeline's stage order: Unsorted first, the open stages in their order, then Won and
// Lost. Positions are always renumbered 0..n-1 after a change, so they stay dense and comparable.
import type { StageKind } from '@voronka/contracts';

export interface OrderedStage {
  id: string;
  kind: StageKind;
  position: number;
}

const rank: Record<StageKind, number> = { unsorted: 0, open: 1, won: 2, lost: 3 };

/** The stages in display order. */
export function orderStages<T extends OrderedStage>(stages: readonly T[]): T[] {
  return [...stages].sort((a, b) => rank[a.kind] - rank[b.kind] || a.position - b.position);
}

/**
 * New positions for every stage after the open stages take `openIds` order. Returns id → position.
 * `openIds` must name exactly the pipeline's open stages.
 */
export function positionsFor(
  stages: readonly OrderedStage[],
  openIds: readonly string[],
): Map<string, number> {
  const ordered = orderStages(stages);
  const open = new Set(ordered.filter((s) => s.kind === 'open').map((s) => s.id));
  if (
    openIds.length !== open.size ||
    !openIds.every((id) => open.has(id)) ||
    new Set(openIds).size !== openIds.length
  ) {
    throw new Error('openIds must list every open stage exactly once');
  }
  const result = new Map<string, number>();
  const layout = [
    ...ordered.filter((s) => s.kind === 'unsorted').map((s) => s.id),
    ...openIds,
    ...ordered.filter((s) => s.kind === 'won').map((s) => s.id),
    ...ordered.filter((s) => s.kind === 'lost').map((s) => s.id),
  ];
  layout.forEach((id, index) => result.set(id, index));
  return result;
}

/** The open stage ids with `id` moved to (or inserted at) 1-based `position` among them. */
export function moveAmongOpen(
  openIds: readonly string[],
  id: string,
  position: number | undefined,
): string[] {
  const rest = openIds.filter((x) => x !== id);
  const index = position === undefined ? rest.length : Math.min(Math.max(position - 1, 0), rest.length);
  return [...rest.slice(0, index), id, ...rest.slice(index)];
}

export interface StageTemplate {
  name: string;
  color: string;
  kind: StageKind;
}

/** The stages of a new account's default pipeline (amoCRM's familiar set), in the account's language. */
export function defaultStages(locale: string): { pipelineName: string; stages: StageTemplate[] } {
  const ru = locale !== 'en';
  return {
    pipelineName: ru ? 'Продажи' : 'Sales',
    stages: [
      { name: ru ? 'Неразобранное' : 'Incoming', color: '#c1c7d0', kind: 'unsorted' },
      { name: ru ? 'Первичный контакт' : 'Initial contact', color: '#99ccff', kind: 'open' },
      { name: ru ? 'Переговоры' : 'Negotiation', color: '#ffcc66', kind: 'open' },
      { name: ru ? 'Принимают решение' : 'Decision making', color: '#ffcc99', kind: 'open' },
      { name: ru ? 'Согласование договора' : 'Contract', color: '#ff9999', kind: 'open' },
      { name: ru ? 'Успешно реализовано' : 'Won', color: '#ccff66', kind: 'won' },
      { name: ru ? 'Закрыто и не реализовано' : 'Lost', color: '#d5d8db', kind: 'lost' },
    ],
  };
}

/** The system stages every new pipeline gets around the open stages the user named. */
export function systemStages(locale: string): StageTemplate[] {
  return defaultStages(locale).stages.filter((s) => s.kind !== 'open');
}
