import { describe, expect, it } from 'vitest';
import { rowErrorsOf } from './bulkErrors';
import { nextSort, readColumns, viewSortOf, writeViewBasics } from './listParams';

describe('list state in the address', () => {
  const dates = (sort: string) => (sort === 'createdAt' ? 'desc' : 'asc');

  it('flips the sort of the same column and starts another at its default', () => {
    expect(nextSort({ sort: 'name', order: 'asc' }, 'name', dates)).toEqual({ sort: 'name', order: 'desc' });
    expect(nextSort({ sort: 'name', order: 'desc' }, 'createdAt', dates)).toEqual({
      sort: 'createdAt',
      order: 'desc',
    });
  });

  it('reads the chosen columns; keeps no sort in a view when the address has none', () => {
    expect(readColumns(new URLSearchParams(''))).toBeNull();
    expect(readColumns(new URLSearchParams('columns='))).toEqual([]);
    expect(readColumns(new URLSearchParams('columns=name,%20amount,'))).toEqual(['name', 'amount']);
    expect(viewSortOf(new URLSearchParams(''), 'createdAt', 'desc')).toBeNull();
    expect(viewSortOf(new URLSearchParams('sort=name'), 'name', 'asc')).toEqual({
      field: 'name',
      order: 'asc',
    });
  });

  it('writes a view’s sort (only one the list knows), columns and id, keeping the rest', () => {
    const known = (field: string) => field === 'name';
    const params = writeViewBasics(
      new URLSearchParams('q=x&sort=amount&order=desc'),
      { id: 'v1', sort: { field: 'name', order: 'asc' }, columns: [] },
      known,
    );
    expect(params.toString()).toBe('q=x&sort=name&order=asc&columns=&savedView=v1');
    const dropped = writeViewBasics(
      params,
      { id: 'v2', sort: { field: 'stage', order: 'asc' }, columns: ['a'] },
      known,
    );
    expect(dropped.toString()).toBe('q=x&columns=a&savedView=v2');
  });

  it('maps a refused bulk request’s field errors to the rows sent', () => {
    expect(rowErrorsOf(['a', 'b', 'c'], { 'ids.2': 'No such lead', statusId: 'x', 'ids.9': 'y' })).toEqual(
      new Map([['c', 'No such lead']]),
    );
  });
});
