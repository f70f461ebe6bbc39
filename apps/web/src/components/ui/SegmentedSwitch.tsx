// A row of mutually exclusive options (radio inputs under their labels), drawn like Mantine's
// SegmentedControl. That control measures itself with ResizeObserver and getBoundingClientRect on every
// resize, which forces a layout of the whole page; beside a board of hundreds of cards that cost most of
// the board's first second (bench/web). This one is plain CSS (.segmented-switch in global.css).
import { useId, type ReactNode } from 'react';

export interface SegmentedOption<V extends string> {
  value: V;
  label: ReactNode;
  /** The option's full name for assistive technology, when the label is short (RU → Russian). */
  title?: string;
}

export function SegmentedSwitch<V extends string>({
  label,
  value,
  options,
  onChange,
  size = 'sm',
}: {
  label: string;
  value: V;
  options: readonly SegmentedOption<V>[];
  onChange: (value: V) => void;
  size?: 'xs' | 'sm';
}) {
  const name = useId();
  return (
    <div role="radiogroup" aria-label={label} className="segmented-switch" data-size={size}>
      {options.map((option) => (
        <label key={option.value} title={option.title} data-checked={option.value === value || undefined}>
          <input
            type="radio"
            name={name}
            value={option.value}
            checked={option.value === value}
            onChange={() => onChange(option.value)}
          />
          {option.label}
        </label>
      ))}
    </div>
  );
}
