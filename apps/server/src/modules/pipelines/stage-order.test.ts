import { describe, expect, it } from 'vitest';
import { defaultStages, moveAmongOpen, orderStages, positionsFor } from './stage-order.js';

const stages = [
  { id: 'lost', kind: 'lost' as const, position: 1 },
  { id: 'b', kind: 'open' as const, position: 7 },
  { id: 'won', kind: 'won' as const, position: 0 },
  { id: 'a', kind: 'open' as const, position: 3 },
  { id: 'inbox', kind: 'unsorted' as const, position: 9 },
];

describe('stage order', () => {
  it('puts Unsorted first, open stages by position, then Won and Lost', () => {
    expect(orderStages(stages).map((s) => s.id)).toEqual(['inbox', 'a', 'b', 'won', 'lost']);
  });

  it('renumbers densely for a new open order', () => {
    expect(Object.fromEntries(positionsFor(stages, ['b', 'a']))).toEqual({
      inbox: 0,
      b: 1,
      a: 2,
      won: 3,
      lost: 4,
    });
  });

  it('refuses an order that misses, repeats or invents an open stage', () => {
    expect(() => positionsFor(stages, ['a'])).toThrow();
    expect(() => positionsFor(stages, ['a', 'a'])).toThrow();
    expect(() => positionsFor(stages, ['a', 'won'])).toThrow();
  });

  it('moves or inserts among open stages, clamping the position', () => {
    expect(moveAmongOpen(['a', 'b', 'c'], 'c', 1)).toEqual(['c', 'a', 'b']);
    expect(moveAmongOpen(['a', 'b', 'c'], 'a', 99)).toEqual(['b', 'c', 'a']);
    expect(moveAmongOpen(['a', 'b'], 'new', undefined)).toEqual(['a', 'b', 'new']);
    expect(moveAmongOpen(['a', 'b'], 'new', 2)).toEqual(['a', 'new', 'b']);
  });

  it('gives a default pipeline with exactly one of each system stage, in Russian or English', () => {
    for (const locale of ['ru', 'en']) {
      const { stages: list } = defaultStages(locale);
      expect(list.filter((s) => s.kind === 'unsorted')).toHaveLength(1);
      expect(list.filter((s) => s.kind === 'won')).toHaveLength(1);
      expect(list.filter((s) => s.kind === 'lost')).toHaveLength(1);
      expect(orderStages(list.map((s, i) => ({ ...s, id: s.name, position: i }))).map((s) => s.kind)).toEqual(
        list.map((s) => s.kind),
      );
    }
    expect(defaultStages('ru').pipelineName).toBe('Продажи');
    expect(defaultStages('en').stages[0]?.name).toBe('Incoming');
  });
});
