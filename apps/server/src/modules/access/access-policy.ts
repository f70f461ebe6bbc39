// The access-rights policy (ADR 0018), pure: the effective rights of several roles, the decision for one record,
// and the visibility of many as a description the SQL filter (visibility-sql.ts) turns into one condition.
// The decision and the filter are two readings of the same rule; the oracle test checks they agree.
import {
  accessEntities,
  accessLevels,
  accessOperations,
  type AccessEntity,
  type AccessLevel,
  type AccessOperation,
  type RolePermissions,
  type RobotsRight,
  type StageOverrides,
} from '@voronka/contracts';

/** The entities whose records have a responsible; for the others any level above `none` means all. */
const OWNED: ReadonlySet<AccessEntity> = new Set(['lead', 'deal', 'contact', 'company', 'task']);

/** The entities with per-stage rights, and where their overrides are kept. */
const STAGED = { deal: 'dealStages', lead: 'leadStatuses' } as const satisfies Partial<
  Record<AccessEntity, keyof RolePermissions>
>;

/** What a user's "own", "department" and "sub-departments" cover: user ids (each includes the user). */
export interface Scope {
  userId: string;
  departmentUserIds: readonly string[];
  subtreeUserIds: readonly string[];
}

/** A user's effective rights: every right for an account administrator, otherwise the roles merged. */
export interface Rights {
  administrator: boolean;
  permissions: RolePermissions;
}

/** The parts of a record the decision reads. */
export interface RecordFacts {
  responsibleUserId: string | null;
  isOpen: boolean;
  /** The deal's stage / the lead's status; ignored for other entities. */
  stageId?: string | null;
}

const rank = (level: AccessLevel) => accessLevels.indexOf(level);
export const maxLevel = (a: AccessLevel, b: AccessLevel): AccessLevel => (rank(a) >= rank(b) ? a : b);
export const atLeast = (level: AccessLevel, floor: AccessLevel) => rank(level) >= rank(floor);

const ROBOTS: readonly RobotsRight[] = ['none', 'read', 'edit'];
const maxRobots = (a: RobotsRight, b: RobotsRight) => (ROBOTS.indexOf(a) >= ROBOTS.indexOf(b) ? a : b);

/** A matrix with every level set to `level` (the building block of the default roles). */
export function uniformPermissions(level: AccessLevel, extra?: Partial<RolePermissions>): RolePermissions {
  const operations = Object.fromEntries(accessOperations.map((o) => [o, level])) as Record<
    AccessOperation,
    AccessLevel
  >;
  return {
    entities: Object.fromEntries(
      accessEntities.map((e) => [e, { ...operations }]),
    ) as RolePermissions['entities'],
    dealStages: {},
    leadStatuses: {},
    settings: false,
    robots: { lead: 'none', deal: 'none' },
    ...extra,
  };
}

export const NO_RIGHTS: RolePermissions = uniformPermissions('none');

/**
 * Several roles → one matrix, each right the maximum (seed 004, "Конфликт прав"). A stage override in the
 * result is the maximum over the roles of what each role gives at that stage (its override, or else its entity
 * level), so one role opening a stage never lowers another's level there.
 */
export function mergeRoles(roles: readonly RolePermissions[]): RolePermissions {
  const merged = structuredClone(NO_RIGHTS);
  for (const role of roles) {
    for (const entity of accessEntities) {
      for (const op of accessOperations) {
        merged.entities[entity][op] = maxLevel(merged.entities[entity][op], role.entities[entity][op]);
      }
    }
    merged.settings ||= role.settings;
    merged.robots = {
      lead: maxRobots(merged.robots.lead, role.robots.lead),
      deal: maxRobots(merged.robots.deal, role.robots.deal),
    };
  }
  for (const [entity, key] of Object.entries(STAGED) as [
    keyof typeof STAGED,
    (typeof STAGED)[keyof typeof STAGED],
  ][]) {
    const stageIds = new Set(roles.flatMap((role) => Object.keys(role[key])));
    for (const stageId of stageIds) {
      const overrides: StageOverrides = {};
      for (const op of accessOperations) {
        if (!roles.some((role) => role[key][stageId]?.[op] !== undefined)) continue;
        overrides[op] = roles
          .map((role) => role[key][stageId]?.[op] ?? role.entities[entity][op])
          .reduce(maxLevel, 'none');
      }
      merged[key][stageId] = overrides;
    }
  }
  return merged;
}

/** The level a matrix gives for an operation on an entity, at a stage when the entity has per-stage rights. */
export function levelAt(
  permissions: RolePermissions,
  entity: AccessEntity,
  op: AccessOperation,
  stageId?: string | null,
): AccessLevel {
  const key = entity in STAGED ? STAGED[entity as keyof typeof STAGED] : null;
  const override = key && stageId ? permissions[key][stageId]?.[op] : undefined;
  return override ?? permissions.entities[entity][op];
}

/** Whether `level` reaches a record with this responsible and open flag, for the user of `scope`. */
export function reaches(
  level: AccessLevel,
  scope: Scope,
  entity: AccessEntity,
  record: RecordFacts,
): boolean {
  if (level === 'none') return false;
  if (level === 'all' || !OWNED.has(entity)) return true;
  if (level === 'open' && record.isOpen) return true;
  const owner = record.responsibleUserId;
  if (owner === null) return false;
  switch (level) {
    case 'own':
      return owner === scope.userId;
    case 'department':
      return scope.departmentUserIds.includes(owner);
    default:
      return scope.subtreeUserIds.includes(owner);
  }
}

/** The one decision for one record. */
export function decide(
  rights: Rights,
  scope: Scope,
  entity: AccessEntity,
  op: AccessOperation,
  record: RecordFacts,
): boolean {
  if (rights.administrator) return true;
  return reaches(levelAt(rights.permissions, entity, op, record.stageId), scope, entity, record);
}

/**
 * Visibility of many records: `all`, `none`, or groups of stages sharing a level. A group's `stageIds` null
 * means "every stage not listed in another group" (and the records of an entity without stages).
 */
export type Visibility =
  | { kind: 'all' }
  | { kind: 'none' }
  | { kind: 'some'; groups: { stageIds: string[] | null; level: AccessLevel }[]; overridden: string[] };

export function visibility(rights: Rights, entity: AccessEntity, op: AccessOperation): Visibility {
  if (rights.administrator) return { kind: 'all' };
  const base = rights.permissions.entities[entity][op];
  const key = entity in STAGED ? STAGED[entity as keyof typeof STAGED] : null;
  const byLevel = new Map<AccessLevel, string[]>();
  const overridden: string[] = [];
  for (const [stageId, overrides] of Object.entries(key ? rights.permissions[key] : {})) {
    const level = overrides[op];
    if (level === undefined) continue;
    overridden.push(stageId);
    byLevel.set(level, [...(byLevel.get(level) ?? []), stageId]);
  }
  const all = [
    { stageIds: null, level: OWNED.has(entity) || base === 'none' ? base : ('all' as const) },
    ...[...byLevel].map(([level, stageIds]) => ({ stageIds, level })),
  ];
  if (all.every((g) => g.level === 'all')) return { kind: 'all' };
  const groups = all.filter((g) => g.level !== 'none');
  if (groups.length === 0) return { kind: 'none' };
  return { kind: 'some', groups, overridden };
}
