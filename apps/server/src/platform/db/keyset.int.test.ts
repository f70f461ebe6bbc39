// Keyset pages against real databases: over random rows full of ties and nulls, paging by any page size
// under every order visits every row exactly once, in the order the database sorts them — and, for numbers
// and timestamps (microseconds apart), in the order an independent comparator expects.
import fc from 'fast-check';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/harness.js';
import {
  decodeKeyset,
  keysetPage,
  keysetResult,
  keysetValue,
  keysetValueChecks,
  onBadCursorValue,
  type KeysetKey,
  type KeysetOrder,
} from './keyset.js';

type ProbePageRow = { id: string; keyset_value: string | null };

interface ProbeRow {
  id: string;
  n: number | null;
  t: string | null;
  ts: string | null;
}

// Three moments a microsecond apart: a cursor that lost the microseconds would skip or repeat rows.
const MOMENTS = [
  '2026-12-01 10:00:00.000001+00',
  '2026-12-01 10:00:00.000002+00',
  '2026-12-01 10:00:00.000003+00',
];

const rowArb: fc.Arbitrary<Omit<ProbeRow, 'id'>> = fc.record({
  n: fc.option(fc.integer({ min: -2, max: 2 }), { nil: null }),
  t: fc.option(fc.constantFrom('a', 'A', 'b', 'Б', 'б', 'ä', ''), { nil: null }),
  ts: fc.option(fc.constantFrom(...MOMENTS), { nil: null }),
});

const rowsArb = fc
  .uniqueArray(fc.uuid(), { minLength: 0, maxLength: 40 })
  .chain((ids) =>
    fc.tuple(fc.constant(ids), fc.array(rowArb, { minLength: ids.length, maxLength: ids.length })),
  )
  .map(([ids, values]) =>
    ids.map((id, i) => ({ id: id.toLowerCase(), ...(values[i] ?? { n: null, t: null, ts: null }) })),
  );

