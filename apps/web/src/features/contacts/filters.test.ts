import { describe, expect, it } from 'vitest';
import type { CustomField } from '@voronka/contracts';
import {
  apiFilterParams,
  customFilterKind,
  hasFilters,
  nextSort,
  readFilters,
  filtersOfView,
  readSort,
  viewFilterOf,
  writeFilters,
  writeView,
} from './filters';

const LIST = '11111111-1111-4111-8111-111111111111';
const FLAG = '22222222-2222-4222-8222-222222222222';
const TEXT = '33333333-3333-4333-8333-333333333333';

const field = (id: string, type: CustomField['type'], showInFilter = true) =>
  ({ id, type, showInFilter, multiple: false, settings: {} }) as unknown as CustomField;
const fields = [field(LIST, 'list'), field(FLAG, 'boolean'), field(TEXT, 'string')];

describe('record list filters', () => {
  it('round-trip through the address and keep other parameters', () => {
    const params = new URLSearchParams('sort=name&order=asc');
    const filters = {
      search: 'Петров',
      responsible: ['u1'],
      typeId: 't1',
      industryId: null,
      custom: { [LIST]: ['a', 'b'] },
    };
    const written = writeFilters(params, filters);
    expect(written.get('sort')).toBe('name');
    expect(readFilters(written)).toEqual(filters);
    expect(hasFilters(readFilters(new URLSearchParams('sort=name')))).toBe(false);
  });

  it('ignores custom-field parameters that are not field ids', () => {
    expect(readFilters(new URLSearchParams('cf.nope=1')).custom).toEqual({});
  });

  it('turn into the API query, custom fields as one JSON filter', () => {
    const params = apiFilterParams(
      {
        search: '  ivan ',
        responsible: ['u1'],
        typeId: null,
        industryId: 'i1',
        custom: { [LIST]: ['a', 'b'], [FLAG]: ['true'], [TEXT]: ['Тверская'] },
      },
      fields,
    );
    expect(params.get('search')).toBe('ivan');
    expect(params.get('responsibleUserId')).toBe('u1');
    expect(params.get('industryId')).toBe('i1');
    expect(JSON.parse(params.get('customFields') ?? '')).toEqual({
      [LIST]: { op: 'in', values: ['a', 'b'] },
      [FLAG]: { op: 'eq', value: true },
      [TEXT]: { op: 'contains', value: 'Тверская' },
    });
  });

  it('offers only the fields marked for the filter, and by type', () => {
    expect(customFilterKind(field(LIST, 'list'))).toBe('choices');
    expect(customFilterKind(field(LIST, 'list', false))).toBeNull();
    expect(customFilterKind(field(FLAG, 'boolean'))).toBe('boolean');
    expect(customFilterKind(field(TEXT, 'file'))).toBeNull();
  });

  it('sort by a header: the same column flips, another starts at its default', () => {
    expect(readSort(new URLSearchParams(''))).toEqual({ sort: 'createdAt', order: 'desc' });
    expect(readSort(new URLSearchParams('sort=bogus'))).toEqual({ sort: 'createdAt', order: 'desc' });
    expect(readSort(new URLSearchParams(`sort=cf:${TEXT}`))).toEqual({ sort: `cf:${TEXT}`, order: 'asc' });
    expect(nextSort({ sort: 'name', order: 'asc' }, 'name')).toEqual({ sort: 'name', order: 'desc' });
    expect(nextSort({ sort: 'name', order: 'asc' }, 'updatedAt')).toEqual({
      sort: 'updatedAt',
      order: 'desc',
    });
  });
});

describe('record list saved views', () => {
  it('keep the API parameters, several responsible users and custom conditions, and read them back', () => {
    const filters = {
      search: 'Петров',
      responsible: ['u1', 'u2'],
      typeId: 't1',
      industryId: null,
      custom: { [LIST]: ['a', 'b'], [FLAG]: ['false'], [TEXT]: ['Тверская'] },
    };
    const kept = viewFilterOf(filters, fields);
    expect(kept).toMatchObject({ search: 'Петров', responsibleUserId: 'u1,u2', typeId: 't1' });
    expect(filtersOfView(kept)).toEqual(filters);
    expect(filtersOfView({ customFields: 'not json', responsibleUserId: ['u3'] })).toEqual({
      search: '',
      responsible: ['u3'],
      typeId: null,
      industryId: null,
      custom: {},
    });
  });

  it('put a view into the address with its sort, columns and id', () => {
    const view = {
      id: 'v1',
      entity: 'contacts' as const,
      name: 'Мои',
      filter: { search: 'ivan' },
      sort: { field: `cf:${TEXT}`, order: 'desc' as const },
      columns: ['name', `cf:${TEXT}`],
      mode: null,
      shared: false,
      ownerUserId: 'u1',
      isDefault: false,
      canEdit: true,
      version: 1,
      createdAt: '2026-12-01T10:00:00Z',
      updatedAt: '2026-12-01T10:00:00Z',
    };
    const params = writeView(new URLSearchParams('q=old&type=t9'), view);
    expect(readFilters(params)).toMatchObject({ search: 'ivan', typeId: null });
    expect(readSort(params)).toEqual({ sort: `cf:${TEXT}`, order: 'desc' });
    expect(params.get('columns')).toBe(`name,cf:${TEXT}`);
    expect(params.get('savedView')).toBe('v1');
    const unsorted = writeView(params, { ...view, sort: { field: 'amount', order: 'asc' } });
    expect(unsorted.has('sort')).toBe(false);
  });
});
