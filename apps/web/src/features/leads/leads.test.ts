import { describe, expect, it } from 'vitest';
import type { LeadStatus } from '@voronka/contracts';
import { withOpenOrder } from './api';
import { errorsByPart } from './card/ConvertDialog';
import {
  apiFilterParams,
  EMPTY_FILTERS,
  filtersOfView,
  hasFilters,
  readFilters,
  readSort,
  viewFilterOf,
  writeFilters,
  writeView,
} from './filters';

describe('lead filters', () => {
  it('round-trip through the address and keep other parameters', () => {
    const filters = { ...EMPTY_FILTERS, search: 'Petrov', status: 's1', createdFrom: '2026-12-01' };
    const params = writeFilters(new URLSearchParams('view=calendar'), filters);
    expect(params.get('view')).toBe('calendar');
    expect(readFilters(params)).toEqual(filters);
    expect(hasFilters(filters)).toBe(true);
    expect(hasFilters(EMPTY_FILTERS)).toBe(false);
    expect(readFilters(new URLSearchParams('from=yesterday')).createdFrom).toBe('');
  });

  it('become the list API parameters: open statuses by kind, an inclusive day range as instants', () => {
    const params = apiFilterParams({
      ...EMPTY_FILTERS,
      status: 'open',
      responsible: ['u1', 'u2'],
      createdFrom: '2026-12-01',
      createdTo: '2026-12-31',
    });
    expect(params.get('statusKind')).toBe('open');
    expect(params.get('statusId')).toBeNull();
    expect(params.get('responsibleUserId')).toBe('u1,u2');
    const from = new Date(params.get('createdFrom') ?? '');
    const to = new Date(params.get('createdTo') ?? '');
    expect([from.getFullYear(), from.getMonth(), from.getDate(), from.getHours()]).toEqual([2026, 11, 1, 0]);
    // Exclusive bound: the start of the day after `to`.
    expect([to.getFullYear(), to.getMonth(), to.getDate(), to.getHours()]).toEqual([2027, 0, 1, 0]);
    expect(apiFilterParams({ ...EMPTY_FILTERS, status: 's2' }).get('statusId')).toBe('s2');
  });
});

describe('lead statuses order', () => {
  const status = (id: string, kind: LeadStatus['kind']): LeadStatus => ({
    id,
    name: id,
    color: '#99ccff',
    kind,
    position: 0,
  });

  it('reorders the open statuses and keeps Converted and Junk last', () => {
    const ordered = withOpenOrder(
      [
        status('a', 'open'),
        status('b', 'open'),
        status('c', 'open'),
        status('won', 'converted'),
        status('junk', 'junk'),
      ],
      ['c', 'a', 'b'],
    );
    expect(ordered.map((s) => `${s.id}:${s.position}`)).toEqual(['c:0', 'a:1', 'b:2', 'won:3', 'junk:4']);
  });
});

describe('conversion errors', () => {
  it('go to the part of the dialog they concern, custom fields by name', () => {
    const { parts, other } = errorsByPart(
      {
        'deal.customFields.f1': 'required',
        'contact.id': 'No such contact',
        'contact.emails.0.value': 'Invalid email address',
        company: 'The lead names no company to make a company of',
        body: 'Choose at least one of deal, contact and company',
      },
      (path) => (path === 'customFields.f1' ? 'Object address' : null),
    );
    expect(parts.deal).toEqual(['Object address: required']);
    expect(parts.contact).toEqual(['No such contact', 'emails.0.value: Invalid email address']);
    expect(parts.company).toEqual(['The lead names no company to make a company of']);
    expect(other).toEqual(['Choose at least one of deal, contact and company']);
  });
});

describe('lead saved views', () => {
  it('keep the list API parameters and read them back as the same filters and days', () => {
    const filters = {
      ...EMPTY_FILTERS,
      search: 'окна',
      status: 'open',
      responsible: ['u1', 'u2'],
      createdFrom: '2026-12-01',
      createdTo: '2026-12-31',
    };
    const kept = viewFilterOf(filters);
    expect(kept).toMatchObject({ search: 'окна', statusKind: 'open', responsibleUserId: 'u1,u2' });
    expect(filtersOfView(kept)).toEqual(filters);
    expect(filtersOfView({ responsibleUserId: ['u3'], statusId: 's1' })).toEqual({
      ...EMPTY_FILTERS,
      responsible: ['u3'],
      status: 's1',
    });
  });

  it('put a view into the address: filters, a sort the list takes, columns and the view', () => {
    const params = writeView(new URLSearchParams('view=list&q=old&sort=name'), {
      id: 'v1',
      entity: 'leads',
      name: 'Крупные',
      filter: { sourceId: 'src' },
      sort: { field: 'amount', order: 'desc' },
      columns: ['amount', 'name'],
      mode: null,
      shared: false,
      ownerUserId: 'u1',
      isDefault: false,
      canEdit: true,
      version: 1,
      createdAt: '2026-12-01T10:00:00Z',
      updatedAt: '2026-12-01T10:00:00Z',
    });
    expect(readFilters(params)).toEqual({ ...EMPTY_FILTERS, source: 'src' });
    expect(readSort(params)).toEqual({ sort: 'amount', order: 'desc' });
    expect(params.get('view')).toBe('list');
    expect(params.get('columns')).toBe('amount,name');
    expect(params.get('savedView')).toBe('v1');
    expect(readSort(new URLSearchParams('sort=stage'))).toEqual({ sort: 'createdAt', order: 'desc' });
    expect(readSort(new URLSearchParams('sort=name'))).toEqual({ sort: 'name', order: 'asc' });
  });
});
