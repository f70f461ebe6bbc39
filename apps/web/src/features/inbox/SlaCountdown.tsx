// The live countdown of a request's response SLA: mm:ss left, red and counting up once overdue. One
// shared one-second ticker drives every countdown on the page (the board can show dozens).
import { useSyncExternalStore } from 'react';
import { Badge } from '@mantine/core';
import { IconClock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { countdown } from './slaModel';

const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;
let now = Date.now();

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (timer === undefined) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The current time, updated every second while someone shows it. */
export const useNow = () =>
  useSyncExternalStore(
    subscribe,
    () => now,
    () => now,
  );

export function SlaCountdown({ dueAt, size = 'sm' }: { dueAt: string; size?: 'xs' | 'sm' | 'md' }) {
  const { t } = useTranslation();
  const left = countdown(dueAt, useNow());
  const label = left.overdue
    ? t('inbox.sla.overdue', { time: left.text })
    : t('inbox.sla.left', { time: left.text });
  return (
    <Badge
      size={size}
      variant={left.overdue ? 'filled' : 'light'}
      color={left.overdue ? 'red' : 'blue'}
      leftSection={<IconClock size={12} aria-hidden />}
      data-testid="sla-countdown"
      data-overdue={left.overdue}
      title={label}
      aria-label={label}
      style={{ fontVariantNumeric: 'tabular-nums' }}
    >
      {left.overdue ? `−${left.text}` : left.text}
    </Badge>
  );
}
