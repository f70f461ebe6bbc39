import { describe, expect, it } from 'vitest';
import { buildTree, departmentTreeOptions, flattenTree, subtreeIds } from './departmentTree';

const items = [
  { id: 'b', name: 'Sales', parentId: null },
  { id: 'a', name: 'Marketing', parentId: null },
  { id: 'c', name: 'Moscow', parentId: 'b' },
  { id: 'd', name: 'Kazan', parentId: 'b' },
  { id: 'e', name: 'Field team', parentId: 'c' },
  { id: 'f', name: 'Lost', parentId: 'zzz' },
];

describe('department tree', () => {
  it('orders depth-first with children sorted by name', () => {
    const flat = flattenTree(buildTree(items)).map((n) => `${'-'.repeat(n.depth)}${n.department.name}`);
    expect(flat).toEqual(['Lost', 'Marketing', 'Sales', '-Kazan', '-Moscow', '--Field team']);
  });

  it('lists a subtree to prevent cycles when moving', () => {
    expect([...subtreeIds(items, 'b')].sort()).toEqual(['b', 'c', 'd', 'e']);
  });

  it('offers the tree as indented select options, without the excluded ones', () => {
    const collator = new Intl.Collator('en');
    expect(departmentTreeOptions(items, collator, subtreeIds(items, 'c')).map((o) => o.label)).toEqual([
      'Lost',
      'Marketing',
      'Sales',
      '\u2002Kazan',
    ]);
    expect(departmentTreeOptions(items, collator)[5]).toEqual({
      value: 'e',
      label: '\u2002\u2002Field team',
    });
  });

  it('survives a cycle in the data', () => {
    const cyclic = [
      { id: 'x', name: 'X', parentId: 'y' },
      { id: 'y', name: 'Y', parentId: 'x' },
    ];
    expect(flattenTree(buildTree(cyclic))).toEqual([]);
  });
});
