import { useCallback, useMemo, useState } from 'react';
import { Box, Button, Group, Modal, Skeleton, Stack, Text } from '@mantine/core';
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  rectIntersection,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { DealCard } from '@voronka/contracts';
import { QueryError } from '../../../components/ui/QueryError';
import { useDialog } from '../../../components/ui/useDialog';
import { isApiError } from '../../../lib/api';
import { useErrorText } from '../../../lib/errors';
import { useLocale } from '../../../i18n/useLocale';
import {
  boardKey,
  dealCustomFieldsQuery,
  useBoard,
  useLoadColumnPage,
  useMoveDeal,
  type MoveVariables,
} from '../api';
import type { DealFilters } from '../filters';
import { formatSums } from '../money';
import { addToSums, findCard, moveCard, type AmountSum, type Board, type BoardStage } from './boardModel';
import { useInboxDeadlines } from '../../inbox/api';
import { BoardKeyContext, SlaDeadlinesContext } from './boardContext';
import { CardBody } from './BoardCard';
import { COLUMN_WIDTH, KanbanColumn } from './KanbanColumn';
import { columnKeyboardCoordinates } from './keyboard';
import { LossReasonForm, type LossAnswer } from './LossReasonForm';

interface PendingLoss {
  card: DealCard;
  fromStageId: string;
  to: BoardStage;
}

const stageOf = (data: unknown): BoardStage | undefined =>
  typeof data === 'object' && data !== null && 'stage' in data
    ? (data as { stage: BoardStage }).stage
    : undefined;
const cardOfData = (data: unknown): DealCard | undefined =>
  typeof data === 'object' && data !== null && 'card' in data ? (data as { card: DealCard }).card : undefined;

/**
 * The kanban of one pipeline. A card dragged to another column moves at once (counts and sums too) and
 * goes back with an explanation when the server refuses; dropping on a Lost stage asks why first. While
 * a card is being dragged the board on screen holds still: live changes wait until it is dropped.
 */
