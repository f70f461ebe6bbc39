import { describe, expect, it } from 'vitest';
import {
  apiFilterParams,
  choosePipeline,
  EMPTY_FILTERS,
  readFilters,
  readSort,
  writeFilters,
} from './filters';
import { rowErrorsOf, otherErrorsOf } from '../../components/list/bulkErrors';
import { formatMoney, formatSums, parseAmount } from './money';
import { formatTaskDate } from './taskDate';

describe('filters in the address', () => {
  it('survive a round trip and keep the other parameters', () => {
    const filters = {
      search: 'окна',
      responsible: ['u1', 'u2'],
      noTask: true,
      overdue: false,
      tags: ['VIP', 'опт'],
      closeDateFrom: '2026-04-01',
      closeDateTo: '',
    };
    const params = writeFilters(new URLSearchParams('view=list&pipeline=p1'), filters);
    expect(params.get('view')).toBe('list');
    expect(params.get('pipeline')).toBe('p1');
    expect(readFilters(params)).toEqual(filters);
    // Cleared filters leave the address.
    expect(writeFilters(params, EMPTY_FILTERS).toString()).toBe('view=list&pipeline=p1');
    // A close date that is not a day is left out.
    expect(readFilters(new URLSearchParams('closeFrom=soon&closeTo=2026-04-30'))).toMatchObject({
      closeDateFrom: '',
      closeDateTo: '2026-04-30',
    });
  });

  it('become the API parameters', () => {
    const params = apiFilterParams({
      search: ' окна ',
      responsible: ['u1'],
      noTask: false,
      overdue: true,
      tags: ['a', 'b'],
      closeDateFrom: '',
      closeDateTo: '2026-04-30',
    });
    expect(params.get('search')).toBe('окна');
    expect(params.get('closeDateTo')).toBe('2026-04-30');
    expect(params.has('closeDateFrom')).toBe(false);
    expect(params.get('responsibleUserIds')).toBe('u1');
    expect(params.get('overdueTask')).toBe('true');
    expect(params.has('noTask')).toBe(false);
    expect(params.getAll('tags')).toEqual(['a', 'b']);
  });

  it('read the list sort with the API default direction', () => {
    expect(readSort(new URLSearchParams())).toEqual({ sort: 'createdAt', order: 'desc' });
    expect(readSort(new URLSearchParams('sort=name'))).toEqual({ sort: 'name', order: 'asc' });
    expect(readSort(new URLSearchParams('sort=amount&order=asc'))).toEqual({ sort: 'amount', order: 'asc' });
    expect(readSort(new URLSearchParams('sort=drop table'))).toEqual({ sort: 'createdAt', order: 'desc' });
  });
});

describe('pipeline choice', () => {
  const pipelines = [
    { id: 'a', isDefault: false },
    { id: 'b', isDefault: true },
  ];
  it('prefers the address, then the remembered one, then the default', () => {
    expect(choosePipeline(pipelines, 'a', 'b')).toBe('a');
    expect(choosePipeline(pipelines, 'gone', 'a')).toBe('a');
    expect(choosePipeline(pipelines, null, 'deleted')).toBe('b');
    expect(choosePipeline([], null, null)).toBeNull();
  });
});

describe('money', () => {
  it('formats roubles with the ₽ sign in both languages', () => {
    expect(formatMoney('1093145.00', 'RUB', 'ru').replace(/\s/g, ' ')).toBe('1 093 145 ₽');
    expect(formatMoney('1500.5', 'RUB', 'en')).toBe('₽1,500.5');
    expect(
      formatSums(
        [
          { currency: 'RUB', amount: '10.00' },
          { currency: 'USD', amount: '2.00' },
        ],
        'en',
      ),
    ).toBe('₽10 · $2');
  });

  it('reads an amount as typed', () => {
    expect(parseAmount('150 000,5')).toBe('150000.50');
    expect(parseAmount('')).toBe('0');
    expect(parseAmount('12.345')).toBeNull();
    expect(parseAmount('-5')).toBeNull();
    expect(parseAmount('abc')).toBeNull();
  });
});

describe('task marker', () => {
  const now = new Date('2026-12-01T12:00:00');
  it('flags a deal with no task and an overdue task', () => {
    expect(formatTaskDate({ noTaskPlanned: true, nextTaskAt: null }, 'en', now).kind).toBe('none');
    expect(formatTaskDate({ noTaskPlanned: false, nextTaskAt: '2026-11-30T09:00:00Z' }, 'en', now).kind).toBe(
      'overdue',
    );
    expect(formatTaskDate({ noTaskPlanned: false, nextTaskAt: '2026-12-05T09:00:00Z' }, 'en', now)).toEqual({
      kind: 'planned',
      text: 'Dec 5',
    });
    expect(formatTaskDate({ noTaskPlanned: false, nextTaskAt: null }, 'en', now).kind).toBe('closed');
  });
});

describe('bulk errors', () => {
  it('puts each refusal on the row of the deal it names', () => {
    const rows = rowErrorsOf(['d1', 'd2', 'd3'], {
      'ids.2': 'customFields.x: required at this stage',
      stageId: 'No such stage',
    });
    expect([...rows]).toEqual([['d3', 'customFields.x: required at this stage']]);
    expect(otherErrorsOf({ 'ids.0': 'x', stageId: 'No such stage' })).toEqual(['stageId: No such stage']);
  });
});
