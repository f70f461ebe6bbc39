import { describe, expect, it } from 'vitest';
import { customFieldSchema, type CustomField } from '@voronka/contracts';
import {
  createBodyOf,
  emptyForm,
  fieldsInScope,
  formOf,
  formPathOf,
  importLines,
  localProblems,
  mapFieldErrors,
  removedOptions,
  restoreOption,
  schemaProblems,
  sortChanges,
  updateBodyOf,
  type FieldFormValues,
} from './fieldForm';

const ids = (prefix: string) => {
  let n = 0;
  return () => `${prefix}-${++n}`;
};

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const listField = (options: string[]): CustomField =>
  customFieldSchema.parse({
    id: uuid(100),
    entity: 'deal',
    name: 'Transport',
    code: null,
    type: 'list',
    multiple: false,
    required: false,
    requiredFromStageIds: [],
    showInFilter: true,
    showInList: false,
    sort: 10,
    pipelineIds: null,
    default: { kind: 'none' },
    settings: {
      options: options.map((label, position) => ({ id: uuid(position + 1), label, position })),
      defaultOptionId: null,
      display: 'dropdown',
    },
  });

describe('importLines', () => {
  it('adds one option per line, trimmed, after the existing ones, and counts what it skipped', () => {
    const existing = [{ id: 'a', label: 'Car' }];
    const result = importLines(
      '  Jeep \n\n car\nMotorbike\r\nJEEP\n   \nTruck   with  trailer\n\n\n',
      existing,
      ids('n'),
    );
    expect(result.options).toEqual([
      { id: 'a', label: 'Car' },
      { id: 'n-1', label: 'Jeep' },
      { id: 'n-2', label: 'Motorbike' },
      { id: 'n-3', label: 'Truck with trailer' },
    ]);
    expect(result).toMatchObject({ added: 3, blank: 2, duplicates: 2, tooLong: 0, overLimit: 0 });
  });

  it('skips labels the server would refuse: too long, or beyond the options limit', () => {
    const long = 'x'.repeat(256);
    expect(importLines(`${long}\nok`, [], ids('n'))).toMatchObject({ added: 1, tooLong: 1 });
    const full = Array.from({ length: 999 }, (_, i) => ({ id: `o${i}`, label: `Option ${i}` }));
    const result = importLines('one\ntwo\nthree', full, ids('n'));
    expect(result.options).toHaveLength(1000);
    expect(result).toMatchObject({ added: 1, overLimit: 2 });
  });

  it('adds nothing from blank text', () => {
    expect(importLines(' \n\n', [], ids('n'))).toMatchObject({ added: 0, blank: 0, options: [] });
  });
});

