// Access rights (ADR 0018): the roles, their assignments and user groups (managed by account administrators and
// users whose roles "may change settings"), and `access(actor)` — the one place a user's effective rights and
// scope come from, used by every read and write path through the policy and the SQL filter.
import {
  rolePermissionsSchema,
  type AccessAssignment,
  type AccessEntity,
  type AccessOperation,
  type AccessRole,
  type AccessSubjectKind,
  type MyAccess,
  type RobotsRight,
  type RolePermissions,
  type UserGroup,
} from '@voronka/contracts';
import { sql, type RawBuilder, type Selectable } from 'kysely';
import type { AccessRolesTable, Db } from '../../platform/db/index.js';
import { conflict, forbidden, invalidField, notFound } from '../../platform/errors.js';
import type { Actor } from '../../platform/http/index.js';
import {
  decide,
  mergeRoles,
  uniformPermissions,
  visibility,
  type RecordFacts,
  type Rights,
  type Scope,
} from './access-policy.js';
import type { AccessRepository } from './access.repository.js';
import { DEFAULT_EVERYONE_ROLE, DEFAULT_ROLES } from './default-roles.js';
import { roleIdsOf, scopeOf } from './organisation.js';
import { visibilitySql, type VisibilityColumns } from './visibility-sql.js';

const presentRole = (row: Selectable<AccessRolesTable>): AccessRole => ({
  id: row.id,
  code: row.code,
  name: row.name,
  // Stored rows were validated on write; parsing fills defaults added to the schema since.
  permissions: rolePermissionsSchema.parse(row.permissions),
  version: row.version,
});

/** Everything the policy needs about one user. */
export interface UserAccess {
  rights: Rights;
  scope: Scope;
}

const SUBJECT_TABLE = {
  user: 'users',
  department: 'departments',
  department_tree: 'departments',
  group: 'user_groups',
} as const;

