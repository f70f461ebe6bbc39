import { sql } from 'kysely';
import type { AccessSubjectKind } from '@voronka/contracts';
import type { Db } from '../../platform/db/index.js';

/** What a user's rights are computed from, read in one round trip (every request of a member needs it). */
export interface AccessSnapshot {
  users: { id: string; department_id: string | null }[];
  departments: { id: string; parent_id: string | null; head_user_id: string | null }[];
  roles: { id: string; permissions: unknown }[];
  assignments: { role_id: string; subject_kind: AccessSubjectKind; subject_id: string | null }[];
  groups: string[];
}

export function createAccessRepository() {
  return {
    roles: (db: Db, accountId: string) =>
      db
        .selectFrom('access_roles')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('created_at')
        .orderBy('name')
        .execute(),
    role: (db: Db, accountId: string, id: string, options: { lock?: boolean } = {}) =>
      db
        .selectFrom('access_roles')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .$if(options.lock === true, (q) => q.forUpdate())
        .executeTakeFirst(),
    insertRole: (
      db: Db,
      values: {
        accountId: string;
        code: 'manager' | 'head' | 'director' | 'administrator' | null;
        name: string;
        permissions: unknown;
      },
    ) =>
      db
        .insertInto('access_roles')
        .values({
          account_id: values.accountId,
          code: values.code,
          name: values.name,
          permissions: JSON.stringify(values.permissions),
        })
        .onConflict((oc) => oc.doNothing())
        .returningAll()
        .executeTakeFirst(),
    updateRole: (db: Db, accountId: string, id: string, values: { name: string; permissions: unknown }) =>
      db
        .updateTable('access_roles')
        .set((eb) => ({
          name: values.name,
          permissions: JSON.stringify(values.permissions),
          version: eb('version', '+', 1),
          updated_at: new Date(),
        }))
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow(),
    deleteRole: (db: Db, accountId: string, id: string) =>
      db.deleteFrom('access_roles').where('account_id', '=', accountId).where('id', '=', id).execute(),
    nameTaken: async (db: Db, accountId: string, name: string, exceptId: string | null) =>
      Boolean(
        await db
          .selectFrom('access_roles')
          .select('id')
          .where('account_id', '=', accountId)
          .where('name', '=', name)
          .$if(exceptId !== null, (q) => q.where('id', '!=', exceptId as string))
          .executeTakeFirst(),
      ),

    assignments: (db: Db, accountId: string) =>
      db
        .selectFrom('access_assignments')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('created_at')
        .orderBy('id')
        .execute(),
    insertAssignment: (
      db: Db,
      values: {
        accountId: string;
        roleId: string;
        subjectKind: 'everyone' | 'user' | 'department' | 'department_tree' | 'group';
        subjectId: string | null;
      },
    ) =>
      db
        .insertInto('access_assignments')
        .values({
          account_id: values.accountId,
          role_id: values.roleId,
          subject_kind: values.subjectKind,
          subject_id: values.subjectId,
        })
        .onConflict((oc) => oc.doNothing())
        .returningAll()
        .executeTakeFirst(),
    deleteAssignment: async (db: Db, accountId: string, id: string) =>
      (
        await db
          .deleteFrom('access_assignments')
          .where('account_id', '=', accountId)
          .where('id', '=', id)
          .executeTakeFirst()
      ).numDeletedRows > 0n,

    groups: (db: Db, accountId: string) =>
      db.selectFrom('user_groups').selectAll().where('account_id', '=', accountId).orderBy('name').execute(),
    group: (db: Db, accountId: string, id: string) =>
      db
        .selectFrom('user_groups')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .executeTakeFirst(),
    groupMembers: (db: Db, accountId: string) =>
      db
        .selectFrom('user_group_members')
        .select(['group_id', 'user_id'])
        .where('account_id', '=', accountId)
        .execute(),
    insertGroup: (db: Db, accountId: string, name: string) =>
      db
        .insertInto('user_groups')
        .values({ account_id: accountId, name })
        .returningAll()
        .executeTakeFirstOrThrow(),
    renameGroup: (db: Db, accountId: string, id: string, name: string) =>
      db
        .updateTable('user_groups')
        .set({ name })
        .where('account_id', '=', accountId)
        .where('id', '=', id)
        .execute(),
    setGroupMembers: async (db: Db, accountId: string, groupId: string, userIds: readonly string[]) => {
      await db
        .deleteFrom('user_group_members')
        .where('account_id', '=', accountId)
        .where('group_id', '=', groupId)
        .execute();
      if (userIds.length > 0)
        await db
          .insertInto('user_group_members')
          .values(
            [...new Set(userIds)].map((user_id) => ({ account_id: accountId, group_id: groupId, user_id })),
          )
          .execute();
    },
    deleteGroup: async (db: Db, accountId: string, id: string) => {
      await db
        .deleteFrom('access_assignments')
        .where('account_id', '=', accountId)
        .where('subject_kind', '=', 'group')
        .where('subject_id', '=', id)
        .execute();
      return (
        (
          await db
            .deleteFrom('user_groups')
            .where('account_id', '=', accountId)
            .where('id', '=', id)
            .executeTakeFirst()
        ).numDeletedRows > 0n
      );
    },

    /** Which of `ids` are users / departments / groups of the account. */
    existing: async (
      db: Db,
      accountId: string,
      table: 'users' | 'departments' | 'user_groups' | 'stages' | 'lead_statuses',
      ids: readonly string[],
    ) =>
      ids.length === 0
        ? new Set<string>()
        : new Set(
            (
              await db
                .selectFrom(table)
                .select('id')
                .where('account_id', '=', accountId)
                .where('id', 'in', [...ids])
                .execute()
            ).map((r) => r.id),
          ),

    /** The organisation, the roles, their assignments and the user's groups, in one statement. */
    snapshot: async (db: Db, accountId: string, userId: string): Promise<AccessSnapshot> => {
      const { rows } = await sql<{ [K in keyof AccessSnapshot]: AccessSnapshot[K] | null }>`
        SELECT
          (SELECT json_agg(json_build_object('id', id, 'department_id', department_id))
             FROM users WHERE account_id = ${accountId}) AS users,
          (SELECT json_agg(json_build_object('id', id, 'parent_id', parent_id, 'head_user_id', head_user_id))
             FROM departments WHERE account_id = ${accountId}) AS departments,
          (SELECT json_agg(json_build_object('id', id, 'permissions', permissions))
             FROM access_roles WHERE account_id = ${accountId}) AS roles,
          (SELECT json_agg(json_build_object('role_id', role_id, 'subject_kind', subject_kind,
                                             'subject_id', subject_id))
             FROM access_assignments WHERE account_id = ${accountId}) AS assignments,
          (SELECT json_agg(group_id) FROM user_group_members
             WHERE account_id = ${accountId} AND user_id = ${userId}) AS groups
      `.execute(db);
      const row = rows[0];
      const parse = <T>(value: T[] | string | null | undefined): T[] =>
        value == null ? [] : typeof value === 'string' ? (JSON.parse(value) as T[]) : value;
      return {
        users: parse(row?.users),
        departments: parse(row?.departments),
        roles: parse(row?.roles),
        assignments: parse(row?.assignments),
        groups: parse(row?.groups),
      };
    },
  };
}

export type AccessRepository = ReturnType<typeof createAccessRepository>;
