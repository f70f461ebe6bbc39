import type { ImportRunStatus } from '@voronka/contracts';

/** The badge colour of a run's status. */
export function statusColor(status: ImportRunStatus): string {
  switch (status) {
    case 'completed':
    case 'confirmed':
      return 'teal';
    case 'failed':
      return 'red';
    case 'cancelled':
    case 'rolled_back':
      return 'gray';
    case 'stopped':
    case 'stopping':
      return 'yellow';
    default:
      return 'indigo';
  }
}
