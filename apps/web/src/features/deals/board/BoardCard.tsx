import { memo, type KeyboardEvent, type MouseEvent } from 'react';
import { Avatar, Badge, Group, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { useDraggable } from '@dnd-kit/core';
import { IconAlertTriangle, IconBuilding, IconCalendarEvent, IconUser } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { DealCard } from '@voronka/contracts';
import { initials } from '../../../lib/format';
import { useLocale } from '../../../i18n/useLocale';
import { formatMoney } from '../money';
import { formatTaskDate } from '../taskDate';

export interface CardActions {
  open: (card: DealCard, newTab: boolean) => void;
}

/** A deal on the board: drag it by mouse or keyboard (Space), open it by click or Enter. */
export const DraggableCard = memo(function DraggableCard({
  card,
  responsibleName,
  onOpen,
}: {
  card: DealCard;
  responsibleName: string | undefined;
  onOpen: CardActions['open'];
}) {
  const { t } = useTranslation();
  const draggable = useDraggable({
    id: card.id,
    data: { card },
    attributes: { roleDescription: t('deals.board.cardRole') },
  });
  const { listeners } = draggable;
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Enter' && draggable.active === null) {
      event.preventDefault();
      onOpen(card, event.ctrlKey || event.metaKey);
      return;
    }
    listeners?.onKeyDown?.(event);
  };
  const onClick = (event: MouseEvent<HTMLDivElement>) => onOpen(card, event.ctrlKey || event.metaKey);
  return (
    <div
      ref={draggable.setNodeRef}
      {...draggable.attributes}
      {...listeners}
      onKeyDown={onKeyDown}
      onClick={onClick}
      onAuxClick={(event) => {
        if (event.button === 1) onOpen(card, true);
      }}
      aria-label={card.name}
      data-testid="deal-card"
      data-deal-id={card.id}
      className="deal-card"
      style={{ opacity: draggable.isDragging ? 0.35 : 1, outlineOffset: 2, touchAction: 'manipulation' }}
    >
      <CardBody card={card} responsibleName={responsibleName} />
    </div>
  );
});

/** What a card shows: name, amount, contact, company, responsible, tags and the next task. */
export function CardBody({
  card,
  responsibleName,
  lifted = false,
}: {
  card: DealCard;
  responsibleName: string | undefined;
  lifted?: boolean;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const task = formatTaskDate(card, locale, new Date());
  return (
    <Paper
      withBorder
      radius="sm"
      p="xs"
      shadow={lifted ? 'md' : undefined}
      style={{ cursor: lifted ? 'grabbing' : 'pointer', rotate: lifted ? '1.5deg' : undefined }}
    >
      <Stack gap={4}>
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap={6}>
          <Text size="sm" fw={600} lh={1.3} style={{ wordBreak: 'break-word' }} lineClamp={3}>
            {card.name}
          </Text>
          {responsibleName !== undefined && (
            <Tooltip label={responsibleName} withinPortal>
              <Avatar
                size={24}
                radius="xl"
                color="indigo"
                aria-label={responsibleName}
                style={{ flexShrink: 0 }}
              >
                {initials(responsibleName)}
              </Avatar>
            </Tooltip>
          )}
        </Group>
        <Text size="sm" fw={500} data-testid="deal-card-amount">
          {formatMoney(card.amount, card.currency, locale)}
        </Text>
        {card.primaryContactName !== null && (
          <Group gap={4} wrap="nowrap" c="dimmed">
            <IconUser size={13} aria-hidden style={{ flexShrink: 0 }} />
            <Text size="xs" truncate="end">
              {card.primaryContactName}
            </Text>
          </Group>
        )}
        {card.companyName !== null && (
          <Group gap={4} wrap="nowrap" c="dimmed">
            <IconBuilding size={13} aria-hidden style={{ flexShrink: 0 }} />
            <Text size="xs" truncate="end">
              {card.companyName}
            </Text>
          </Group>
        )}
        {card.tags.length > 0 && (
          <Group gap={4}>
            {card.tags.slice(0, 3).map((tag) => (
              <Badge key={tag} size="xs" variant="light" color="gray" tt="none" maw={120}>
                {tag}
              </Badge>
            ))}
            {card.tags.length > 3 && (
              <Badge size="xs" variant="transparent" color="gray">
                +{card.tags.length - 3}
              </Badge>
            )}
          </Group>
        )}
        {task.kind === 'none' ? (
          <Badge
            size="xs"
            color="red"
            variant="light"
            leftSection={<IconAlertTriangle size={11} />}
            tt="none"
          >
            {t('deals.board.noTask')}
          </Badge>
        ) : task.kind === 'overdue' ? (
          <Group gap={4} wrap="nowrap" c="red.7">
            <IconAlertTriangle size={13} aria-hidden />
            <Text size="xs" fw={500}>
              {t('deals.board.taskOverdue', { date: task.text })}
            </Text>
          </Group>
        ) : task.kind === 'planned' ? (
          <Group gap={4} wrap="nowrap" c="dimmed">
            <IconCalendarEvent size={13} aria-hidden />
            <Text size="xs">{t('deals.board.taskAt', { date: task.text })}</Text>
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}
