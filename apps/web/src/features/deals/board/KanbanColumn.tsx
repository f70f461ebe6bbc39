import { memo, useCallback, useEffect, useRef, useState } from 'react';
import { Box, Button, Group, Loader, Text, Title } from '@mantine/core';
import { useDroppable } from '@dnd-kit/core';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../lib/errors';
import { useLocale } from '../../../i18n/useLocale';
import { formatSums } from '../money';
import type { BoardColumn } from './boardModel';
import { DraggableCard, type CardActions } from './BoardCard';
import { QuickAdd } from './QuickAdd';
import { can } from '../../access/can';
import { useMyAccess } from '../../access/api';

export const COLUMN_WIDTH = 280;
const ESTIMATED_CARD_HEIGHT = 132;
const CARD_GAP = 8;

/**
 * One stage: its colour, count and sums, quick add on top and the cards below. Only the cards in view
 * (and a few around) are in the DOM, so a stage with ten thousand deals stays light; the next page
 * loads as the end of the loaded cards scrolls into view.
 */
export const KanbanColumn = memo(function KanbanColumn({
  column,
  pipelineId,
  userNames,
  draggingId,
  onOpen,
  onLoadMore,
}: {
  column: BoardColumn;
  pipelineId: string;
  userNames: ReadonlyMap<string, string>;
  draggingId: string | null;
  onOpen: CardActions['open'];
  onLoadMore: (stageId: string, cursor: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const errorText = useErrorText();
  const { stage, items, nextCursor } = column;
  const droppable = useDroppable({ id: stage.id, data: { stage } });
  const scrollRef = useRef<HTMLDivElement>(null);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const headingId = `column-${stage.id}`;

  // The card being dragged stays rendered even when scrolled out of view, so the drag keeps its node.
  const draggingIndex = draggingId === null ? -1 : items.findIndex((item) => item.id === draggingId);
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      return draggingIndex >= 0 && !indexes.includes(draggingIndex)
        ? [...indexes, draggingIndex].sort((a, b) => a - b)
        : indexes;
    },
    [draggingIndex],
  );
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_CARD_HEIGHT,
    gap: CARD_GAP,
    overscan: 4,
    getItemKey: (index) => items[index]?.id ?? index,
    rangeExtractor,
  });
  const virtualItems = virtualizer.getVirtualItems();
  const lastShown = virtualItems[virtualItems.length - 1]?.index ?? -1;

  const loadMore = useCallback(() => {
    if (nextCursor === null || loading) return;
    setLoading(true);
    setLoadError(null);
    onLoadMore(stage.id, nextCursor)
      .catch((error: unknown) => setLoadError(errorText(error)))
      .finally(() => setLoading(false));
  }, [nextCursor, loading, onLoadMore, stage.id, errorText]);

  useEffect(() => {
    if (nextCursor !== null && !loading && loadError === null && lastShown >= items.length - 5) loadMore();
  }, [lastShown, items.length, nextCursor, loading, loadError, loadMore]);

  const sums = formatSums(column.sums, locale);
  const roleDescription = t('deals.board.cardRole');
  // Quick add needs the role's right to create deals in this stage (ADR 0018).
  const me = useMyAccess().data;
  const canQuickAdd =
    (stage.kind === 'open' || stage.kind === 'unsorted') && can(me, 'deal', 'add', stage.id);

  return (
    <Box
      component="section"
      ref={droppable.setNodeRef}
      aria-labelledby={headingId}
      data-testid="kanban-column"
      data-stage-id={stage.id}
      w={COLUMN_WIDTH}
      h="100%"
      style={{
        flexShrink: 0,
        display: 'flex',
        flexDirection: 'column',
        borderRadius: 'var(--mantine-radius-md)',
        background: droppable.isOver ? 'var(--mantine-color-indigo-0)' : 'var(--mantine-color-gray-1)',
        outline: droppable.isOver ? '2px dashed var(--mantine-color-indigo-4)' : undefined,
        transition: 'background 120ms',
      }}
    >
      <Box
        px="sm"
        pt="xs"
        pb={6}
        style={{
          borderTop: `4px solid ${stage.color}`,
          borderRadius: 'var(--mantine-radius-md) var(--mantine-radius-md) 0 0',
        }}
      >
        <Title order={3} size="sm" id={headingId} lineClamp={1} title={stage.name}>
          {stage.name}
        </Title>
        <Group gap={6} wrap="nowrap" mt={2}>
          <Text size="xs" c="dimmed" data-testid="column-count">
            {t('deals.board.count', { count: column.count })}
          </Text>
          {sums !== '' && (
            <Text size="xs" fw={600} data-testid="column-sum" truncate="end" title={sums}>
              {sums}
            </Text>
          )}
        </Group>
        {canQuickAdd && <QuickAdd stage={stage} pipelineId={pipelineId} />}
      </Box>
      <div
        ref={scrollRef}
        style={{ flex: 1, minHeight: 0, overflowY: 'auto', padding: '2px 8px 8px' }}
        data-testid="column-scroll"
      >
        {items.length === 0 && !loading ? (
          <Text size="xs" c="dimmed" ta="center" py="lg">
            {t('deals.board.emptyColumn')}
          </Text>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualItems.map((virtual) => {
              const card = items[virtual.index];
              if (card === undefined) return null;
              return (
                <div
                  key={virtual.key}
                  data-index={virtual.index}
                  ref={virtualizer.measureElement}
                  style={{
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    right: 0,
                    transform: `translateY(${virtual.start}px)`,
                  }}
                >
                  <DraggableCard
                    card={card}
                    responsibleName={
                      card.responsibleUserId === null ? undefined : userNames.get(card.responsibleUserId)
                    }
                    roleDescription={roleDescription}
                    onOpen={onOpen}
                  />
                </div>
              );
            })}
          </div>
        )}
        {loading && (
          <Group justify="center" py="xs">
            <Loader size="xs" aria-label={t('deals.board.loadingMore')} />
          </Group>
        )}
        {loadError !== null && (
          <Box py="xs" ta="center">
            <Text size="xs" c="red" role="alert">
              {loadError}
            </Text>
            <Button variant="subtle" size="compact-xs" onClick={() => setLoadError(null)}>
              {t('common.retry')}
            </Button>
          </Box>
        )}
      </div>
    </Box>
  );
});
