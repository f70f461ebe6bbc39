import { describe, expect, it } from 'vitest';
import {
  INHERIT,
  blankPermissions,
  overrideCount,
  stageLevel,
  withLevel,
  withRow,
  withStageLevel,
} from './roleModel';

const STAGE = '00000000-0000-4000-8000-000000000001';

describe('role matrix edits', () => {
  it('sets one cell or a whole row without touching the rest', () => {
    const blank = blankPermissions();
    const one = withLevel(blank, 'deal', 'read', 'department');
    expect(one.entities.deal.read).toBe('department');
    expect(one.entities.deal.edit).toBe('none');
    expect(blank.entities.deal.read).toBe('none');
    const row = withRow(one, 'contact', 'all');
    expect(Object.values(row.entities.contact)).toEqual(['all', 'all', 'all', 'all', 'all', 'all']);
    expect(row.entities.deal.read).toBe('department');
  });

  it('a stage override is set, read back, and removed by "inherit"', () => {
    const set = withStageLevel(blankPermissions(), 'dealStages', STAGE, 'edit', 'own');
    expect(stageLevel(set, 'dealStages', STAGE, 'edit')).toBe('own');
    expect(stageLevel(set, 'dealStages', STAGE, 'read')).toBe(INHERIT);
    expect(overrideCount(set, 'dealStages', [STAGE])).toBe(1);
    const cleared = withStageLevel(set, 'dealStages', STAGE, 'edit', INHERIT);
    expect(cleared.dealStages).toEqual({});
    expect(overrideCount(cleared, 'dealStages', [STAGE])).toBe(0);
  });
});
