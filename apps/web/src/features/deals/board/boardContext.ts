import { createContext, useContext } from 'react';
import type { QueryKey } from '@tanstack/react-query';

/** The query key of the board on screen, for the writes made inside it (quick add). */
export const BoardKeyContext = createContext<QueryKey | null>(null);

export function useBoardKey(): QueryKey {
  const key = useContext(BoardKeyContext);
  if (key === null) throw new Error('useBoardKey() is only available inside the kanban');
  return key;
}

/**
 * The running response-SLA deadlines of the board's Unsorted deals, by deal id (from the inbox). A context,
 * so only the countdowns re-render when it changes, not the memoized cards.
 */
export const SlaDeadlinesContext = createContext<ReadonlyMap<string, string>>(new Map());
