import type { ComponentType } from 'react';
import { Group, SegmentedControl } from '@mantine/core';

/** One way to show a list page's records (list, kanban, calendar…), with its icon. */
export interface ListMode<V extends string> {
  value: V;
  label: string;
  icon: ComponentType<{ size?: number; 'aria-hidden'?: boolean }>;
}

/** The switch between the ways a list page shows its records. */
export function ListModeSwitch<V extends string>({
  label,
  value,
  modes,
  onChange,
}: {
  label: string;
  value: V;
  modes: readonly ListMode<V>[];
  onChange: (mode: V) => void;
}) {
  return (
    <SegmentedControl
      aria-label={label}
      value={value}
      onChange={(chosen) => {
        const mode = modes.find((m) => m.value === chosen);
        if (mode) onChange(mode.value);
      }}
      data={modes.map(({ value: mode, label: text, icon: Icon }) => ({
        value: mode,
        label: (
          <Group gap={6} wrap="nowrap">
            <Icon size={16} aria-hidden />
            {text}
          </Group>
        ),
      }))}
    />
  );
}
