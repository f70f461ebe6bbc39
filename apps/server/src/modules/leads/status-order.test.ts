import { describe, expect, it } from 'vitest';
import {
  defaultStatuses,
  isPermutationOfOpen,
  moveAmongOpen,
  openIdsOf,
  orderStatuses,
  positionsFor,
} from './status-order.js';

const statuses = [
  { id: 'junk', kind: 'junk' as const, position: 0 },
  { id: 'b', kind: 'open' as const, position: 7 },
  { id: 'good', kind: 'converted' as const, position: 1 },
  { id: 'a', kind: 'open' as const, position: 3 },
];

describe('lead status order', () => {
  it('puts open statuses by position first, then Converted, then Junk', () => {
    expect(orderStatuses(statuses).map((s) => s.id)).toEqual(['a', 'b', 'good', 'junk']);
    expect(openIdsOf(statuses)).toEqual(['a', 'b']);
  });

  it('renumbers densely for a new open order, the finals last', () => {
    expect(Object.fromEntries(positionsFor(statuses, ['b', 'a']))).toEqual({ b: 0, a: 1, good: 2, junk: 3 });
  });

  it('refuses an order that misses, repeats or invents an open status, or names a final one', () => {
    for (const ids of [['a'], ['a', 'a'], ['a', 'good'], ['a', 'b', 'c']]) {
      expect(isPermutationOfOpen(statuses, ids)).toBe(false);
      expect(() => positionsFor(statuses, ids)).toThrow();
    }
    expect(isPermutationOfOpen(statuses, ['b', 'a'])).toBe(true);
  });

  it('moves or inserts among the open statuses, 1-based, clamped, last by default', () => {
    expect(moveAmongOpen(['a', 'b', 'c'], 'c', 1)).toEqual(['c', 'a', 'b']);
    expect(moveAmongOpen(['a', 'b', 'c'], 'a', 99)).toEqual(['b', 'c', 'a']);
    expect(moveAmongOpen(['a', 'b'], 'new', undefined)).toEqual(['a', 'b', 'new']);
    expect(moveAmongOpen(['a', 'b'], 'new', 0)).toEqual(['new', 'a', 'b']);
  });

  it('gives a new account three open statuses and one of each final, in its language', () => {
    const ru = defaultStatuses('ru');
    expect(ru.map((s) => [s.name, s.kind])).toEqual([
      ['Необработанный', 'open'],
      ['В работе', 'open'],
      ['Обработан', 'open'],
      ['Качественный лид', 'converted'],
      ['Некачественный лид', 'junk'],
    ]);
    expect(defaultStatuses('en').map((s) => s.name)).toEqual([
      'Not processed',
      'In progress',
      'Processed',
      'Converted',
      'Junk',
    ]);
    for (const s of ru) expect(s.color).toMatch(/^#[0-9a-f]{6}$/);
  });
});
