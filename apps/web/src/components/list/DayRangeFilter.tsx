import { TextInput } from '@mantine/core';

/**
 * Two calendar days ("from", "to"; both inclusive, either may be empty) as date inputs; `toError` shows
 * under the "to" field (an end typed before the start).
 */
export function DayRangeFilter({
  fromLabel,
  toLabel,
  from,
  to,
  toError,
  onChange,
}: {
  fromLabel: string;
  toLabel: string;
  from: string;
  to: string;
  toError?: string | null;
  onChange: (range: { from: string; to: string }) => void;
}) {
  return (
    <>
      <TextInput
        type="date"
        label={fromLabel}
        value={from}
        max={to === '' ? undefined : to}
        onChange={(event) => onChange({ from: event.currentTarget.value, to })}
        w={150}
        size="sm"
      />
      <TextInput
        type="date"
        label={toLabel}
        value={to}
        min={from === '' ? undefined : from}
        onChange={(event) => onChange({ from, to: event.currentTarget.value })}
        error={toError}
        w={150}
        size="sm"
      />
    </>
  );
}
