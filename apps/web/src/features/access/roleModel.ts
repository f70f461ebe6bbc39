// Pure edits of a role's matrix, as the roles editor makes them (ADR 0018): an entity's level per operation,
// a stage's override (or "inherit", which removes it), and a blank role to start from.
import {
  accessEntities,
  accessOperations,
  type AccessEntity,
  type AccessLevel,
  type AccessOperation,
  type RolePermissions,
  type StageOverrides,
} from '@voronka/contracts';

export const INHERIT = 'inherit';
export type StageLevel = AccessLevel | typeof INHERIT;
export type StageKey = 'dealStages' | 'leadStatuses';

export function blankPermissions(): RolePermissions {
  const none = () =>
    Object.fromEntries(accessOperations.map((o) => [o, 'none'])) as Record<AccessOperation, AccessLevel>;
  return {
    entities: Object.fromEntries(accessEntities.map((e) => [e, none()])) as RolePermissions['entities'],
    dealStages: {},
    leadStatuses: {},
    settings: false,
    robots: { lead: 'none', deal: 'none' },
  };
}

export function withLevel(
  permissions: RolePermissions,
  entity: AccessEntity,
  op: AccessOperation,
  level: AccessLevel,
): RolePermissions {
  return {
    ...permissions,
    entities: { ...permissions.entities, [entity]: { ...permissions.entities[entity], [op]: level } },
  };
}

/** Every operation of an entity at one level (the row's "set all"). */
export function withRow(permissions: RolePermissions, entity: AccessEntity, level: AccessLevel) {
  return accessOperations.reduce((p, op) => withLevel(p, entity, op, level), permissions);
}

export const stageLevel = (
  permissions: RolePermissions,
  key: StageKey,
  stageId: string,
  op: AccessOperation,
): StageLevel => permissions[key][stageId]?.[op] ?? INHERIT;

/** Sets or (with "inherit") removes a stage's override; a stage left with none is dropped. */
export function withStageLevel(
  permissions: RolePermissions,
  key: StageKey,
  stageId: string,
  op: AccessOperation,
  level: StageLevel,
): RolePermissions {
  const kept = Object.entries(permissions[key][stageId] ?? {}).filter(([o]) => o !== op);
  const overrides: StageOverrides = Object.fromEntries(level === INHERIT ? kept : [...kept, [op, level]]);
  const stages: Record<string, StageOverrides> = Object.fromEntries(
    Object.entries(permissions[key]).filter(([id]) => id !== stageId),
  );
  if (Object.keys(overrides).length > 0) stages[stageId] = overrides;
  return { ...permissions, [key]: stages };
}

/** How many stage overrides a role has among `stageIds` (shown on a collapsed pipeline). */
export const overrideCount = (permissions: RolePermissions, key: StageKey, stageIds: readonly string[]) =>
  stageIds.reduce((n, id) => n + Object.keys(permissions[key][id] ?? {}).length, 0);
