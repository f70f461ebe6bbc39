// Reordering by drag and drop, with the mouse, touch or the keyboard (focus the handle, Space, the
// arrow keys, Space again; Escape cancels). Screen readers hear each step in the UI language.
import type { CSSProperties, ReactNode } from 'react';
import { ActionIcon } from '@mantine/core';
import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type UniqueIdentifier,
} from '@dnd-kit/core';
import {
  arrayMove,
  horizontalListSortingStrategy,
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { IconGripVertical } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/**
 * A list whose items (`ids`, in order) can be moved; `onMove` gets every id in the new order. Render
 * the items with `useSortableItem` and a `DragHandle` each; `nameOf` names an item for announcements.
 */
export function SortableArea({
  ids,
  orientation,
  onMove,
  nameOf,
  children,
}: {
  ids: readonly string[];
  orientation: 'horizontal' | 'vertical';
  onMove: (ids: string[]) => void;
  nameOf: (id: string) => string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const name = (id: UniqueIdentifier) => nameOf(String(id));
  const position = (id: UniqueIdentifier | undefined) => ids.indexOf(String(id)) + 1;
  const announcements: Announcements = {
    onDragStart: ({ active }) =>
      t('sortable.picked', { name: name(active.id), position: position(active.id), total: ids.length }),
    onDragOver: ({ active, over }) =>
      over === null
        ? t('sortable.outside', { name: name(active.id) })
        : t('sortable.over', { name: name(active.id), position: position(over.id), total: ids.length }),
    onDragEnd: ({ active, over }) =>
      over === null
        ? t('sortable.cancelled', { name: name(active.id) })
        : t('sortable.dropped', { name: name(active.id), position: position(over.id), total: ids.length }),
    onDragCancel: ({ active }) => t('sortable.cancelled', { name: name(active.id) }),
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (over === null || active.id === over.id) return;
    const from = ids.indexOf(String(active.id));
    const to = ids.indexOf(String(over.id));
    if (from < 0 || to < 0) return;
    onMove(arrayMove([...ids], from, to));
  };

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCenter}
      onDragEnd={onDragEnd}
      accessibility={{ announcements, screenReaderInstructions: { draggable: t('sortable.instructions') } }}
    >
      <SortableContext
        items={[...ids]}
        strategy={orientation === 'horizontal' ? horizontalListSortingStrategy : verticalListSortingStrategy}
      >
        {children}
      </SortableContext>
    </DndContext>
  );
}

/** One movable item of a `SortableArea`: put `ref` and `style` on its element, `handle` on its DragHandle. */
export function useSortableItem(id: string) {
  const { t } = useTranslation();
  const sortable = useSortable({ id, attributes: { roleDescription: t('sortable.roleDescription') } });
  const style: CSSProperties = {
    transform: CSS.Translate.toString(sortable.transform),
    transition: sortable.transition,
    position: 'relative',
    zIndex: sortable.isDragging ? 2 : undefined,
    opacity: sortable.isDragging ? 0.85 : undefined,
  };
  return {
    ref: sortable.setNodeRef,
    style,
    isDragging: sortable.isDragging,
    handle: { ref: sortable.setActivatorNodeRef, ...sortable.attributes, ...sortable.listeners },
  };
}

export type SortableHandle = ReturnType<typeof useSortableItem>['handle'];

/** The grip that moves an item, named by `label` ("Move: Negotiation") for screen readers and tests. */
export function DragHandle({
  label,
  handle,
  color = 'gray',
}: {
  label: string;
  handle: SortableHandle;
  color?: string;
}) {
  return (
    <ActionIcon
      variant="subtle"
      color={color}
      size="sm"
      {...handle}
      aria-label={label}
      style={{ cursor: 'grab', touchAction: 'none' }}
    >
      <IconGripVertical size={16} />
    </ActionIcon>
  );
}
