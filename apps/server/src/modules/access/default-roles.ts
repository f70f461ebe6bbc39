// The default roles of every account (seed 004: manager, head of department, director, administrator), and the
// assignment a new account starts with: everyone is a manager (sees and changes own records) until an
// administrator assigns more. Account administrators have every right regardless.
import type { RolePermissions } from '@voronka/contracts';
import { uniformPermissions } from './access-policy.js';

type Code = 'manager' | 'head' | 'director' | 'administrator';

/** A CRM working role at `level`, with read-only products and reports at `reports`. */
function working(level: 'own' | 'subdepartments' | 'all', reports: 'none' | 'all'): RolePermissions {
  const permissions = uniformPermissions(level);
  permissions.entities.product = { ...uniformPermissions('none').entities.product, read: 'all' };
  permissions.entities.report = { ...uniformPermissions('none').entities.report, read: reports };
  if (level !== 'all') {
    // Managers and heads neither import nor export the whole base (Bitrix24's defaults).
    for (const entity of ['lead', 'deal', 'contact', 'company'] as const) {
      permissions.entities[entity].import = 'none';
      permissions.entities[entity].export = level === 'own' ? 'none' : level;
    }
  }
  permissions.robots = { lead: 'read', deal: 'read' };
  return permissions;
}

export const DEFAULT_ROLES: { code: Code; name: string; permissions: RolePermissions }[] = [
  { code: 'manager', name: 'Менеджер', permissions: working('own', 'none') },
  { code: 'head', name: 'Руководитель отдела', permissions: working('subdepartments', 'all') },
  { code: 'director', name: 'Директор', permissions: working('all', 'all') },
  {
    code: 'administrator',
    name: 'Администратор',
    permissions: uniformPermissions('all', { settings: true, robots: { lead: 'edit', deal: 'edit' } }),
  },
];

/** The role everyone gets in a new account. */
export const DEFAULT_EVERYONE_ROLE: Code = 'manager';
