import { describe, expect, it } from 'vitest';
import type { CustomField, SpreadsheetPreview } from '@voronka/contracts';
import { exportUrl, fileNameOf, listQueryOf } from './exportUrl';
import {
  importableFields,
  isActive,
  mappedColumns,
  mappingErrorsByColumn,
  NONE,
  progressOf,
  reportOutcomeOf,
  rowErrors,
  stepOf,
  targetOf,
  targetOptions,
  targetValue,
} from './mapping';

const LIST_FIELD = '3f2b1c1e-1111-4a4a-8b8b-000000000001';
const FILE_FIELD = '3f2b1c1e-1111-4a4a-8b8b-000000000002';
const PIPELINE = '3f2b1c1e-1111-4a4a-8b8b-0000000000aa';

const customFields = [
  { id: LIST_FIELD, name: 'Segment', type: 'list', multiple: true, showInFilter: true },
  { id: FILE_FIELD, name: 'Contract', type: 'file', multiple: false, showInFilter: false },
] as unknown as CustomField[];

describe('the export address of a list', () => {
  it('sends the contact list’s filters, search and sort, without paging', () => {
    const page = new URLSearchParams(
      `q=Ivan&responsible=u1,u2&cf.${LIST_FIELD}=a,b&sort=name&order=desc&columns=name,phone&savedView=x`,
    );
    const query = listQueryOf('contacts', page, { customFields });
    expect(Object.fromEntries(query)).toEqual({
      search: 'Ivan',
      responsibleUserId: 'u1,u2',
      customFields: JSON.stringify({ [LIST_FIELD]: { op: 'in', values: ['a', 'b'] } }),
      sort: 'name',
      order: 'desc',
    });
    const url = new URL(exportUrl('contacts', 'csv', query, 'ru'), 'http://x');
    expect(url.pathname).toBe('/api/exports/contacts.csv');
    expect(url.searchParams.get('lang')).toBe('ru');
    expect(url.searchParams.get('search')).toBe('Ivan');
    expect(url.searchParams.has('columns')).toBe(false);
  });

  it('uses the list’s default sort when the address has none', () => {
    const query = listQueryOf('companies', new URLSearchParams(''), {});
    expect(Object.fromEntries(query)).toEqual({ sort: 'createdAt', order: 'desc' });
  });

  it('sends the deals list’s pipeline and filters', () => {
    const page = new URLSearchParams('view=list&q=big&noTask=1&closeFrom=2026-04-01&sort=amount&order=asc');
    const query = listQueryOf('deals', page, { pipelineId: PIPELINE });
    expect(query.get('pipelineId')).toBe(PIPELINE);
    expect(query.get('search')).toBe('big');
    expect(query.get('noTask')).toBe('true');
    expect(query.get('closeDateFrom')).toBe('2026-04-01');
    expect([query.get('sort'), query.get('order')]).toEqual(['amount', 'asc']);
    expect(query.has('view')).toBe(false);
  });

  it('sends the leads list’s filters', () => {
    const query = listQueryOf('leads', new URLSearchParams('status=open&source=s1&sort=name'), {});
    expect(Object.fromEntries(query)).toEqual({
      statusKind: 'open',
      sourceId: 's1',
      sort: 'name',
      order: 'asc',
    });
  });

  it('drops a page size or cursor given to it', () => {
    const url = exportUrl('leads', 'xlsx', new URLSearchParams('limit=50&cursor=abc&sort=name'), 'en');
    expect(url).toBe('/api/exports/leads.xlsx?sort=name&lang=en');
  });

  it('names the download from Content-Disposition', () => {
    expect(fileNameOf('attachment; filename="contacts-2026-05-01.csv"', 'x.csv')).toBe(
      'contacts-2026-05-01.csv',
    );
    expect(fileNameOf("attachment; filename*=UTF-8''%D0%BE%D1%82%D1%87%D1%91%D1%82.csv", 'x')).toBe(
      'отчёт.csv',
    );
    expect(fileNameOf(null, 'x.csv')).toBe('x.csv');
  });
});

