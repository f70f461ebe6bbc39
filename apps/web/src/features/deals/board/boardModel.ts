// The kanban as the browser holds it, and the pure changes made to it: a card moved or added at once
// (counts and per-currency sums follow exactly, in minor units), and a refetched board merged with
// the pages already scrolled through. Columns are ordered as the server orders them: newest first
// (createdAt desc, id desc).
import type { DealCard } from '@voronka/contracts';

export interface AmountSum {
  currency: string;
  amount: string;
}

export interface BoardStage {
  id: string;
  name: string;
  color: string;
  kind: 'unsorted' | 'open' | 'won' | 'lost';
}

export interface BoardColumn {
  stage: BoardStage;
  /** Deals in the stage that pass the filters (not only the loaded ones). */
  count: number;
  sums: AmountSum[];
  /** The cards loaded so far, in column order. */
  items: DealCard[];
  nextCursor: string | null;
}

export interface Board {
  pipelineId: string;
  columns: BoardColumn[];
}

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** "1500.5" → 150050n (kopecks); amounts travel as exact decimals with at most two places. */
export function toMinor(amount: string): bigint {
  const match = DECIMAL.exec(amount.trim());
  if (match === null) return 0n;
  const [, sign, whole = '0', fraction = ''] = match;
  const units = BigInt(whole) * 100n + BigInt((fraction + '00').slice(0, 2));
  return sign === '-' ? -units : units;
}

/** 150050n → "1500.50". */
export function fromMinor(units: bigint): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const whole = abs / 100n;
  const fraction = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${whole.toString()}.${fraction}`;
}

/** The sums with `amount` of `currency` added (negative `sign` subtracts); empty currencies drop out. */
export function addToSums(
  sums: readonly AmountSum[],
  currency: string,
  amount: string,
  sign: 1 | -1,
): AmountSum[] {
  const delta = toMinor(amount) * BigInt(sign);
  const found = sums.some((sum) => sum.currency === currency);
  const next = found
    ? sums.map((sum) =>
        sum.currency === currency ? { currency, amount: fromMinor(toMinor(sum.amount) + delta) } : sum,
      )
    : [...sums, { currency, amount: fromMinor(delta) }];
  return next.filter((sum) => sum.currency !== currency || toMinor(sum.amount) !== 0n);
}

/** Column order: is `a` shown before `b`? */
export function comesBefore(a: Pick<DealCard, 'createdAt' | 'id'>, b: Pick<DealCard, 'createdAt' | 'id'>) {
  const ta = Date.parse(a.createdAt);
  const tb = Date.parse(b.createdAt);
  if (ta !== tb) return ta > tb;
  return a.id > b.id;
}

/**
 * The loaded cards with `card` put in its place, when its place is among them: a column with more pages
 * to load only shows what sorts before its last loaded card (the rest comes with the next page).
 */
function insertSorted(column: BoardColumn, card: DealCard): { items: DealCard[]; shown: boolean } {
  const items = column.items.filter((item) => item.id !== card.id);
  const index = items.findIndex((item) => comesBefore(card, item));
  if (index >= 0) return { items: [...items.slice(0, index), card, ...items.slice(index)], shown: true };
  if (column.nextCursor === null) return { items: [...items, card], shown: true };
  return { items, shown: false };
}

export function findCard(board: Board, cardId: string): { card: DealCard; column: BoardColumn } | undefined {
  for (const column of board.columns) {
    const card = column.items.find((item) => item.id === cardId);
    if (card !== undefined) return { card, column };
  }
  return undefined;
}

export interface MoveResult {
  board: Board;
  /** False when the card's place in the target column is beyond the pages loaded so far. */
  shown: boolean;
}

/**
 * `card` moved from stage `fromStageId` to `toStageId`: it leaves the source column (count and sum
 * drop) and joins the target (count and sum grow) in its sorted place. Moving to the same stage, or
 * between stages the board does not have, changes only what it can.
 */
export function moveCard(board: Board, card: DealCard, fromStageId: string, toStageId: string): MoveResult {
  if (fromStageId === toStageId) return { board, shown: true };
  const moved: DealCard = { ...card, stageId: toStageId };
  let shown = false;
  const columns = board.columns.map((column) => {
    if (column.stage.id === fromStageId) {
      return {
        ...column,
        count: Math.max(0, column.count - 1),
        sums: addToSums(column.sums, card.currency, card.amount, -1),
        items: column.items.filter((item) => item.id !== card.id),
      };
    }
    if (column.stage.id === toStageId) {
      const placed = insertSorted(column, moved);
      shown = placed.shown;
      return {
        ...column,
        count: column.count + 1,
        sums: addToSums(column.sums, card.currency, card.amount, 1),
        items: placed.items,
      };
    }
    return column;
  });
  return { board: { ...board, columns }, shown };
}

/** A new deal at the top of its column (a new deal is the newest), counted and summed. */
export function addCard(board: Board, card: DealCard): Board {
  return {
    ...board,
    columns: board.columns.map((column) =>
      column.stage.id === card.stageId && !column.items.some((item) => item.id === card.id)
        ? {
            ...column,
            count: column.count + 1,
            sums: addToSums(column.sums, card.currency, card.amount, 1),
            items: insertSorted(column, card).items,
          }
        : column,
    ),
  };
}

/** Replaces a card's data where it is shown (e.g. the new version after a move was saved). */
export function updateCard(board: Board, card: DealCard): Board {
  return {
    ...board,
    columns: board.columns.map((column) =>
      column.items.some((item) => item.id === card.id)
        ? { ...column, items: column.items.map((item) => (item.id === card.id ? card : item)) }
        : column,
    ),
  };
}

/** A further page of one column appended, when it continues from where the column stands. */
export function appendPage(
  board: Board,
  stageId: string,
  cursor: string,
  page: { items: DealCard[]; nextCursor: string | null },
): Board {
  return {
    ...board,
    columns: board.columns.map((column) => {
      if (column.stage.id !== stageId || column.nextCursor !== cursor) return column;
      const known = new Set(column.items.map((item) => item.id));
      return {
        ...column,
        items: [...column.items, ...page.items.filter((item) => !known.has(item.id))],
        nextCursor: page.nextCursor,
      };
    }),
  };
}

/** How many cards per column a refetch asks for: what is loaded, within the API's 20…100. */
export function refetchLimit(previous: Board | undefined): number {
  const loaded = Math.max(0, ...(previous?.columns.map((column) => column.items.length) ?? []));
  return Math.min(100, Math.max(20, loaded));
}

/**
 * A refetched board with the pages scrolled through beyond its first page kept: the fresh counts,
 * sums and first cards win; older loaded cards that sort after the fresh page stay (with the old
 * cursor), minus any card the fresh board shows elsewhere.
 */
export function mergeRefetch(fresh: Board, previous: Board | undefined): Board {
  if (previous === undefined || previous.pipelineId !== fresh.pipelineId) return fresh;
  const freshIds = new Set(fresh.columns.flatMap((column) => column.items.map((item) => item.id)));
  return {
    ...fresh,
    columns: fresh.columns.map((column) => {
      const before = previous.columns.find((c) => c.stage.id === column.stage.id);
      const last = column.items[column.items.length - 1];
      if (before === undefined || column.nextCursor === null || last === undefined) return column;
      if (before.items.length <= column.items.length) return column;
      const tail = before.items.filter((item) => !freshIds.has(item.id) && comesBefore(last, item));
      if (tail.length === 0) return column;
      return { ...column, items: [...column.items, ...tail], nextCursor: before.nextCursor };
    }),
  };
}
