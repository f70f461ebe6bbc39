import type { ComponentType } from 'react';
import { SegmentedSwitch } from '../ui/SegmentedSwitch';

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
    <SegmentedSwitch
      label={label}
      value={value}
      onChange={onChange}
      options={modes.map(({ value: mode, label: text, icon: Icon }) => ({
        value: mode,
        label: (
          <>
            <Icon size={16} aria-hidden />
            {text}
          </>
        ),
      }))}
    />
  );
}
