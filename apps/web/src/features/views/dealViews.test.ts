import { describe, expect, it } from 'vitest';
import {
  dealColumnsOf,
  filtersOfView,
  readColumns,
  readFilters,
  readSort,
  viewFilterOf,
  writeView,
} from '../deals/filters';

describe('deal filters in saved views', () => {
  const filters = {
    search: 'окна',
    responsible: ['u1', 'u2'],
    noTask: true,
    overdue: false,
    tags: ['VIP'],
    closeDateFrom: '2026-04-01',
    closeDateTo: '2026-04-30',
  };

  it('keeps the deals API parameters with the pipeline, and reads them back', () => {
    const kept = viewFilterOf(filters, 'p1');
    expect(kept).toEqual({
      search: 'окна',
      responsibleUserIds: 'u1,u2',
      noTask: 'true',
      tags: ['VIP'],
      closeDateFrom: '2026-04-01',
      closeDateTo: '2026-04-30',
      pipelineId: 'p1',
    });
    expect(filtersOfView(kept)).toEqual(filters);
    // Filters the page has no control for (made through the API) are left out.
    expect(filtersOfView({ stageIds: 's1', tags: 'a,b' })).toEqual({
      search: '',
      responsible: [],
      noTask: false,
      overdue: false,
      tags: ['a', 'b'],
      closeDateFrom: '',
      closeDateTo: '',
    });
  });

  it('puts a view into the address: filters, pipeline, sort, mode, columns and the view', () => {
    const params = writeView(new URLSearchParams('q=old&sort=name&order=asc&view=list'), {
      id: 'v1',
      filter: viewFilterOf(filters, 'p2'),
      sort: null,
      mode: 'kanban',
      columns: ['amount', 'name', 'unknown'],
    });
    expect(readFilters(params)).toEqual(filters);
    expect(params.get('pipeline')).toBe('p2');
    expect(params.has('sort')).toBe(false);
    expect(params.has('view')).toBe(false);
    expect(params.get('savedView')).toBe('v1');
    expect(dealColumnsOf(readColumns(params) ?? [])).toEqual(['amount', 'name']);

    const sorted = writeView(params, {
      id: 'v2',
      filter: {},
      sort: { field: 'amount', order: 'asc' },
      mode: 'calendar',
      columns: [],
    });
    expect(readSort(sorted)).toEqual({ sort: 'amount', order: 'asc' });
    expect(sorted.get('view')).toBe('calendar');
    expect(readColumns(sorted)).toEqual([]);
    expect(readFilters(sorted).search).toBe('');
  });
});
