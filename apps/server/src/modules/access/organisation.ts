// Pure: what a user's rights are computed from — which roles reach the user (directly, through the department,
// through a parent department assigned "with sub-departments", through a group, or as everyone), and the
// user-id sets of the "department" and "sub-departments" levels.
import type { AccessSubjectKind } from '@voronka/contracts';
import { subtreeIds } from '../departments/index.js';
import type { Scope } from './access-policy.js';

export interface Organisation {
  users: readonly { id: string; department_id: string | null }[];
  departments: readonly { id: string; parent_id: string | null; head_user_id: string | null }[];
}

export interface Assignment {
  role_id: string;
  subject_kind: AccessSubjectKind;
  subject_id: string | null;
}

/** The departments a user belongs to: the own one and those the user heads. */
function departmentsOf(org: Organisation, userId: string): string[] {
  const own = org.users.find((u) => u.id === userId)?.department_id;
  const headed = org.departments.filter((d) => d.head_user_id === userId).map((d) => d.id);
  return [...new Set([...(own ? [own] : []), ...headed])];
}

export function scopeOf(org: Organisation, userId: string): Scope {
  const nodes = org.departments.map((d) => ({ id: d.id, parentId: d.parent_id }));
  const direct = new Set(departmentsOf(org, userId));
  const tree = new Set([...direct].flatMap((id) => subtreeIds(nodes, id)));
  const usersIn = (departments: Set<string>) => [
    userId,
    ...org.users
      .filter((u) => u.id !== userId && u.department_id !== null && departments.has(u.department_id))
      .map((u) => u.id),
  ];
  return { userId, departmentUserIds: usersIn(direct), subtreeUserIds: usersIn(tree) };
}

/** The ids of the roles assigned to a user by any subject. */
export function roleIdsOf(
  org: Organisation,
  assignments: readonly Assignment[],
  groupIdsOfUser: ReadonlySet<string>,
  userId: string,
): string[] {
  const own = org.users.find((u) => u.id === userId)?.department_id ?? null;
  const parentOf = new Map(org.departments.map((d) => [d.id, d.parent_id]));
  const ancestorsOrSelf = new Set<string>();
  for (let d = own; d !== null && !ancestorsOrSelf.has(d); d = parentOf.get(d) ?? null)
    ancestorsOrSelf.add(d);
  const reaches = (a: Assignment) => {
    switch (a.subject_kind) {
      case 'everyone':
        return true;
      case 'user':
        return a.subject_id === userId;
      case 'department':
        return a.subject_id !== null && a.subject_id === own;
      case 'department_tree':
        return a.subject_id !== null && ancestorsOrSelf.has(a.subject_id);
      case 'group':
        return a.subject_id !== null && groupIdsOfUser.has(a.subject_id);
    }
  };
  return [...new Set(assignments.filter(reaches).map((a) => a.role_id))];
}
