import { describe, expect, it } from 'vitest';
import { subtreeIds, wouldCreateCycle } from './department-tree.js';

// sales ─┬─ moscow ── moscow-b2b
//        └─ spb
// support
const nodes = [
  { id: 'sales', parentId: null },
  { id: 'moscow', parentId: 'sales' },
  { id: 'moscow-b2b', parentId: 'moscow' },
  { id: 'spb', parentId: 'sales' },
  { id: 'support', parentId: null },
];

describe('wouldCreateCycle', () => {
  it('refuses a department as its own parent', () =>
    expect(wouldCreateCycle(nodes, 'sales', 'sales')).toBe(true));
  it('refuses moving a department under its descendant', () =>
    expect(wouldCreateCycle(nodes, 'sales', 'moscow-b2b')).toBe(true));
  it('allows moving under a sibling branch', () =>
    expect(wouldCreateCycle(nodes, 'spb', 'moscow')).toBe(false));
  it('allows moving to the top', () => expect(wouldCreateCycle(nodes, 'moscow', null)).toBe(false));
});

describe('subtreeIds', () => {
  it('lists a department and all below it', () =>
    expect(subtreeIds(nodes, 'sales').sort()).toEqual(['moscow', 'moscow-b2b', 'sales', 'spb']));
  it('is just the leaf for a leaf', () => expect(subtreeIds(nodes, 'spb')).toEqual(['spb']));
});
