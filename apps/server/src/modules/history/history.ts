// Pure rules of the change history.
import type { DomainEvent } from '@voronka/contracts';

/** Entities whose history only administrators read (secrets and access, not business records). */
export const ADMIN_ONLY_ENTITIES: ReadonlySet<string> = new Set(['api_token', 'invitation']);

/** An event as a history entry: the field changes apart, the rest of the payload as details. */
export function toEntry(event: DomainEvent): {
  changes: Record<string, unknown> | null;
  details: Record<string, unknown>;
} {
  const { changes, ...details } = event.payload;
  const isChanges = typeof changes === 'object' && changes !== null && !Array.isArray(changes);
  return { changes: isChanges ? (changes as Record<string, unknown>) : null, details };
}
