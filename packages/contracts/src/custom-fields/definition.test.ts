import { describe, expect, it } from 'vitest';
import {
  applyCustomFieldUpdate,
  createCustomFieldBodySchema,
  customFieldSchema,
  fieldAppliesToPipeline,
  updateCustomFieldBodySchema,
  type CustomField,
} from './definition.js';
import { makeField, OPTION_IDS } from './testing/fixtures.js';

const PIPELINE = '11111111-1111-4111-8111-111111111111';
const OTHER_PIPELINE = '22222222-2222-4222-8222-222222222222';
const STAGE = '33333333-3333-4333-8333-333333333333';

const create = (body: Record<string, unknown>) =>
  createCustomFieldBodySchema.safeParse({ entity: 'deal', name: 'Поле', ...body });
const messages = (result: { error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (result.error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
const options = (labels: string[]) =>
  labels.map((label, index) => ({ id: OPTION_IDS[index], label, position: index * 10 }));

describe('createCustomFieldBodySchema', () => {
  it('fills in the defaults, so a name and a type are enough', () => {
    const result = create({ type: 'string' });
    expect(result.data).toEqual({
      entity: 'deal',
      name: 'Поле',
      type: 'string',
      code: null,
      multiple: false,
      required: false,
      requiredFromStageIds: [],
      showInFilter: true,
      showInList: false,
      sort: 500,
      pipelineIds: null,
      settings: { rows: 1 },
      default: { kind: 'none' },
    });
    expect(create({ type: 'number' }).data?.settings).toEqual({ precision: 2, min: null, max: null });
    expect(create({ type: 'file' }).data?.settings).toEqual({ maxSizeMb: 50, accept: [] });
  });

  it('needs the settings that have no sensible default', () => {
    for (const type of ['list', 'money', 'crm_link', 'resource_booking']) {
      const result = create({ type });
      expect(result.success).toBe(false);
      expect(messages(result).some((m) => m.startsWith('settings'))).toBe(true);
    }
  });

  it('refuses an unknown type, and settings of another type', () => {
    expect(create({ type: 'multitext' }).success).toBe(false);
    expect(messages(create({ type: 'number', settings: { rows: 3 } }))).toEqual([
      expect.stringMatching(/^settings: Unrecognized key/),
    ]);
  });

  it('checks the API code and the name', () => {
    expect(create({ type: 'string', code: 'utm_source' }).success).toBe(true);
    expect(create({ type: 'string', code: 'a'.repeat(63) }).success).toBe(true);
    for (const code of ['UTM', '1st', '_x', 'a-b', 'a'.repeat(64), ''])
      expect(create({ type: 'string', code }).success).toBe(false);
    expect(create({ type: 'string', name: 'я'.repeat(200) }).success).toBe(true);
    expect(create({ type: 'string', name: 'я'.repeat(201) }).success).toBe(false);
    expect(create({ type: 'string', name: '  ' }).success).toBe(false);
  });

  it('keeps list options unique by id, label and position, in position order', () => {
    const result = create({
      type: 'list',
      settings: {
        options: [
          { id: OPTION_IDS[0], label: 'Б', position: 20 },
          { id: OPTION_IDS[1], label: 'А', position: 10 },
        ],
        defaultOptionId: OPTION_IDS[0],
        display: 'checkboxes',
      },
    });
    expect(result.data?.settings).toEqual({
      options: [
        { id: OPTION_IDS[1], label: 'А', position: 10 },
        { id: OPTION_IDS[0], label: 'Б', position: 20 },
      ],
      defaultOptionId: OPTION_IDS[0],
      display: 'checkboxes',
    });
    expect(messages(create({ type: 'list', settings: { options: options(['VIP', 'vip']) } }))).toEqual([
      'settings.options: option labels must be unique',
    ]);
    const sameId = [
      { id: OPTION_IDS[0], label: 'A', position: 0 },
      { id: OPTION_IDS[0], label: 'B', position: 1 },
    ];
    expect(messages(create({ type: 'list', settings: { options: sameId } }))).toEqual([
      'settings.options: option ids must be unique',
    ]);
    const sameSpot = [
      { id: OPTION_IDS[0], label: 'A', position: 0 },
      { id: OPTION_IDS[1], label: 'B', position: 0 },
    ];
    expect(messages(create({ type: 'list', settings: { options: sameSpot } }))).toEqual([
      'settings.options: option positions must be unique',
    ]);
    expect(
      messages(
        create({ type: 'list', settings: { options: options(['A']), defaultOptionId: OPTION_IDS[2] } }),
      ),
    ).toEqual(['settings.defaultOptionId: must be one of the options']);
    expect(create({ type: 'list', settings: { options: [] } }).success).toBe(false);
  });

  it('checks number settings and their fit with a fixed default', () => {
    expect(messages(create({ type: 'number', settings: { min: 10, max: 5 } }))).toEqual([
      'settings.max: must not be less than min',
    ]);
    expect(create({ type: 'number', settings: { precision: 7 } }).success).toBe(false);
    expect(
      messages(create({ type: 'number', settings: { max: 100 }, default: { kind: 'fixed', value: 101 } })),
    ).toEqual(['default.value: must be at most 100']);
    expect(
      create({ type: 'number', settings: { precision: 0 }, default: { kind: 'fixed', value: '5' } }).data
        ?.default,
    ).toEqual({ kind: 'fixed', value: '5' });
  });

  it('allows "now" only for dates, and no fixed default for lists, files and bookings', () => {
    expect(create({ type: 'date', default: { kind: 'now' } }).success).toBe(true);
    expect(create({ type: 'datetime', default: { kind: 'now' } }).success).toBe(true);
    expect(create({ type: 'string', default: { kind: 'now' } }).success).toBe(false);
    expect(create({ type: 'date', default: { kind: 'fixed', value: '2024-02-30' } }).success).toBe(false);
    expect(create({ type: 'boolean', default: { kind: 'fixed', value: true } }).success).toBe(true);
    const list = { type: 'list', settings: { options: options(['A']) } };
    expect(create({ ...list, default: { kind: 'fixed', value: OPTION_IDS[0] } }).success).toBe(false);
    expect(create({ type: 'file', default: { kind: 'fixed', value: {} } }).success).toBe(false);
  });

  it('refuses a multiple yes/no field', () => {
    expect(messages(create({ type: 'boolean', multiple: true }))).toEqual([
      'multiple: a yes/no field holds one value',
    ]);
  });

  it('keeps stages and pipelines to deals and leads', () => {
    expect(create({ type: 'string', requiredFromStageIds: [STAGE], pipelineIds: [PIPELINE] }).success).toBe(
      true,
    );
    expect(create({ type: 'string', entity: 'lead', requiredFromStageIds: [STAGE] }).success).toBe(true);
    expect(messages(create({ type: 'string', entity: 'contact', requiredFromStageIds: [STAGE] }))).toEqual([
      'requiredFromStageIds: contacts and companies have no stages',
    ]);
    expect(messages(create({ type: 'string', entity: 'company', pipelineIds: [PIPELINE] }))).toEqual([
      'pipelineIds: contacts and companies have no pipelines',
    ]);
    expect(create({ type: 'string', pipelineIds: [] }).success).toBe(false);
    expect(create({ type: 'string', requiredFromStageIds: [STAGE, STAGE] }).success).toBe(false);
  });
});

describe('customFieldSchema', () => {
  it('reads back what it stored', () => {
    const fields: CustomField[] = [
      makeField('list', { settings: { options: options(['A', 'B']), defaultOptionId: OPTION_IDS[1] } }),
      makeField('number', {
        settings: { precision: 1, min: '0.5' },
        default: { kind: 'fixed', value: '2.5' },
      }),
      makeField('datetime', { default: { kind: 'now' }, multiple: true }),
    ];
    for (const field of fields)
      expect(customFieldSchema.parse(JSON.parse(JSON.stringify(field)))).toEqual(field);
  });
});

describe('updateCustomFieldBodySchema', () => {
  it('refuses to change the type, multiple or the entity', () => {
    for (const key of ['type', 'multiple', 'entity', 'id']) {
      const result = updateCustomFieldBodySchema.safeParse({ name: 'X', [key]: 'string' });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/Unrecognized key/);
    }
    expect(updateCustomFieldBodySchema.safeParse({ name: 'X', multiple: false }).success).toBe(false);
  });
});

describe('applyCustomFieldUpdate', () => {
  const update = (field: CustomField, body: unknown) =>
    applyCustomFieldUpdate(field, updateCustomFieldBodySchema.parse(body));

  it('changes what it names and keeps the rest', () => {
    const field = makeField('string', { code: 'source', showInList: true });
    const result = update(field, { name: 'Источник', code: null, settings: { rows: 4 } });
    expect(result.data).toEqual({ ...field, name: 'Источник', code: null, settings: { rows: 4 } });
  });

  it('merges settings key by key and checks the result against the type', () => {
    const field = makeField('list', {
      settings: { options: options(['A', 'B']), defaultOptionId: OPTION_IDS[0] },
    });
    expect(update(field, { settings: { display: 'checkboxes' } }).data?.settings).toEqual({
      ...field.settings,
      display: 'checkboxes',
    });
    // Dropping the default option leaves a dangling default.
    const withoutDefault = update(field, { settings: { options: options(['A', 'B']).slice(1) } });
    expect(messages(withoutDefault)).toEqual(['settings.defaultOptionId: must be one of the options']);
    expect(messages(update(field, { settings: { rows: 2 } }))).toEqual([
      expect.stringMatching(/^settings: Unrecognized key/),
    ]);
  });

  it('checks a fixed default against the new settings, and a new default against the type', () => {
    const field = makeField('number', { default: { kind: 'fixed', value: 50 } });
    expect(messages(update(field, { settings: { max: 10 } }))).toEqual(['default.value: must be at most 10']);
    expect(update(field, { default: { kind: 'now' } }).success).toBe(false);
    expect(update(field, { default: { kind: 'fixed', value: '1.00' } }).data?.default).toEqual({
      kind: 'fixed',
      value: '1',
    });
  });
});

describe('fieldAppliesToPipeline', () => {
  it('is true for every pipeline when the field has no pipeline list', () => {
    const everywhere = makeField('string');
    const only = makeField('string', { pipelineIds: [PIPELINE] });
    expect(fieldAppliesToPipeline(everywhere, OTHER_PIPELINE)).toBe(true);
    expect(fieldAppliesToPipeline(everywhere, null)).toBe(true);
    expect(fieldAppliesToPipeline(only, PIPELINE)).toBe(true);
    expect(fieldAppliesToPipeline(only, OTHER_PIPELINE)).toBe(false);
    expect(fieldAppliesToPipeline(only, null)).toBe(false);
  });
});
