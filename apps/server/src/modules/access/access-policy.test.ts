import { describe, expect, it } from 'vitest';
import { decide, levelAt, mergeRoles, uniformPermissions, visibility, type Scope } from './access-policy.js';

const STAGE_A = '00000000-0000-4000-8000-00000000000a';
const STAGE_B = '00000000-0000-4000-8000-00000000000b';
const scope: Scope = {
  userId: 'u',
  departmentUserIds: ['u', 'colleague'],
  subtreeUserIds: ['u', 'colleague', 'junior'],
};
const member = (permissions = uniformPermissions('own')) => ({ administrator: false, permissions });

describe('access policy', () => {
  it('levels are cumulative: own < department < subdepartments < open < all', () => {
    const owners = ['u', 'colleague', 'junior', 'stranger'];
    const reached = (level: Parameters<typeof uniformPermissions>[0], isOpen = false) =>
      owners.filter((owner) =>
        decide(member(uniformPermissions(level)), scope, 'deal', 'read', {
          responsibleUserId: owner,
          isOpen,
        }),
      );
    expect(reached('none')).toEqual([]);
    expect(reached('own')).toEqual(['u']);
    expect(reached('department')).toEqual(['u', 'colleague']);
    expect(reached('subdepartments')).toEqual(['u', 'colleague', 'junior']);
    expect(reached('open')).toEqual(['u', 'colleague', 'junior']);
    expect(reached('open', true)).toEqual(owners);
    expect(reached('all')).toEqual(owners);
  });

  it('a record without a responsible is reached only by "open" (when open) and "all"', () => {
    const record = { responsibleUserId: null, isOpen: false };
    expect(decide(member(uniformPermissions('subdepartments')), scope, 'deal', 'edit', record)).toBe(false);
    expect(
      decide(member(uniformPermissions('open')), scope, 'deal', 'edit', { ...record, isOpen: true }),
    ).toBe(true);
    expect(decide(member(uniformPermissions('all')), scope, 'deal', 'edit', record)).toBe(true);
  });

  it('a stage override replaces the entity level; other stages inherit', () => {
    const permissions = uniformPermissions('all');
    permissions.dealStages[STAGE_A] = { edit: 'own' };
    const theirs = { responsibleUserId: 'stranger', isOpen: false };
    expect(decide(member(permissions), scope, 'deal', 'edit', { ...theirs, stageId: STAGE_A })).toBe(false);
    expect(decide(member(permissions), scope, 'deal', 'read', { ...theirs, stageId: STAGE_A })).toBe(true);
    expect(decide(member(permissions), scope, 'deal', 'edit', { ...theirs, stageId: STAGE_B })).toBe(true);
    // Deal stage overrides say nothing about leads.
    expect(levelAt(permissions, 'lead', 'edit', STAGE_A)).toBe('all');
  });

  it("several roles give the maximum, per stage after each role's own inheritance", () => {
    const manager = uniformPermissions('own');
    const stageOpener = uniformPermissions('none');
    stageOpener.dealStages[STAGE_A] = { read: 'all' };
    stageOpener.settings = true;
    stageOpener.robots = { lead: 'none', deal: 'edit' };
    const merged = mergeRoles([manager, stageOpener]);
    expect(levelAt(merged, 'deal', 'read', STAGE_A)).toBe('all');
    // The manager's "own" elsewhere is not lowered by the other role's "none".
    expect(levelAt(merged, 'deal', 'read', STAGE_B)).toBe('own');
    // At stage A the manager's inherited "own" edit survives the other role's inherited "none".
    expect(levelAt(merged, 'deal', 'edit', STAGE_A)).toBe('own');
    expect(merged.settings).toBe(true);
    expect(merged.robots).toEqual({ lead: 'none', deal: 'edit' });
    expect(mergeRoles([])).toEqual(uniformPermissions('none'));
  });

  it('entities without a responsible: any level above none reaches every record', () => {
    const permissions = uniformPermissions('own');
    expect(
      decide(member(permissions), scope, 'product', 'read', { responsibleUserId: null, isOpen: false }),
    ).toBe(true);
    expect(visibility(member(permissions), 'product', 'read')).toEqual({ kind: 'all' });
    expect(visibility(member(uniformPermissions('none')), 'product', 'read')).toEqual({ kind: 'none' });
  });

  it('visibility groups stages by level and keeps a stage closed to "all" out', () => {
    const permissions = uniformPermissions('all');
    permissions.dealStages[STAGE_A] = { read: 'none' };
    const seen = visibility(member(permissions), 'deal', 'read');
    expect(seen).toEqual({ kind: 'some', groups: [{ stageIds: null, level: 'all' }], overridden: [STAGE_A] });
    expect(
      visibility({ administrator: true, permissions: uniformPermissions('none') }, 'deal', 'read'),
    ).toEqual({
      kind: 'all',
    });
  });
});
