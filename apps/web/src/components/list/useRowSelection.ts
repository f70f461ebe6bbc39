import { useCallback, useMemo, useState } from 'react';

/** The rows ticked in a list and the reasons shown on rows a bulk action refused. */
export interface RowSelection {
  selected: ReadonlySet<string>;
  /** The ticked ids, in the order they were ticked. */
  ids: string[];
  toggle: (id: string) => void;
  /** Ticks every row given, or none when they all are already. */
  toggleAll: (ids: readonly string[]) => void;
  /** Keeps only these ticked (e.g. the ones a bulk action refused). */
  keep: (ids: Iterable<string>) => void;
  clear: () => void;
  rowErrors: ReadonlyMap<string, string>;
  setRowErrors: (errors: ReadonlyMap<string, string>) => void;
}

export function useRowSelection(): RowSelection {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [rowErrors, setRowErrors] = useState<ReadonlyMap<string, string>>(new Map());
  const toggle = useCallback(
    (id: string) =>
      setSelected((current) => {
        const next = new Set(current);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    [],
  );
  const toggleAll = useCallback(
    (ids: readonly string[]) =>
      setSelected((current) =>
        ids.length > 0 && ids.every((id) => current.has(id)) ? new Set() : new Set(ids),
      ),
    [],
  );
  const keep = useCallback((ids: Iterable<string>) => setSelected(new Set(ids)), []);
  const clear = useCallback(() => setSelected(new Set()), []);
  const ids = useMemo(() => [...selected], [selected]);
  return { selected, ids, toggle, toggleAll, keep, clear, rowErrors, setRowErrors };
}
