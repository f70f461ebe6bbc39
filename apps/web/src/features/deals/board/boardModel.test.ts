import { describe, expect, it } from 'vitest';
import type { DealCard } from '@voronka/contracts';
import {
  addCard,
  addToSums,
  appendPage,
  fromMinor,
  mergeRefetch,
  moveCard,
  refetchLimit,
  toMinor,
  type Board,
  type BoardColumn,
} from './boardModel';
import { neighbourColumn } from './keyboard';

const card = (
  id: string,
  createdAt: string,
  amount = '100.00',
  currency = 'RUB',
  stageId = 'a',
): DealCard => ({
  id,
  name: `Deal ${id}`,
  stageId,
  amount,
  currency,
  responsibleUserId: null,
  primaryContactName: null,
  companyName: null,
  nextTaskAt: null,
  noTaskPlanned: true,
  tags: [],
  stageEnteredAt: createdAt,
  createdAt,
  version: 1,
});

const column = (id: string, items: DealCard[], extra: Partial<BoardColumn> = {}): BoardColumn => ({
  stage: { id, name: id.toUpperCase(), color: '#99ccff', kind: 'open' },
  count: items.length,
  sums:
    items.length === 0
      ? []
      : [{ currency: 'RUB', amount: fromMinor(items.reduce((s, c) => s + toMinor(c.amount), 0n)) }],
  items,
  nextCursor: null,
  ...extra,
});

const col = (board: Board, id: string) => board.columns.find((c) => c.stage.id === id)!;

describe('exact money', () => {
  it('converts decimals to minor units and back without rounding', () => {
    expect(toMinor('1500.5')).toBe(150050n);
    expect(toMinor('0.07')).toBe(7n);
    expect(toMinor('99999999999999.99')).toBe(9999999999999999n);
    expect(fromMinor(150050n)).toBe('1500.50');
    expect(fromMinor(-7n)).toBe('-0.07');
    // 0.1 + 0.2 in floating point is not 0.3; in kopecks it is.
    expect(addToSums([{ currency: 'RUB', amount: '0.10' }], 'RUB', '0.20', 1)).toEqual([
      { currency: 'RUB', amount: '0.30' },
    ]);
  });

  it('keeps one sum per currency and drops a currency that reaches zero', () => {
    const sums = addToSums([{ currency: 'RUB', amount: '100.00' }], 'USD', '5.00', 1);
    expect(sums).toEqual([
      { currency: 'RUB', amount: '100.00' },
      { currency: 'USD', amount: '5.00' },
    ]);
    expect(addToSums(sums, 'USD', '5.00', -1)).toEqual([{ currency: 'RUB', amount: '100.00' }]);
  });
});

describe('moveCard', () => {
  const a1 = card('a1', '2026-12-01T10:00:00Z', '1000.00');
  const a2 = card('a2', '2026-12-01T09:00:00Z', '250.50', 'USD');
  const b1 = card('b1', '2026-12-01T11:00:00Z', '10.00', 'RUB', 'b');
  const b2 = card('b2', '2026-12-01T08:00:00Z', '20.00', 'RUB', 'b');
  const board: Board = {
    pipelineId: 'p',
    columns: [
      column('a', [a1, a2], {
        sums: [
          { currency: 'RUB', amount: '1000.00' },
          { currency: 'USD', amount: '250.50' },
        ],
      }),
      column('b', [b1, b2]),
    ],
  };

  it('updates both columns’ counts and per-currency sums at once', () => {
    const { board: moved, shown } = moveCard(board, a2, 'a', 'b');
    expect(shown).toBe(true);
    expect(col(moved, 'a').count).toBe(1);
    expect(col(moved, 'a').sums).toEqual([{ currency: 'RUB', amount: '1000.00' }]);
    expect(col(moved, 'b').count).toBe(3);
    expect(col(moved, 'b').sums).toEqual([
      { currency: 'RUB', amount: '30.00' },
      { currency: 'USD', amount: '250.50' },
    ]);
    // In the target's order (newest first), with its new stage.
    expect(col(moved, 'b').items.map((c) => c.id)).toEqual(['b1', 'a2', 'b2']);
    expect(col(moved, 'b').items[1]?.stageId).toBe('b');
    // The original board is untouched (a rollback can use it).
    expect(col(board, 'a').count).toBe(2);
  });

  it('rolls back exactly by moving the card back', () => {
    const there = moveCard(board, a1, 'a', 'b').board;
    const back = moveCard(there, { ...a1, stageId: 'b' }, 'b', 'a').board;
    const bySum = (c: BoardColumn) => ({
      ...c,
      sums: [...c.sums].sort((x, y) => x.currency.localeCompare(y.currency)),
    });
    expect(bySum(col(back, 'a'))).toEqual(bySum(col(board, 'a')));
    expect(col(back, 'b')).toEqual(col(board, 'b'));
  });

  it('counts a card whose place is beyond the loaded pages without showing it', () => {
    const paged: Board = {
      ...board,
      columns: [board.columns[0]!, { ...board.columns[1]!, nextCursor: 'c1' }],
    };
    const old = card('old', '2026-11-01T00:00:00Z', '5.00');
    const withOld = addCard({ ...paged, columns: [column('a', [old]), paged.columns[1]!] }, old);
    const { board: moved, shown } = moveCard(withOld, old, 'a', 'b');
    expect(shown).toBe(false);
    expect(col(moved, 'b').count).toBe(3);
    expect(col(moved, 'b').items.map((c) => c.id)).toEqual(['b1', 'b2']);
    expect(col(moved, 'b').sums).toEqual([{ currency: 'RUB', amount: '35.00' }]);
  });

  it('changes nothing when dropped on its own column', () => {
    expect(moveCard(board, a1, 'a', 'a').board).toBe(board);
  });
});

