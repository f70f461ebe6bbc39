import { Badge } from '@mantine/core';
import type { LeadStatus } from '@voronka/contracts';
import { textColorOn } from '../settings/stageColors';

/** A lead status in its own colour. */
export function StatusBadge({ status }: { status: Pick<LeadStatus, 'name' | 'color'> }) {
  return (
    <Badge color={status.color} c={textColorOn(status.color)} variant="filled" tt="none" radius="sm">
      {status.name}
    </Badge>
  );
}
