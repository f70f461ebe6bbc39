// What the caller may do, from their merged rights (`GET /api/access/me`, ADR 0018), to hide or disable what
// the server would refuse. The server decides per record (own / department / open …); here a level above
// `none` is enough to offer the action, so an action shown may still be refused for one record (403), and
// the UI then shows the server's reason.
import type {
  AccessEntity,
  AccessLevel,
  AccessOperation,
  MyAccess,
  SpreadsheetEntity,
} from '@voronka/contracts';

/** The per-stage overrides of an entity that has stages: deals by pipeline stage, leads by status. */
const STAGE_KEYS: Partial<Record<AccessEntity, 'dealStages' | 'leadStatuses'>> = {
  deal: 'dealStages',
  lead: 'leadStatuses',
};

/** The caller's level for `operation` on `entity`, at `stageId` when given (its override, else the entity's). */
export function levelOf(
  me: MyAccess,
  entity: AccessEntity,
  operation: AccessOperation,
  stageId?: string | null,
): AccessLevel {
  if (me.administrator) return 'all';
  const key = STAGE_KEYS[entity];
  const override = key !== undefined && stageId ? me.permissions[key][stageId]?.[operation] : undefined;
  return override ?? me.permissions.entities[entity][operation];
}

/**
 * Whether the caller may `operation` some `entity` record (at `stageId`: there). False while the rights are
 * still loading, so nothing is shown and then taken away.
 */
export function can(
  me: MyAccess | undefined,
  entity: AccessEntity,
  operation: AccessOperation,
  stageId?: string | null,
): boolean {
  return me !== undefined && levelOf(me, entity, operation, stageId) !== 'none';
}

/** Whether the caller may `operation` some `entity` record at any stage (a stage may grant what the entity does not). */
export function canAnywhere(
  me: MyAccess | undefined,
  entity: AccessEntity,
  operation: AccessOperation,
): boolean {
  if (me === undefined) return false;
  if (can(me, entity, operation)) return true;
  const key = STAGE_KEYS[entity];
  return (
    key !== undefined &&
    Object.values(me.permissions[key]).some((overrides) => (overrides[operation] ?? 'none') !== 'none')
  );
}

/** The rights entity of a spreadsheet import or export. */
export const spreadsheetRightsEntity = {
  contacts: 'contact',
  companies: 'company',
  deals: 'deal',
  leads: 'lead',
} as const satisfies Record<SpreadsheetEntity, AccessEntity>;

/**
 * Whether the caller may `operation` this record, as far as the browser knows: the level at the record's
 * stage; at `own` the record must be theirs. The department and `open` levels are left to the server (the
 * browser does not know the department tree), which answers 403 when they fall short.
 */
export function canRecord(
  me: MyAccess | undefined,
  userId: string,
  entity: AccessEntity,
  operation: AccessOperation,
  record: { responsibleUserId: string | null; isOpen: boolean; stageId?: string | null },
): boolean {
  if (me === undefined) return false;
  const level = levelOf(me, entity, operation, record.stageId);
  if (level === 'none') return false;
  if (level === 'own') return record.responsibleUserId === userId;
  return true;
}
