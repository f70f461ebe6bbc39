import { Button } from '@mantine/core';
import { IconFilterOff } from '@tabler/icons-react';

/** "Reset filters" at the end of a filter bar, shown while any filter is set. */
export function ResetFiltersButton({
  label,
  visible,
  onReset,
}: {
  label: string;
  visible: boolean;
  onReset: () => void;
}) {
  if (!visible) return null;
  return (
    <Button
      variant="subtle"
      color="gray"
      size="sm"
      leftSection={<IconFilterOff size={16} />}
      onClick={onReset}
    >
      {label}
    </Button>
  );
}
