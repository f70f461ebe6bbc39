import { describe, expect, it } from 'vitest';
import { filterErrors, modeErrors, sortErrors, viewErrors } from './view-rules.js';

describe('saved view rules', () => {
  it('take the filters each list takes, as sent in a query string', () => {
    expect(
      filterErrors('deals', {
        search: 'окна',
        responsibleUserIds: '1b4e28ba-2fa1-11d2-883f-0016d3cca427',
        tags: ['ВИП', 'срочно'],
        noTask: 'true',
        amountFrom: '1000.50',
      }),
    ).toEqual([]);
    expect(
      filterErrors('contacts', { search: '+7 912', typeId: '1b4e28ba-2fa1-11d2-883f-0016d3cca427' }),
    ).toEqual([]);
    expect(filterErrors('leads', { statusKind: 'open' })).toEqual([]);
    expect(filterErrors('companies', { inn: '7707083893' })).toEqual([]);
  });

  it('refuse a filter another entity has, or paging, naming the key', () => {
    expect(filterErrors('contacts', { noTask: 'true', search: 'x' })).toEqual([
      { field: 'body.filter.noTask', reason: 'the contacts list has no filter "noTask"' },
    ]);
    expect(
      filterErrors('deals', { cursor: 'abc', limit: '5' })
        .map((e) => e.field)
        .sort(),
    ).toEqual(['body.filter.cursor', 'body.filter.limit']);
    expect(filterErrors('companies', { inn: '7707083893', sort: 'name' })[0]?.field).toBe('body.filter.sort');
  });

  it('refuse a bad value of a known filter', () => {
    expect(filterErrors('deals', { stageIds: 'not-an-id' })[0]?.field).toMatch(/^body\.filter\.stageIds/);
    expect(filterErrors('deals', { amountFrom: '-3' })[0]?.field).toBe('body.filter.amountFrom');
    expect(filterErrors('leads', { statusKind: 'maybe' })[0]?.field).toBe('body.filter.statusKind');
  });

  it('take the sorts of the list and a mode only for deals', () => {
    expect(sortErrors('deals', { field: 'amount', order: 'asc' })).toEqual([]);
    expect(
      sortErrors('contacts', { field: 'cf:1b4e28ba-2fa1-11d2-883f-0016d3cca427', order: 'desc' }),
    ).toEqual([]);
    expect(sortErrors('contacts', { field: 'amount', order: 'asc' })[0]?.field).toBe('body.sort.field');
    expect(sortErrors('leads', { field: 'amount', order: 'asc' })).toEqual([]);
    expect(sortErrors('leads', { field: 'stage', order: 'asc' })[0]?.field).toBe('body.sort.field');
    expect(sortErrors('leads', null)).toEqual([]);
    expect(modeErrors('deals', 'calendar')).toEqual([]);
    expect(modeErrors('contacts', 'kanban')[0]?.field).toBe('body.mode');
    expect(
      viewErrors({
        entity: 'leads',
        filter: { x: '1' },
        sort: { field: 'stage', order: 'asc' },
        mode: 'list',
      }).map((e) => e.field),
    ).toEqual(['body.filter.x', 'body.sort.field', 'body.mode']);
  });
});