export function KanbanBoard({
  pipelineId,
  filters,
  userNames,
}: {
  pipelineId: string;
  filters: DealFilters;
  userNames: ReadonlyMap<string, string>;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const key = useMemo(() => boardKey(pipelineId, filters), [pipelineId, filters]);
  const board = useBoard(pipelineId, filters);
  const deadlines = useInboxDeadlines(pipelineId);
  const noDeadlines = useMemo(() => new Map<string, string>(), []);
  const move = useMoveDeal(key);
  // The hook makes a new function on every render; the memoized columns get one per board and filters
  // (it only closes over those and the query client), or every column would re-render on every change.
  const everyRender = useLoadColumnPage(key, filters);
  const loadColumnPage = useMemo(() => everyRender, [key, filters]);
  const lossDialog = useDialog<PendingLoss>();
  const [frozen, setFrozen] = useState<Board | null>(null);
  const [dragging, setDragging] = useState<DealCard | null>(null);

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, {
      coordinateGetter: columnKeyboardCoordinates,
      keyboardCodes: { start: ['Space'], cancel: ['Escape'], end: ['Space', 'Enter'] },
      // Each arrow key lands the card on the next column at once, even when the board scrolls for it
      // (a smooth scroll still under way would make the next key press miss its column).
      scrollBehavior: 'auto',
    }),
  );

  const open = useCallback(
    (card: DealCard, newTab: boolean) => {
      if (newTab) window.open(`/deals/${card.id}`, '_blank', 'noopener');
      else void navigate(`/deals/${card.id}`);
    },
    [navigate],
  );

  /** Why the server refused a move, in words: the fields a stage requires are named. */
  const explain = async (error: unknown, { card, to }: MoveVariables) => {
    let text = errorText(error);
    let offerCard = false;
    if (isApiError(error) && error.status === 422) {
      const fieldIds = Object.keys(error.fields)
        .filter((field) => field.startsWith('customFields.'))
        .map((field) => field.slice('customFields.'.length));
      if (fieldIds.length > 0) {
        const definitions = await queryClient.query(dealCustomFieldsQuery).catch(() => []);
        const names = fieldIds.map((id) => `«${definitions.find((field) => field.id === id)?.name ?? id}»`);
        text = t('deals.board.requiredFields', {
          count: names.length,
          fields: names.join(', '),
          stage: to.name,
        });
        offerCard = true;
      } else {
        const reasons = Object.entries(error.fields).map(([field, reason]) => `${field}: ${reason}`);
        if (reasons.length > 0) text = `${text} (${reasons.join('; ')})`;
        offerCard = true;
      }
    }
    const id = `deal-move-${card.id}`;
    notifications.show({
      id,
      color: 'red',
      autoClose: 15_000,
      title: t('deals.board.moveFailed', { name: card.name, stage: to.name }),
      message: (
        <Stack gap={6} align="flex-start">
          <Text size="sm">{text}</Text>
          {offerCard && (
            <Button
              size="compact-xs"
              variant="light"
              color="red"
              onClick={() => {
                notifications.hide(id);
                void navigate(`/deals/${card.id}`);
              }}
            >
              {t('deals.board.openDeal')}
            </Button>
          )}
        </Stack>
      ),
    });
  };

  const runMove = (variables: MoveVariables) => {
    const current = queryClient.getQueryData<Board>(key);
    const shown =
      current === undefined ||
      moveCard(current, variables.card, variables.fromStageId, variables.to.id).shown;
    move.mutate(variables, {
      onSuccess: () => {
        if (!shown)
          notifications.show({
            color: 'teal',
            message: t('deals.board.movedBeyond', { name: variables.card.name, stage: variables.to.name }),
          });
      },
      onError: (error) => void explain(error, variables),
    });
  };

  const onDragStart = ({ active }: DragStartEvent) => {
    setFrozen(board.data ?? null);
    setDragging(cardOfData(active.data.current) ?? null);
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    const still = frozen;
    setFrozen(null);
    setDragging(null);
    const to = stageOf(over?.data.current);
    if (to === undefined) return;
    // The latest state of the card: live changes may have arrived while it was held.
    const latest = queryClient.getQueryData<Board>(key);
    const found =
      (latest === undefined ? undefined : findCard(latest, String(active.id))) ??
      (still === null ? undefined : findCard(still, String(active.id)));
    if (found === undefined || found.column.stage.id === to.id) return;
    const pending = { card: found.card, fromStageId: found.column.stage.id, to };
    if (to.kind === 'lost') lossDialog.open(pending);
    else runMove(pending);
  };

  const onDragCancel = () => {
    setFrozen(null);
    setDragging(null);
  };

  const confirmLoss = (answer: LossAnswer) => {
    const pending = lossDialog.value;
    lossDialog.close();
    if (pending !== null) runMove({ ...pending, ...answer });
  };

  const shown = frozen ?? board.data;
  const stageName = (id: string | number) => shown?.columns.find((c) => c.stage.id === id)?.stage.name ?? '';
  const announcements: Announcements = {
    onDragStart: ({ active }) =>
      t('deals.board.dnd.picked', { name: cardOfData(active.data.current)?.name ?? '' }),
    onDragOver: ({ active, over }) =>
      over === null
        ? t('deals.board.dnd.outside', { name: cardOfData(active.data.current)?.name ?? '' })
        : t('deals.board.dnd.over', {
            name: cardOfData(active.data.current)?.name ?? '',
            stage: stageName(over.id),
          }),
    onDragEnd: ({ active, over }) =>
      over === null
        ? t('deals.board.dnd.cancelled', { name: cardOfData(active.data.current)?.name ?? '' })
        : t('deals.board.dnd.dropped', {
            name: cardOfData(active.data.current)?.name ?? '',
            stage: stageName(over.id),
          }),
    onDragCancel: ({ active }) =>
      t('deals.board.dnd.cancelled', { name: cardOfData(active.data.current)?.name ?? '' }),
  };

  if (board.isError && shown === undefined)
    return <QueryError error={board.error} onRetry={() => void board.refetch()} />;
  if (shown === undefined) return <BoardSkeleton />;

  const totals = shown.columns.reduce(
    (acc, column) => ({
      count: acc.count + column.count,
      sums: column.sums.reduce<AmountSum[]>(
        (sums, sum) => addToSums(sums, sum.currency, sum.amount, 1),
        acc.sums,
      ),
    }),
    { count: 0, sums: [] as AmountSum[] },
  );

  return (
    <BoardKeyContext.Provider value={key}>
      <SlaDeadlinesContext.Provider value={deadlines.data ?? noDeadlines}>
        <Stack gap="xs" h="100%" style={{ minHeight: 0 }}>
          <Group gap="xs" data-testid="board-totals">
            <Text size="sm" c="dimmed">
              {t('deals.board.total', { count: totals.count })}
            </Text>
            {totals.sums.length > 0 && (
              <Text size="sm" fw={600}>
                {formatSums(totals.sums, locale)}
              </Text>
            )}
          </Group>
          <DndContext
            sensors={sensors}
            collisionDetection={rectIntersection}
            onDragStart={onDragStart}
            onDragEnd={onDragEnd}
            onDragCancel={onDragCancel}
            accessibility={{
              announcements,
              screenReaderInstructions: { draggable: t('deals.board.dnd.instructions') },
            }}
          >
            <Box
              role="region"
              aria-label={t('deals.board.label')}
              style={{
                display: 'flex',
                gap: 12,
                overflowX: 'auto',
                flex: 1,
                minHeight: 0,
                paddingBottom: 8,
                opacity: board.isPlaceholderData ? 0.6 : 1,
                transition: 'opacity 150ms',
              }}
            >
              {shown.columns.map((column) => (
                <KanbanColumn
                  key={column.stage.id}
                  column={column}
                  pipelineId={pipelineId}
                  userNames={userNames}
                  // Only the column the card is dragged from keeps it rendered: the others need not
                  // re-render when a drag starts or ends.
                  draggingId={dragging !== null && dragging.stageId === column.stage.id ? dragging.id : null}
                  onOpen={open}
                  onLoadMore={loadColumnPage}
                />
              ))}
            </Box>
            <DragOverlay dropAnimation={null}>
              {dragging !== null && (
                <Box w={COLUMN_WIDTH - 16}>
                  <CardBody
                    card={dragging}
                    lifted
                    responsibleName={
                      dragging.responsibleUserId === null
                        ? undefined
                        : userNames.get(dragging.responsibleUserId)
                    }
                  />
                </Box>
              )}
            </DragOverlay>
          </DndContext>
        </Stack>
        <Modal
          opened={lossDialog.opened}
          onClose={lossDialog.close}
          title={t('deals.board.lossTitle')}
          centered
        >
          {lossDialog.value !== null && (
            <LossReasonForm
              key={lossDialog.key}
              dealName={lossDialog.value.card.name}
              stageName={lossDialog.value.to.name}
              onSubmit={confirmLoss}
              onCancel={lossDialog.close}
            />
          )}
        </Modal>
      </SlaDeadlinesContext.Provider>
    </BoardKeyContext.Provider>
  );
}

function BoardSkeleton() {
  return (
    <Group gap={12} wrap="nowrap" align="flex-start" style={{ overflow: 'hidden' }} aria-busy>
      {[0, 1, 2, 3, 4].map((n) => (
        <Stack key={n} w={COLUMN_WIDTH} gap="xs" style={{ flexShrink: 0 }}>
          <Skeleton h={48} />
          <Skeleton h={110} />
          <Skeleton h={110} />
          <Skeleton h={110} />
        </Stack>
      ))}
    </Group>
  );
}
