import { describe, expect, it } from 'vitest';
import type { CustomField } from '@voronka/contracts';
import { mergeBody, mergeChoices, type MergeRecord } from './mergeModel';

const CF = '44444444-4444-4444-8444-444444444444';
const MULTI = '55555555-5555-4555-8555-555555555555';
const fields = [
  { id: CF, multiple: false, name: 'Размер' },
  { id: MULTI, multiple: true, name: 'Теги' },
] as unknown as CustomField[];

const a: MergeRecord = {
  id: 'a',
  firstName: 'Иван',
  lastName: 'Петров',
  position: null,
  comment: '',
  customFields: { [CF]: 'S', [MULTI]: ['x'] },
};
const b: MergeRecord = {
  id: 'b',
  firstName: 'Ваня',
  lastName: 'Петров',
  position: 'Директор',
  comment: null,
  customFields: { [CF]: 'M', [MULTI]: ['y'] },
};

describe('merge choices', () => {
  it('asks only about fields whose filled values differ, defaulting like the server', () => {
    const rows = mergeChoices('contact', [a, b], 'a', fields);
    expect(rows.map((row) => row.field)).toEqual(['firstName', CF]);
    expect(rows.find((row) => row.field === 'firstName')?.defaultId).toBe('a');
    expect(rows.find((row) => row.field === 'firstName')?.values.map((v) => v.value)).toEqual([
      'Иван',
      'Ваня',
    ]);
  });

  it('puts the kept record first and fills its empty value from another when it is the only one', () => {
    const rows = mergeChoices('contact', [a, b], 'b', fields);
    expect(rows[0]?.values[0]?.recordId).toBe('b');
    const withEmpty = mergeChoices('contact', [{ ...a, position: 'Менеджер' }, b], 'a', fields);
    expect(withEmpty.find((row) => row.field === 'position')?.defaultId).toBe('a');
    const onlySource = mergeChoices(
      'contact',
      [
        { ...a, position: null },
        { ...b, position: 'X' },
        { ...b, id: 'c', position: 'Y' },
      ],
      'a',
      [],
    );
    expect(onlySource.find((row) => row.field === 'position')?.defaultId).toBe('b');
  });

  it('sends the other records and only the choices that differ from the defaults', () => {
    const rows = mergeChoices('contact', [a, b], 'a', fields);
    expect(mergeBody([a, b], 'a', rows, { firstName: 'b', [CF]: 'a' })).toEqual({
      targetId: 'a',
      sourceIds: ['b'],
      values: { firstName: 'b' },
    });
  });
});