describe('paging and refetching', () => {
  const newest = card('n', '2026-12-02T00:00:00Z');
  const page1 = [card('p1', '2026-12-01T05:00:00Z'), card('p2', '2026-12-01T04:00:00Z')];
  const page2 = [card('p3', '2026-12-01T03:00:00Z'), card('p4', '2026-12-01T02:00:00Z')];

  it('adds a quick-added deal on top, counted once', () => {
    const board: Board = { pipelineId: 'p', columns: [column('a', page1, { nextCursor: 'c' })] };
    const added = addCard(addCard(board, newest), newest);
    expect(col(added, 'a').items[0]?.id).toBe('n');
    expect(col(added, 'a').count).toBe(3);
  });

  it('appends a page only where the column still stands at that cursor', () => {
    const board: Board = { pipelineId: 'p', columns: [column('a', page1, { count: 4, nextCursor: 'c1' })] };
    const next = appendPage(board, 'a', 'c1', { items: page2, nextCursor: null });
    expect(col(next, 'a').items.map((c) => c.id)).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect(col(next, 'a').nextCursor).toBeNull();
    expect(appendPage(next, 'a', 'c1', { items: page2, nextCursor: 'x' })).toEqual(next);
  });

  it('keeps the pages scrolled through when the board is refetched', () => {
    const previous: Board = {
      pipelineId: 'p',
      columns: [column('a', [...page1, ...page2], { count: 10, nextCursor: 'c2' }), column('b', [])],
    };
    expect(refetchLimit(previous)).toBe(20);
    // Someone added a deal and moved p3 to b; the refetch brings the first two of a.
    const fresh: Board = {
      pipelineId: 'p',
      columns: [
        column('a', [newest, page1[0]!], { count: 10, nextCursor: 'f1' }),
        column('b', [{ ...page2[0]!, stageId: 'b' }]),
      ],
    };
    const merged = mergeRefetch(fresh, previous);
    expect(col(merged, 'a').items.map((c) => c.id)).toEqual(['n', 'p1', 'p2', 'p4']);
    expect(col(merged, 'a').nextCursor).toBe('c2');
    expect(col(merged, 'b').items.map((c) => c.id)).toEqual(['p3']);
    // Another pipeline's board replaces it outright.
    expect(mergeRefetch({ ...fresh, pipelineId: 'q' }, previous).columns[0]?.items).toHaveLength(2);
  });
});

describe('keyboard moves between columns', () => {
  const rects = [0, 1, 2].map((i) => ({ left: i * 300, width: 280 }));
  it('goes to the next column right or left of the card, and stops at the ends', () => {
    expect(neighbourColumn(rects, 140, 1)).toEqual({ left: 300, width: 280 });
    expect(neighbourColumn(rects, 440, -1)).toEqual({ left: 0, width: 280 });
    expect(neighbourColumn(rects, 740, 1)).toBeUndefined();
  });
});
