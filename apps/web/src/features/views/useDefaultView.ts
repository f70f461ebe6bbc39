import { useEffect, useRef } from 'react';
import type { SavedView, SavedViewEntity } from '@voronka/contracts';
import { useSavedViews } from './api';

/**
 * Applies the user's default view of the entity once, when the page opened with nothing chosen in its
 * address (`pristine` as it was at the first render): a link with filters is followed as it is.
 */
export function useDefaultView(entity: SavedViewEntity, pristine: boolean, apply: (view: SavedView) => void) {
  const views = useSavedViews(entity);
  const openedPristine = useRef(pristine);
  const done = useRef(false);
  useEffect(() => {
    if (done.current || views.data === undefined) return;
    done.current = true;
    if (!openedPristine.current) return;
    const view = views.data.find((v) => v.isDefault);
    if (view !== undefined) apply(view);
  }, [views.data, apply]);
}