describeEachDatabase('keyset pages', (get) => {
  const db = () => get().database.db;

  async function reset(rows: ProbeRow[]) {
    await sql`CREATE TABLE IF NOT EXISTS keyset_probe (id uuid PRIMARY KEY, n integer, t text, ts timestamptz)`.execute(
      db(),
    );
    await sql`TRUNCATE keyset_probe`.execute(db());
    for (const row of rows) {
      await sql`INSERT INTO keyset_probe (id, n, t, ts) VALUES (${row.id}, ${row.n}, ${row.t}, ${row.ts})`.execute(
        db(),
      );
    }
  }

  const probe = () =>
    db()
      .selectFrom(sql`keyset_probe`.as('p'))
      .select([sql<string>`p.id`.as('id'), sql<number | null>`p.n`.as('n')]);

  async function pageAll(order: KeysetOrder, size: number) {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let guard = 0; guard < 200; guard++) {
      const after: KeysetKey | undefined = cursor ? decodeKeyset(order, cursor) : undefined;
      const rows: ProbePageRow[] = await keysetPage(
        probe().select(keysetValue(order).as('keyset_value')),
        order,
        after,
        size,
      )
        .execute()
        .catch(onBadCursorValue);
      const { page, nextCursor } = keysetResult(order, rows, size, (r) => r.id);
      seen.push(...page.map((r) => r.id));
      if (!nextCursor) return seen;
      expect(page).toHaveLength(size);
      cursor = nextCursor;
    }
    throw new Error('paging did not end');
  }

  async function allAtOnce(order: KeysetOrder) {
    const rows = await keysetPage(
      probe().select(keysetValue(order).as('keyset_value')),
      order,
      undefined,
      10_000,
    ).execute();
    return rows.map((r) => r.id);
  }

  const orders = (withNulls: { n: boolean; t: boolean; ts: boolean }): KeysetOrder[] =>
    (['asc', 'desc'] as const).flatMap((direction) => [
      {
        tag: `n:${direction}`,
        value: sql`p.n`,
        id: sql`p.id`,
        direction,
        notNull: !withNulls.n,
        check: keysetValueChecks.numeric,
      },
      { tag: `t:${direction}`, value: sql`p.t`, id: sql`p.id`, direction, notNull: !withNulls.t },
      {
        tag: `ts:${direction}`,
        value: sql`p.ts`,
        id: sql`p.id`,
        direction,
        notNull: !withNulls.ts,
        check: keysetValueChecks.timestamp,
      },
    ]);

  /** The independent oracle for numbers and timestamps: value (nulls last), then id, in the direction. */
  function expected(rows: ProbeRow[], key: 'n' | 'ts', direction: 'asc' | 'desc') {
    const sign = direction === 'asc' ? 1 : -1;
    const rank = (v: number | string | null) =>
      v === null ? null : typeof v === 'number' ? v : MOMENTS.indexOf(v);
    return [...rows]
      .sort((a, b) => {
        const x = rank(a[key]);
        const y = rank(b[key]);
        if (x === null || y === null) {
          if (x !== y) return x === null ? 1 : -1;
        } else if (x !== y) return sign * (x - y);
        return sign * (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
      })
      .map((r) => r.id);
  }

  it('pages every row exactly once, in order, under every order and page size', async () => {
    await fc.assert(
      fc.asyncProperty(
        rowsArb,
        fc.integer({ min: 1, max: 7 }),
        fc.boolean(),
        async (generated, size, dropNulls) => {
          // Half the runs have no nulls, so the NOT NULL (row-value comparison) path is exercised too.
          const rows = dropNulls
            ? generated.map((r) => ({ ...r, n: r.n ?? 0, t: r.t ?? 'a', ts: r.ts ?? MOMENTS[0] ?? null }))
            : generated;
          await reset(rows);
          const withNulls = {
            n: rows.some((r) => r.n === null),
            t: rows.some((r) => r.t === null),
            ts: rows.some((r) => r.ts === null),
          };
          for (const order of orders(withNulls)) {
            const paged = await pageAll(order, size);
            expect(new Set(paged).size, order.tag).toBe(paged.length);
            expect([...paged].sort(), order.tag).toEqual(rows.map((r) => r.id).sort());
            expect(paged, order.tag).toEqual(await allAtOnce(order));
            const [key] = order.tag.split(':');
            if (key === 'n' || key === 'ts')
              expect(paged, order.tag).toEqual(expected(rows, key, order.direction));
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 240_000);

  it('refuses a cursor of another order, a forged one, and one whose value the database cannot read', async () => {
    const byN: KeysetOrder = { tag: 'n:asc', value: sql`p.n`, id: sql`p.id`, direction: 'asc' };
    const byT: KeysetOrder = { tag: 't:asc', value: sql`p.t`, id: sql`p.id`, direction: 'asc' };
    await reset([
      { id: '00000000-0000-4000-8000-000000000001', n: 1, t: 'a', ts: null },
      { id: '00000000-0000-4000-8000-000000000002', n: 2, t: 'b', ts: null },
    ]);
    const rows: ProbePageRow[] = await keysetPage(
      probe().select(keysetValue(byN).as('keyset_value')),
      byN,
      undefined,
      1,
    ).execute();
    const { nextCursor } = keysetResult(byN, rows, 1, (r) => r.id);
    expect(nextCursor).not.toBeNull();
    const status = (fn: () => unknown) => {
      try {
        fn();
        return 'accepted';
      } catch (error) {
        return (error as { status?: number }).status;
      }
    };
    expect(status(() => decodeKeyset(byN, nextCursor ?? ''))).toBe('accepted');
    expect(status(() => decodeKeyset(byT, nextCursor ?? ''))).toBe(400);
    expect(status(() => decodeKeyset(byN, 'bm90IGEgY3Vyc29y'))).toBe(400);
    const forged = Buffer.from(JSON.stringify(['n:asc', '1', 'x', 'not-a-uuid'])).toString('base64url');
    expect(status(() => decodeKeyset(byN, forged))).toBe(400);
    // A text value where a number is compared: the database refuses it, the client gets a 400.
    const unreadable = Buffer.from(
      JSON.stringify(['n:asc', '1', 'abc', '00000000-0000-4000-8000-000000000001']),
    ).toString('base64url');
    const query = keysetPage(
      probe().select(keysetValue(byN).as('keyset_value')),
      byN,
      decodeKeyset(byN, unreadable),
      1,
    ).execute();
    await expect(query.catch(onBadCursorValue)).rejects.toMatchObject({ status: 400 });
  });
});
