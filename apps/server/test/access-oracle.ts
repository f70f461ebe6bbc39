// The access-rights oracle of the tests (ADR 0018): the rules of seed 004 written plainly and apart from the
// access module, and a deterministic generator to build organisations with. Used by the policy's oracle test and
// by the API's (deals-access.int.test.ts).
import {
  accessLevels,
  type AccessEntity,
  type AccessLevel,
  type AccessOperation,
  type RolePermissions,
} from '@voronka/contracts';
import { expect } from 'vitest';
import type { Client } from './http.js';

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
export function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  return { next, pick };
}

export interface Org {
  departments: { id: string; parentId: string | null; headUserId: string | null }[];
  users: { id: string; departmentId: string | null }[];
  groups: { id: string; memberIds: string[] }[];
  roles: { id: string; permissions: RolePermissions }[];
  assignments: { roleId: string; subjectKind: string; subjectId: string | null }[];
}

/**
 * The oracle: the rules of seed 004 written plainly and apart from the module (walking up the department
 * chain where the module walks down the tree, taking the maximum per record where the module merges roles).
 */
export function oracle(
  org: Org,
  userId: string,
  entity: AccessEntity,
  op: AccessOperation,
  record: ProbeRow,
): boolean {
  const user = org.users.find((u) => u.id === userId)!;
  const parent = (id: string | null) => org.departments.find((d) => d.id === id)?.parentId ?? null;
  const chain = (id: string | null) => {
    const out: string[] = [];
    for (let d = id; d !== null && !out.includes(d); d = parent(d)) out.push(d);
    return out;
  };
  const roles = org.assignments
    .filter(
      (a) =>
        a.subjectKind === 'everyone' ||
        (a.subjectKind === 'user' && a.subjectId === userId) ||
        (a.subjectKind === 'department' && a.subjectId === user.departmentId) ||
        (a.subjectKind === 'department_tree' && chain(user.departmentId).includes(a.subjectId!)) ||
        (a.subjectKind === 'group' &&
          org.groups.some((g) => g.id === a.subjectId && g.memberIds.includes(userId))),
    )
    .map((a) => org.roles.find((r) => r.id === a.roleId)!.permissions);
  const stageKey = entity === 'deal' ? 'dealStages' : entity === 'lead' ? 'leadStatuses' : null;
  const levelOf = (p: RolePermissions): AccessLevel =>
    (stageKey && record.stage_id ? p[stageKey][record.stage_id]?.[op] : undefined) ?? p.entities[entity][op];
  const level = roles
    .map(levelOf)
    .reduce<AccessLevel>((a, b) => (accessLevels.indexOf(a) >= accessLevels.indexOf(b) ? a : b), 'none');
  const mine = [
    ...(user.departmentId ? [user.departmentId] : []),
    ...org.departments.filter((d) => d.headUserId === userId).map((d) => d.id),
  ];
  const owner = org.users.find((u) => u.id === record.responsible_user_id);
  const owned = ['deal', 'lead', 'contact', 'company', 'task'].includes(entity);
  switch (level) {
    case 'none':
      return false;
    case 'all':
      return true;
    default:
      if (!owned) return true;
      if (level === 'open' && record.is_open) return true;
      if (!owner) return false;
      if (owner.id === userId) return true;
      if (level === 'own') return false;
      if (level === 'department') return owner.departmentId !== null && mine.includes(owner.departmentId);
      return chain(owner.departmentId).some((d) => mine.includes(d));
  }
}

export interface ProbeRow {
  id: number;
  responsible_user_id: string | null;
  is_open: boolean;
  stage_id: string | null;
}

/** Departments three deep through the API — a root, two below it, two below each of those — into `org`. */
export async function addDepartmentTree(admin: Client, org: Org) {
  const add = async (name: string, parentId: string | null) => {
    const res = await admin.post('/api/departments', { name, parentId, headUserId: null });
    expect(res.status).toBe(201);
    org.departments.push({ id: res.body.id, parentId, headUserId: null });
    return res.body.id as string;
  };
  const root = await add('Компания', null);
  for (const i of [1, 2]) {
    const mid = await add(`Отдел ${i}`, root);
    for (const j of [1, 2]) await add(`Группа ${i}.${j}`, mid);
  }
}