describe('the API body', () => {
  it('sends a list field with options in the order shown as positions and a default option', () => {
    const values: FieldFormValues = {
      ...emptyForm({ type: 'list', currency: 'RUB' }),
      name: ' Transport ',
      code: 'transport',
      options: [
        { id: uuid(2), label: 'Jeep ' },
        { id: uuid(1), label: 'Car' },
      ],
      defaultOptionId: uuid(1),
      display: 'checkboxes',
    };
    const body = createBodyOf(values, 'deal', { kind: 'none' }, 30);
    expect(body).toMatchObject({
      entity: 'deal',
      type: 'list',
      name: 'Transport',
      code: 'transport',
      sort: 30,
      pipelineIds: null,
      settings: {
        options: [
          { id: uuid(2), label: 'Jeep', position: 0 },
          { id: uuid(1), label: 'Car', position: 1 },
        ],
        defaultOptionId: uuid(1),
        display: 'checkboxes',
      },
    });
    expect(schemaProblems(body)).toEqual({});
  });

  it('keeps pipelines and stages for deals only, and a number range as decimal strings', () => {
    const values: FieldFormValues = {
      ...emptyForm({ type: 'number', currency: 'RUB', pipelineId: uuid(7) }),
      name: 'Area',
      requiredFromStageIds: [uuid(8)],
      min: '0',
      max: '1 000,5',
      precision: 1,
      multiple: true,
    };
    expect(createBodyOf(values, 'deal', { kind: 'none' }, 10)).toMatchObject({
      pipelineIds: [uuid(7)],
      requiredFromStageIds: [uuid(8)],
      multiple: true,
      settings: { precision: 1, min: '0', max: '1000.5' },
    });
    expect(createBodyOf(values, 'contact', { kind: 'none' }, 10)).toMatchObject({
      pipelineIds: null,
      requiredFromStageIds: [],
    });
  });

  it('never sends a default the type does not allow, nor "multiple" on a yes/no field', () => {
    const list = { ...emptyForm({ type: 'list', currency: 'RUB' }), name: 'L' };
    expect(createBodyOf(list, 'deal', { kind: 'fixed', value: 'x' }, 1).default).toEqual({ kind: 'none' });
    const flag = { ...emptyForm({ type: 'boolean', currency: 'RUB' }), name: 'B', multiple: true };
    expect(createBodyOf(flag, 'deal', { kind: 'fixed', value: true }, 1)).toMatchObject({
      multiple: false,
      default: { kind: 'fixed', value: true },
    });
  });

  it('leaves type, multiple, entity and sort out of an update', () => {
    const body = updateBodyOf(formOf(listField(['Car']), 'RUB'), 'deal', { kind: 'none' });
    expect(Object.keys(body).sort()).toEqual([
      'code',
      'default',
      'name',
      'pipelineIds',
      'required',
      'requiredFromStageIds',
      'settings',
      'showInFilter',
      'showInList',
    ]);
  });

  it('reads a stored field back into the same form', () => {
    const field = listField(['Car', 'Jeep']);
    const values = formOf(field, 'RUB');
    expect(values.options.map((option) => option.label)).toEqual(['Car', 'Jeep']);
    expect(createBodyOf(values, 'deal', { kind: 'none' }, 10).settings).toEqual({
      options: field.type === 'list' ? field.settings.options : [],
      defaultOptionId: null,
      display: 'dropdown',
    });
  });
});

describe('checks before sending', () => {
  it('names the local problems by input', () => {
    const values: FieldFormValues = {
      ...emptyForm({ type: 'list', currency: 'RUB' }),
      code: '1abc',
      allPipelines: false,
      options: [
        { id: 'a', label: 'Car' },
        { id: 'b', label: ' ' },
        { id: 'c', label: 'car' },
      ],
    };
    expect(localProblems(values, 'deal')).toEqual({
      name: 'required',
      code: 'code',
      pipelineIds: 'noPipelines',
      'options.1.label': 'emptyOption',
      'options.2.label': 'duplicateOption',
    });
    expect(localProblems({ ...values, options: [] }, 'contact')).toMatchObject({ options: 'noOptions' });
  });

  it('checks a number range', () => {
    const number = { ...emptyForm({ type: 'number', currency: 'RUB' }), name: 'N' };
    expect(localProblems({ ...number, min: '10', max: '9,5' }, 'deal')).toEqual({ max: 'minAboveMax' });
    expect(localProblems({ ...number, min: 'ten' }, 'deal')).toEqual({ min: 'decimal' });
    expect(localProblems({ ...number, min: '-1', max: '' }, 'deal')).toEqual({});
  });

  it('puts the schema’s reasons at their inputs: a fixed default outside the range', () => {
    const values = { ...emptyForm({ type: 'number', currency: 'RUB' }), name: 'N', max: '5' };
    const problems = schemaProblems(createBodyOf(values, 'deal', { kind: 'fixed', value: '7' }, 1));
    expect(problems).toEqual({ defaultValue: 'must be at most 5' });
  });
});

