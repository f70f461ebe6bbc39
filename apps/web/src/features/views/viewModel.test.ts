import { describe, expect, it } from 'vitest';
import type { SavedView } from '@voronka/contracts';
import {
  chooserOrder,
  differsFrom,
  filterOfParams,
  filterParams,
  keptColumns,
  normalizeFilter,
  visibleColumns,
} from './viewModel';

const view = (over: Partial<SavedView> = {}): SavedView => ({
  id: 'v1',
  entity: 'deals',
  name: 'Горящие',
  filter: { search: 'окна', tags: ['VIP'] },
  sort: { field: 'amount', order: 'desc' },
  columns: ['name', 'amount'],
  mode: 'list',
  shared: false,
  ownerUserId: 'u1',
  isDefault: false,
  canEdit: true,
  version: 1,
  createdAt: '2026-12-01T10:00:00Z',
  updatedAt: '2026-12-01T10:00:00Z',
  ...over,
});

describe('saved view model', () => {
  it('compares filters regardless of key order and single-item lists', () => {
    expect(normalizeFilter({ tags: ['VIP'], search: 'окна' })).toBe(
      normalizeFilter({ search: 'окна', tags: 'VIP' }),
    );
    expect(normalizeFilter({ search: 'a' })).not.toBe(normalizeFilter({ search: 'b' }));
    const state = {
      filter: { tags: 'VIP', search: 'окна' },
      sort: view().sort,
      columns: ['name', 'amount'],
      mode: 'list' as const,
    };
    expect(differsFrom(view(), state)).toBe(false);
    expect(differsFrom(view(), { ...state, columns: ['amount', 'name'] })).toBe(true);
    expect(differsFrom(view(), { ...state, sort: null })).toBe(true);
    expect(differsFrom(view(), { ...state, filter: {} })).toBe(true);
    expect(differsFrom(view(), { ...state, mode: 'kanban' })).toBe(true);
    expect(differsFrom(view({ mode: null }), { ...state, mode: 'kanban' })).toBe(false);
  });

  it('turns filters into query parameters and back', () => {
    const params = filterParams({ search: 'окна', tags: ['VIP', 'опт'] });
    expect(params.toString()).toBe('search=%D0%BE%D0%BA%D0%BD%D0%B0&tags=VIP&tags=%D0%BE%D0%BF%D1%82');
    expect(filterOfParams(params)).toEqual({ search: 'окна', tags: ['VIP', 'опт'] });
  });

  it('chooses visible columns, keeping required ones and dropping unknown ones', () => {
    const all = ['name', 'stage', 'amount', 'company'];
    expect(visibleColumns(all, [])).toEqual(all);
    expect(visibleColumns(all, ['amount', 'gone', 'stage'], ['name'])).toEqual(['name', 'amount', 'stage']);
    expect(chooserOrder(all, ['amount', 'name'])).toEqual(['amount', 'name', 'stage', 'company']);
    expect(keptColumns(all, all)).toEqual([]);
    expect(keptColumns(all, ['name', 'amount'])).toEqual(['name', 'amount']);
  });
});
