// Keyboard drag and drop on the kanban: with a card picked up (Space), ← and → carry it to the
// previous or next column in one step (not pixel by pixel), Space or Enter drops it, Escape cancels.
import type { ClientRect, KeyboardCoordinateGetter } from '@dnd-kit/core';

const centerX = (rect: Pick<ClientRect, 'left' | 'width'>) => rect.left + rect.width / 2;

/** The column rect one step left (-1) or right (1) of `from`'s centre, if there is one. */
export function neighbourColumn(
  rects: readonly Pick<ClientRect, 'left' | 'width'>[],
  from: number,
  direction: 1 | -1,
): Pick<ClientRect, 'left' | 'width'> | undefined {
  const candidates = rects
    .filter((rect) => (direction === 1 ? centerX(rect) > from + 1 : centerX(rect) < from - 1))
    .sort((a, b) => (centerX(a) - centerX(b)) * direction);
  return candidates[0];
}

export const columnKeyboardCoordinates: KeyboardCoordinateGetter = (
  event,
  { currentCoordinates, context },
) => {
  const direction = event.code === 'ArrowRight' ? 1 : event.code === 'ArrowLeft' ? -1 : 0;
  if (direction === 0) {
    // Up and down have no meaning on the board: a column keeps its own order.
    if (event.code === 'ArrowUp' || event.code === 'ArrowDown') event.preventDefault();
    return undefined;
  }
  event.preventDefault();
  const { collisionRect, droppableRects, droppableContainers } = context;
  if (collisionRect === null) return undefined;
  const rects = droppableContainers
    .getEnabled()
    .map((container) => droppableRects.get(container.id))
    .filter((rect): rect is ClientRect => rect !== undefined);
  const from = centerX(collisionRect);
  const target = neighbourColumn(rects, from, direction);
  if (target === undefined) return currentCoordinates;
  return { x: currentCoordinates.x + (centerX(target) - from), y: currentCoordinates.y };
};
