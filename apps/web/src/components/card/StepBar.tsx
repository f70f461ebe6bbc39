// The bar of steps at the top of a deal or lead card (stages, statuses): one coloured button per step,
// filled up to the current one, the current one outlined. The closing steps (won, lost, junk…) are the
// card's own buttons at the end of the bar.
import type { ReactNode } from 'react';
import { Group, UnstyledButton } from '@mantine/core';
import { textColorOn } from '../../features/settings/stageColors';

export function StepBar({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group
      gap={6}
      wrap="nowrap"
      align="stretch"
      style={{ overflowX: 'auto' }}
      role="toolbar"
      aria-label={label}
    >
      {children}
    </Group>
  );
}

export function StepButton({
  name,
  color,
  filled,
  current,
  label,
  disabled,
  locked = false,
  onClick,
}: {
  name: string;
  color: string;
  /** Reached: at or before the current step. */
  filled: boolean;
  current: boolean;
  /** The button's accessible name ("Move to Negotiation"). */
  label: string;
  disabled: boolean;
  /** The record is closed: the steps only show where it was. */
  locked?: boolean;
  onClick: () => void;
}) {
  return (
    <UnstyledButton
      onClick={onClick}
      aria-label={label}
      aria-current={current ? 'step' : undefined}
      disabled={disabled}
      title={name}
      style={{
        flex: '1 1 0',
        minWidth: 90,
        padding: '6px 10px',
        borderRadius: 4,
        background: filled ? color : 'var(--mantine-color-gray-1)',
        color: filled ? textColorOn(color) : 'var(--mantine-color-dimmed)',
        outline: current ? '2px solid var(--mantine-color-indigo-6)' : undefined,
        outlineOffset: 1,
        fontSize: 13,
        fontWeight: current ? 700 : 500,
        whiteSpace: 'nowrap',
        overflow: 'hidden',
        textOverflow: 'ellipsis',
        cursor: locked ? 'default' : undefined,
      }}
    >
      {name}
    </UnstyledButton>
  );
}
