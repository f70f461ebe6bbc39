import { describe, expect, it } from 'vitest';
import type { MyAccess } from '@voronka/contracts';
import { blankPermissions, withLevel, withStageLevel } from './roleModel';
import { can, canAnywhere, canRecord, levelOf, spreadsheetRightsEntity } from './can';

const STAGE = '00000000-0000-4000-8000-000000000001';
const OTHER = '00000000-0000-4000-8000-000000000002';

const member = (permissions = blankPermissions()): MyAccess => ({ administrator: false, permissions });

/** The default Manager: own deals only, no import or export. */
const manager = () => {
  let permissions = blankPermissions();
  for (const op of ['read', 'add', 'edit', 'delete'] as const)
    permissions = withLevel(permissions, 'deal', op, 'own');
  return permissions;
};

describe('can', () => {
  it('a member may do what a level above none allows, and nothing else', () => {
    const me = member(manager());
    expect(can(me, 'deal', 'read')).toBe(true);
    expect(can(me, 'deal', 'add')).toBe(true);
    expect(can(me, 'deal', 'delete')).toBe(true);
    expect(can(me, 'deal', 'export')).toBe(false);
    expect(can(me, 'deal', 'import')).toBe(false);
    expect(can(me, 'contact', 'read')).toBe(false);
  });

  it('an administrator may do everything, whatever the matrix says', () => {
    const admin: MyAccess = { administrator: true, permissions: blankPermissions() };
    expect(can(admin, 'deal', 'export')).toBe(true);
    expect(can(admin, 'lead', 'import', STAGE)).toBe(true);
    expect(canAnywhere(admin, 'deal', 'delete')).toBe(true);
    expect(levelOf(admin, 'company', 'edit')).toBe('all');
  });

  it('nothing is allowed while the rights are loading', () => {
    expect(can(undefined, 'deal', 'read')).toBe(false);
    expect(canAnywhere(undefined, 'deal', 'read')).toBe(false);
  });

  it("a stage's override replaces the entity's level there, both ways", () => {
    const closed = withStageLevel(manager(), 'dealStages', STAGE, 'add', 'none');
    expect(can(member(closed), 'deal', 'add', STAGE)).toBe(false);
    expect(can(member(closed), 'deal', 'add', OTHER)).toBe(true);
    expect(can(member(closed), 'deal', 'add')).toBe(true);

    const opened = withStageLevel(blankPermissions(), 'dealStages', STAGE, 'edit', 'open');
    expect(levelOf(member(opened), 'deal', 'edit', STAGE)).toBe('open');
    expect(can(member(opened), 'deal', 'edit', OTHER)).toBe(false);
    // Lead statuses are the leads' stages; a deal stage's override says nothing about leads.
    expect(can(member(opened), 'lead', 'edit', STAGE)).toBe(false);
    const lead = withStageLevel(blankPermissions(), 'leadStatuses', STAGE, 'edit', 'own');
    expect(can(member(lead), 'lead', 'edit', STAGE)).toBe(true);
  });

  it('anywhere: the entity level, or one stage that grants the operation', () => {
    expect(canAnywhere(member(manager()), 'deal', 'delete')).toBe(true);
    expect(canAnywhere(member(), 'deal', 'delete')).toBe(false);
    const oneStage = withStageLevel(blankPermissions(), 'dealStages', STAGE, 'delete', 'own');
    expect(canAnywhere(member(oneStage), 'deal', 'delete')).toBe(true);
    expect(canAnywhere(member(oneStage), 'deal', 'edit')).toBe(false);
    const closedEverywhere = withStageLevel(blankPermissions(), 'dealStages', STAGE, 'delete', 'none');
    expect(canAnywhere(member(closedEverywhere), 'deal', 'delete')).toBe(false);
  });

  it('spreadsheets are checked against their entity', () => {
    const me = member(withLevel(blankPermissions(), 'company', 'export', 'own'));
    expect(can(me, spreadsheetRightsEntity.companies, 'export')).toBe(true);
    expect(can(me, spreadsheetRightsEntity.contacts, 'export')).toBe(false);
  });
});

describe('canRecord', () => {
  const ME = '00000000-0000-4000-8000-0000000000a1';
  const SOMEONE = '00000000-0000-4000-8000-0000000000b2';
  const deal = (responsibleUserId: string | null, isOpen = false) => ({
    responsibleUserId,
    isOpen,
    stageId: STAGE,
  });

  it("at own only the user's records; a record without a responsible is nobody's", () => {
    const me = member(manager());
    expect(canRecord(me, ME, 'deal', 'delete', deal(ME))).toBe(true);
    expect(canRecord(me, ME, 'deal', 'delete', deal(SOMEONE, true))).toBe(false);
    expect(canRecord(me, ME, 'deal', 'delete', deal(null))).toBe(false);
  });

  it("the record's stage decides; wider levels are left to the server", () => {
    const closed = withStageLevel(manager(), 'dealStages', STAGE, 'delete', 'none');
    expect(canRecord(member(closed), ME, 'deal', 'delete', deal(ME))).toBe(false);
    const wide = withStageLevel(manager(), 'dealStages', STAGE, 'delete', 'department');
    expect(canRecord(member(wide), ME, 'deal', 'delete', deal(SOMEONE))).toBe(true);
    const admin: MyAccess = { administrator: true, permissions: blankPermissions() };
    expect(canRecord(admin, ME, 'deal', 'delete', deal(SOMEONE))).toBe(true);
    expect(canRecord(undefined, ME, 'deal', 'delete', deal(ME))).toBe(false);
  });
});
