import { useCallback, useState } from 'react';

/**
 * Open/close state for a modal whose content starts fresh on every opening: render the content with
 * `key={dialog.key}`. Unlike `{opened && <Form />}`, the content stays during the closing transition.
 */
export function useDialog<T = true>() {
  const [state, setState] = useState<{ opened: boolean; key: number; value: T | null }>({
    opened: false,
    key: 0,
    value: null,
  });
  const open = useCallback(
    (value: T) => setState((current) => ({ opened: true, key: current.key + 1, value })),
    [],
  );
  const close = useCallback(() => setState((current) => ({ ...current, opened: false })), []);
  return { opened: state.opened, key: state.key, value: state.value, open, close };
}