describe('the column mapping', () => {
  it('encodes targets as select values and back', () => {
    for (const target of [null, { field: 'phone' as const }, { customFieldId: LIST_FIELD }])
      expect(targetOf(targetValue(target))).toEqual(target);
    expect(targetValue(null)).toBe(NONE);
    expect(targetOf('garbage')).toBeNull();
  });

  it('offers the entity’s fields and the custom fields a cell can hold', () => {
    expect(importableFields(customFields).map((f) => f.id)).toEqual([LIST_FIELD]);
    const { standard, custom } = targetOptions('companies', customFields, [null], 0);
    expect(standard.map((o) => o.field)).toContain('inn');
    expect(standard.map((o) => o.field)).not.toContain('fullName');
    expect(custom).toEqual([{ value: `cf:${LIST_FIELD}`, name: 'Segment', disabled: false }]);
  });

  it('disables a single-column field another column fills, but not a multi-column one', () => {
    const mapping = [{ field: 'fullName' as const }, { field: 'phone' as const }, null];
    const options = targetOptions('contacts', [], mapping, 2).standard;
    expect(options.find((o) => o.field === 'fullName')?.disabled).toBe(true);
    expect(options.find((o) => o.field === 'phone')?.disabled).toBe(false);
    // A column's own choice stays enabled for it.
    expect(
      targetOptions('contacts', [], mapping, 0).standard.find((o) => o.field === 'fullName')?.disabled,
    ).toBe(false);
  });

  it('puts the server’s mapping errors at their columns', () => {
    const byColumn = mappingErrorsByColumn({
      'mapping.2': 'column 1 already fills it',
      'mapping.3.customFieldId': 'is no custom field of contacts',
      mapping: 'map either the full name or its parts, not both',
    });
    expect(byColumn.get(2)).toBe('column 1 already fills it');
    expect(byColumn.get(3)).toBe('is no custom field of contacts');
    expect(byColumn.get(-1)).toBe('map either the full name or its parts, not both');
    expect(mappedColumns([null, { field: 'phone' }, null, { customFieldId: LIST_FIELD }])).toEqual([1, 3]);
  });
});

describe('the preview and the progress', () => {
  it('splits a row’s errors into cells and the row', () => {
    const row: SpreadsheetPreview['rows'][number] = {
      row: 3,
      cells: ['Anna', 'not a phone', 'x@'],
      values: {},
      errors: [
        { column: 1, field: 'phones', reason: '"not a phone" is not a phone number' },
        { column: 2, field: 'emails', reason: '"x@" is not an e-mail address' },
        { column: 1, field: 'phones', reason: 'second' },
        { column: null, field: 'firstName', reason: 'a contact needs a first or last name' },
      ],
      duplicateOf: null,
    };
    const errors = rowErrors(row);
    expect(errors.cells.get(1)).toEqual(['"not a phone" is not a phone number', 'second']);
    expect(errors.cells.get(2)).toEqual(['"x@" is not an e-mail address']);
    expect(errors.cells.has(0)).toBe(false);
    expect(errors.row).toEqual(['firstName: a contact needs a first or last name']);
  });

  it('follows an import while it is written or undone', () => {
    expect(['queued', 'running', 'undoing'].every((s) => isActive(s as never))).toBe(true);
    expect(['draft', 'completed', 'failed', 'undone'].some((s) => isActive(s as never))).toBe(false);
    expect(progressOf({ processedRows: 1, totalRows: 3 })).toBe(33);
    expect(progressOf({ processedRows: 0, totalRows: 0 })).toBe(0);
    expect(progressOf({ processedRows: 5, totalRows: 4 })).toBe(100);
  });

  it('chooses the wizard’s step and the report’s first tab', () => {
    expect(stepOf(undefined, false)).toBe(0);
    expect(stepOf({ status: 'draft' }, false)).toBe(1);
    expect(stepOf({ status: 'draft' }, true)).toBe(2);
    expect(stepOf({ status: 'running' }, true)).toBe(3);
    expect(reportOutcomeOf({ failed: 1, skipped: 4 })).toBe('failed');
    expect(reportOutcomeOf({ failed: 0, skipped: 4 })).toBe('skipped');
    expect(reportOutcomeOf({ failed: 0, skipped: 0 })).toBe('failed');
  });
});
