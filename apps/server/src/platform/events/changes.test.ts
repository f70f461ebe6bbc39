import { describe, expect, it } from 'vitest';
import { changesOf } from './changes.js';

describe('changesOf', () => {
  it('lists only the sent fields whose value differs', () => {
    expect(
      changesOf(
        { name: 'A', parentId: null, headUserId: 'u1' },
        { name: 'B', parentId: null, headUserId: undefined },
      ),
    ).toEqual({
      name: { from: 'A', to: 'B' },
    });
  });
  it('records clearing a value as a change to null', () => {
    expect(changesOf<{ parentId: string | null }>({ parentId: 'p1' }, { parentId: null })).toEqual({
      parentId: { from: 'p1', to: null },
    });
  });
  it('is empty when nothing changes', () => {
    expect(changesOf({ name: 'A' }, {})).toEqual({});
  });
});