describe('server errors at their inputs', () => {
  it('maps the paths of the definition onto the form', () => {
    expect(formPathOf('name')).toBe('name');
    expect(formPathOf('code')).toBe('code');
    expect(formPathOf('requiredFromStageIds.2')).toBe('requiredFromStageIds');
    expect(formPathOf('pipelineIds.0')).toBe('pipelineIds');
    expect(formPathOf('default.value')).toBe('defaultValue');
    expect(formPathOf('settings.options.3.label')).toBe('options.3.label');
    expect(formPathOf('settings.options.3.position')).toBe('options');
    expect(formPathOf('settings.options')).toBe('options');
    expect(formPathOf('settings.defaultOptionId')).toBe('defaultOptionId');
    expect(formPathOf('settings.accept.1')).toBe('accept');
    expect(formPathOf('settings.max')).toBe('max');
    expect(formPathOf('settings')).toBeNull();
    expect(formPathOf('settings.colour')).toBeNull();
    expect(formPathOf('entity')).toBeNull();
  });

  it('keeps the first reason per input and returns the unmatched ones', () => {
    expect(
      mapFieldErrors({
        code: 'Another field of this entity has this code',
        'requiredFromStageIds.0': 'No such stage in the field’s pipelines',
        'requiredFromStageIds.1': 'No such stage',
        entity: 'Invalid option',
      }),
    ).toEqual({
      inputs: {
        code: 'Another field of this entity has this code',
        requiredFromStageIds: 'No such stage in the field’s pipelines',
      },
      rest: ['entity: Invalid option'],
    });
  });
});

describe('removed options', () => {
  it('lists the stored options a save would remove, and puts one back at its place', () => {
    const field = listField(['Car', 'Jeep', 'Motorbike', 'Truck']);
    const values = formOf(field, 'RUB');
    const kept = values.options.filter((option) => option.label === 'Car' || option.label === 'Truck');
    expect(removedOptions(field, { ...values, options: kept }).map((o) => o.label)).toEqual([
      'Jeep',
      'Motorbike',
    ]);
    const restored = restoreOption(field, kept, uuid(3));
    expect(restored.map((option) => option.label)).toEqual(['Car', 'Motorbike', 'Truck']);
    expect(restoreOption(field, restored, uuid(2)).map((option) => option.label)).toEqual([
      'Car',
      'Jeep',
      'Motorbike',
      'Truck',
    ]);
    expect(removedOptions(null, values)).toEqual([]);
  });
});

describe('field order', () => {
  const fields = [
    { id: 'a', name: 'A', sort: 500, pipelineIds: null },
    { id: 'b', name: 'B', sort: 500, pipelineIds: ['p2'] },
    { id: 'c', name: 'C', sort: 20, pipelineIds: ['p1'] },
    { id: 'd', name: 'D', sort: 600, pipelineIds: null },
  ];

  it('shows a pipeline’s fields (and the ones of every pipeline) in their order', () => {
    expect(fieldsInScope(fields, null).map((f) => f.id)).toEqual(['c', 'a', 'b', 'd']);
    expect(fieldsInScope(fields, 'p1').map((f) => f.id)).toEqual(['c', 'a', 'd']);
  });

  it('renumbers after a move within one pipeline, keeping the hidden fields’ slots', () => {
    // Showing p1: c, a, d → d, c, a; b (p2 only) stays third of all.
    const changes = sortChanges(fields, ['d', 'c', 'a']);
    const sorts = new Map(fields.map((field) => [field.id, field.sort]));
    for (const change of changes) sorts.set(change.id, change.sort);
    expect([...sorts.entries()].sort((x, y) => x[1] - y[1]).map(([id]) => id)).toEqual(['d', 'c', 'b', 'a']);
    // c already has 20: not sent again.
    expect(changes).toEqual([
      { id: 'd', sort: 10 },
      { id: 'b', sort: 30 },
      { id: 'a', sort: 40 },
    ]);
  });

  it('sends nothing for fields already in place', () => {
    const ordered = [
      { id: 'x', name: 'X', sort: 10 },
      { id: 'y', name: 'Y', sort: 20 },
      { id: 'z', name: 'Z', sort: 30 },
    ];
    expect(sortChanges(ordered, ['x', 'z', 'y'])).toEqual([
      { id: 'z', sort: 20 },
      { id: 'y', sort: 30 },
    ]);
  });
});