export function createAccessService({ db, repo }: { db: Db; repo: AccessRepository }) {
  /** The default roles and the "everyone is a manager" assignment, once per account (idempotent). */
  async function ensureDefaults(trx: Db, accountId: string) {
    if ((await repo.roles(trx, accountId)).length > 0) return;
    for (const role of DEFAULT_ROLES) {
      const row = await repo.insertRole(trx, { accountId, ...role });
      if (row && role.code === DEFAULT_EVERYONE_ROLE)
        await repo.insertAssignment(trx, {
          accountId,
          roleId: row.id,
          subjectKind: 'everyone',
          subjectId: null,
        });
    }
  }

  async function access(
    trx: Db,
    accountId: string,
    userId: string,
    administrator: boolean,
  ): Promise<UserAccess> {
    let snapshot = await repo.snapshot(trx, accountId, userId);
    const scope = scopeOf(snapshot, userId);
    if (administrator)
      return {
        rights: {
          administrator: true,
          permissions: uniformPermissions('all', { settings: true, robots: { lead: 'edit', deal: 'edit' } }),
        },
        scope,
      };
    if (snapshot.roles.length === 0) {
      // An account made before access rights: its default roles, once.
      await ensureDefaults(trx, accountId);
      snapshot = await repo.snapshot(trx, accountId, userId);
    }
    const ids = new Set(roleIdsOf(snapshot, snapshot.assignments, new Set(snapshot.groups), userId));
    const permissions = mergeRoles(
      snapshot.roles.filter((r) => ids.has(r.id)).map((r) => rolePermissionsSchema.parse(r.permissions)),
    );
    return { rights: { administrator: false, permissions }, scope };
  }

  const accessOf = (actor: Actor, trx: Db = db) =>
    access(trx, actor.accountId, actor.userId, actor.role === 'admin');

  /**
   * The rights the record paths read, once per request: an actor object lives for one request, so a
   * request that checks several records (a bulk action, a move) computes them once.
   */
  const perRequest = new WeakMap<Actor, Promise<UserAccess>>();
  const recordAccessOf = (actor: Actor, trx: Db) => {
    let found = perRequest.get(actor);
    if (!found) {
      found = accessOf(actor, trx);
      perRequest.set(actor, found);
      found.catch(() => perRequest.delete(actor));
    }
    return found;
  };

  /**
   * Whom the record rights do not bind: account administrators, and background work acting for the account
   * (the public intake, imports, robots — `actor.source` set), whose own rights are checked where it starts.
   */
  const unbound = (actor: Actor) => actor.role === 'admin' || actor.source !== undefined;

  /** Roles, assignments and groups are settings: seen and changed by administrators and "may change settings" roles. */
  async function assertSettings(trx: Db, actor: Actor) {
    if (actor.role === 'admin') return;
    if (!(await accessOf(actor, trx)).rights.permissions.settings)
      throw forbidden('Changing settings needs the "may change settings" right');
  }

  async function checkSubject(trx: Db, actor: Actor, kind: AccessSubjectKind, id: string | null) {
    if (kind === 'everyone') {
      if (id !== null) throw invalidField('body.subjectId', 'Must be null for everyone');
      return;
    }
    if (id === null) throw invalidField('body.subjectId', 'Required');
    if (!(await repo.existing(trx, actor.accountId, SUBJECT_TABLE[kind], [id])).has(id))
      throw invalidField(
        'body.subjectId',
        `No such ${kind === 'group' ? 'group' : kind === 'user' ? 'user' : 'department'}`,
      );
  }

  async function checkRoleName(trx: Db, actor: Actor, name: string, exceptId: string | null) {
    if (await repo.nameTaken(trx, actor.accountId, name, exceptId))
      throw invalidField('body.name', 'A role with this name exists', 'duplicate_name');
  }

  async function checkMembers(trx: Db, actor: Actor, ids: readonly string[]) {
    const known = await repo.existing(trx, actor.accountId, 'users', ids);
    const index = ids.findIndex((id) => !known.has(id));
    if (index >= 0) throw invalidField(`body.memberIds.${index}`, 'No such user');
  }

  /** A role about to be changed: the caller may change settings, it exists (locked), If-Match holds. */
  async function roleToChange(trx: Db, actor: Actor, id: string, ifMatch: number | undefined) {
    await assertSettings(trx, actor);
    const row = await repo.role(trx, actor.accountId, id, { lock: true });
    if (!row) throw notFound('Role');
    if (ifMatch !== undefined && ifMatch !== row.version)
      throw conflict('version_mismatch', 'The role was changed by someone else; reload it');
  }

  /** The stage overrides name stages and statuses of this account. */
  async function checkStages(trx: Db, actor: Actor, permissions: RolePermissions) {
    for (const [key, table] of [
      ['dealStages', 'stages'],
      ['leadStatuses', 'lead_statuses'],
    ] as const) {
      const ids = Object.keys(permissions[key]);
      const known = await repo.existing(trx, actor.accountId, table, ids);
      const unknown = ids.find((id) => !known.has(id));
      if (unknown) throw invalidField(`body.permissions.${key}.${unknown}`, 'No such stage in this account');
    }
  }

  const presentGroups = async (trx: Db, accountId: string): Promise<UserGroup[]> => {
    const members = await repo.groupMembers(trx, accountId);
    return (await repo.groups(trx, accountId)).map((g) => ({
      id: g.id,
      name: g.name,
      memberIds: members.filter((m) => m.group_id === g.id).map((m) => m.user_id),
    }));
  };

  return {
    /** The caller's effective rights and scope (per request; the policy and SQL filter read it). */
    access: accessOf,
    ensureDefaults,

    /**
     * Whether record rights bind the actor at all (not an administrator, not background work): a module that
     * keeps something of a record beyond the record (the history of a deleted deal) gives it to the unbound.
     */
    binds: (actor: Actor) => !unbound(actor),

    /** The one SQL filter: the rows of `entity` (its columns given) the actor may `op`. */
    async visibleSql(
      actor: Actor,
      entity: AccessEntity,
      op: AccessOperation,
      columns: VisibilityColumns,
      trx: Db = db,
    ): Promise<RawBuilder<boolean>> {
      if (unbound(actor)) return sql<boolean>`true`;
      const { rights, scope } = await recordAccessOf(actor, trx);
      return visibilitySql(visibility(rights, entity, op), scope, columns);
    },

    /** The actor's right on the robots and triggers of leads or deals (ACCESS-4): none, read or edit. */
    async robotsRight(actor: Actor, entity: 'lead' | 'deal', trx: Db = db): Promise<RobotsRight> {
      if (actor.role === 'admin') return 'edit';
      return (await recordAccessOf(actor, trx)).rights.permissions.robots[entity];
    },

    /** The one decision: may the actor `op` this record (for `add`: a record with these facts)? */
    async allows(
      actor: Actor,
      entity: AccessEntity,
      op: AccessOperation,
      record: RecordFacts,
      trx: Db = db,
    ): Promise<boolean> {
      if (unbound(actor)) return true;
      const { rights, scope } = await recordAccessOf(actor, trx);
      return decide(rights, scope, entity, op, record);
    },

    me: async (actor: Actor): Promise<MyAccess> => {
      const { rights } = await db.transaction().execute((trx) => accessOf(actor, trx));
      return { administrator: rights.administrator, permissions: rights.permissions };
    },

    listRoles: (actor: Actor) =>
      db.transaction().execute(async (trx) => {
        await assertSettings(trx, actor);
        await ensureDefaults(trx, actor.accountId);
        // The default roles first, in their order; then the account's own, by name.
        const order = (code: string | null) => {
          const index = DEFAULT_ROLES.findIndex((r) => r.code === code);
          return index < 0 ? DEFAULT_ROLES.length : index;
        };
        return (await repo.roles(trx, actor.accountId))
          .sort((a, b) => order(a.code) - order(b.code) || a.name.localeCompare(b.name, 'ru'))
          .map(presentRole);
      }),

    createRole: (actor: Actor, input: { name: string; permissions: RolePermissions }) =>
      db.transaction().execute(async (trx) => {
        await assertSettings(trx, actor);
        await ensureDefaults(trx, actor.accountId);
        await checkRoleName(trx, actor, input.name, null);
        await checkStages(trx, actor, input.permissions);
        const row = await repo.insertRole(trx, { accountId: actor.accountId, code: null, ...input });
        if (!row) throw invalidField('body.name', 'A role with this name exists', 'duplicate_name');
        return presentRole(row);
      }),

    update: (
      actor: Actor,
      id: string,
      input: { name: string; permissions: RolePermissions },
      ifMatch: number | undefined,
    ) =>
      db.transaction().execute(async (trx) => {
        await roleToChange(trx, actor, id, ifMatch);
        await checkRoleName(trx, actor, input.name, id);
        await checkStages(trx, actor, input.permissions);
        return presentRole(await repo.updateRole(trx, actor.accountId, id, input));
      }),

    remove: (actor: Actor, id: string, ifMatch: number | undefined) =>
      db.transaction().execute(async (trx) => {
        await roleToChange(trx, actor, id, ifMatch);
        await repo.deleteRole(trx, actor.accountId, id);
      }),

    listAssignments: (actor: Actor): Promise<AccessAssignment[]> =>
      db.transaction().execute(async (trx) => {
        await assertSettings(trx, actor);
        await ensureDefaults(trx, actor.accountId);
        return (await repo.assignments(trx, actor.accountId)).map((a) => ({
          id: a.id,
          roleId: a.role_id,
          subjectKind: a.subject_kind,
          subjectId: a.subject_id,
        }));
      }),

    assign: (actor: Actor, input: Omit<AccessAssignment, 'id'>): Promise<AccessAssignment> =>
      db.transaction().execute(async (trx) => {
        await assertSettings(trx, actor);
        if (!(await repo.role(trx, actor.accountId, input.roleId)))
          throw invalidField('body.roleId', 'No such role');
        await checkSubject(trx, actor, input.subjectKind, input.subjectId);
        const row = await repo.insertAssignment(trx, { accountId: actor.accountId, ...input });
        if (!row) throw conflict('already_assigned', 'This role is already assigned to this subject');
        return {
          id: row.id,
          roleId: row.role_id,
          subjectKind: row.subject_kind,
          subjectId: row.subject_id,
        };
      }),

    unassign: (actor: Actor, id: string) =>
      db.transaction().execute(async (trx) => {
        await assertSettings(trx, actor);
        if (!(await repo.deleteAssignment(trx, actor.accountId, id))) throw notFound('Assignment');
      }),

    listGroups: (actor: Actor) =>
      db.transaction().execute(async (trx) => {
        await assertSettings(trx, actor);
        return presentGroups(trx, actor.accountId);
      }),

    createGroup: (actor: Actor, input: { name: string; memberIds: string[] }) =>
      db.transaction().execute(async (trx) => {
        await assertSettings(trx, actor);
        await checkMembers(trx, actor, input.memberIds);
        if ((await repo.groups(trx, actor.accountId)).some((g) => g.name === input.name))
          throw invalidField('body.name', 'A group with this name exists', 'duplicate_name');
        const row = await repo.insertGroup(trx, actor.accountId, input.name);
        await repo.setGroupMembers(trx, actor.accountId, row.id, input.memberIds);
        return (await presentGroups(trx, actor.accountId)).find((g) => g.id === row.id) as UserGroup;
      }),

    updateGroup: (actor: Actor, id: string, input: { name: string; memberIds: string[] }) =>
      db.transaction().execute(async (trx) => {
        await assertSettings(trx, actor);
        if (!(await repo.group(trx, actor.accountId, id))) throw notFound('Group');
        await checkMembers(trx, actor, input.memberIds);
        if ((await repo.groups(trx, actor.accountId)).some((g) => g.name === input.name && g.id !== id))
          throw invalidField('body.name', 'A group with this name exists', 'duplicate_name');
        await repo.renameGroup(trx, actor.accountId, id, input.name);
        await repo.setGroupMembers(trx, actor.accountId, id, input.memberIds);
        return (await presentGroups(trx, actor.accountId)).find((g) => g.id === id) as UserGroup;
      }),

    removeGroup: (actor: Actor, id: string) =>
      db.transaction().execute(async (trx) => {
        await assertSettings(trx, actor);
        if (!(await repo.deleteGroup(trx, actor.accountId, id))) throw notFound('Group');
      }),
  };
}

export type AccessService = ReturnType<typeof createAccessService>;
