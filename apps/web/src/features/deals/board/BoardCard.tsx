import { memo, useContext, type KeyboardEvent, type MouseEvent } from 'react';
import { useDraggable } from '@dnd-kit/core';
import { IconAlertTriangle, IconBuilding, IconCalendarEvent, IconUser } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { DealCard } from '@voronka/contracts';
import { initials } from '../../../lib/format';
import { useLocale } from '../../../i18n/useLocale';
import { SlaCountdown } from '../../inbox/SlaCountdown';
import { formatMoney } from '../money';
import { SlaDeadlinesContext } from './boardContext';
import { formatTaskDate } from '../taskDate';
import classes from './BoardCard.module.css';

export interface CardActions {
  open: (card: DealCard, newTab: boolean) => void;
}

/**
 * A deal on the board: drag it by mouse or keyboard (Space), open it by click or Enter. The column
 * passes the translated role description, so that the cards do not each subscribe to i18next.
 */
export const DraggableCard = memo(function DraggableCard({
  card,
  responsibleName,
  roleDescription,
  onOpen,
}: {
  card: DealCard;
  responsibleName: string | undefined;
  roleDescription: string;
  onOpen: CardActions['open'];
}) {
  const draggable = useDraggable({ id: card.id, data: { card }, attributes: { roleDescription } });
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

/**
 * What a card shows: name, amount, contact, company, responsible, tags and the next task. Plain
 * elements (BoardCard.module.css) and memoized on its own: every draggable re-renders when a drag
 * starts or ends (dnd-kit's context changes), and the board renders dozens of these at once (bench/web).
 */
export const CardBody = memo(function CardBody({
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
    <div className={lifted ? `${classes.card} ${classes.lifted}` : classes.card}>
      <div className={classes.head}>
        <p className={classes.name}>{card.name}</p>
        {responsibleName !== undefined && (
          <span className={classes.avatar} role="img" aria-label={responsibleName} title={responsibleName}>
            {initials(responsibleName)}
          </span>
        )}
      </div>
      <CardSla dealId={card.id} />
      <div className={classes.amount} data-testid="deal-card-amount">
        {formatMoney(card.amount, card.currency, locale)}
      </div>
      {card.primaryContactName !== null && (
        <div className={classes.line}>
          <IconUser size={13} aria-hidden />
          <span className={classes.truncate}>{card.primaryContactName}</span>
        </div>
      )}
      {card.companyName !== null && (
        <div className={classes.line}>
          <IconBuilding size={13} aria-hidden />
          <span className={classes.truncate}>{card.companyName}</span>
        </div>
      )}
      {card.tags.length > 0 && (
        <div className={classes.tags}>
          {card.tags.slice(0, 3).map((tag) => (
            <span key={tag} className={classes.badge} title={tag}>
              {tag}
            </span>
          ))}
          {card.tags.length > 3 && (
            <span className={`${classes.badge} ${classes.more}`}>+{card.tags.length - 3}</span>
          )}
        </div>
      )}
      {task.kind === 'none' ? (
        <span className={`${classes.badge} ${classes.noTask}`}>
          <IconAlertTriangle size={11} aria-hidden />
          {t('deals.board.noTask')}
        </span>
      ) : task.kind === 'overdue' ? (
        <div className={`${classes.line} ${classes.overdue}`}>
          <IconAlertTriangle size={13} aria-hidden />
          <span>{t('deals.board.taskOverdue', { date: task.text })}</span>
        </div>
      ) : task.kind === 'planned' ? (
        <div className={classes.line}>
          <IconCalendarEvent size={13} aria-hidden />
          <span>{t('deals.board.taskAt', { date: task.text })}</span>
        </div>
      ) : null}
    </div>
  );
});

/** The countdown of a deal waiting in Unsorted for its first reply. */
function CardSla({ dealId }: { dealId: string }) {
  const dueAt = useContext(SlaDeadlinesContext).get(dealId);
  return dueAt === undefined ? null : (
    <div>
      <SlaCountdown dueAt={dueAt} size="xs" />
    </div>
  );
}
