import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeField, OPTION_IDS } from './testing/fixtures.js';
import { applyFieldDefaults, validateFieldValues } from './validate.js';

const PIPELINE = '11111111-1111-4111-8111-111111111111';
const OTHER_PIPELINE = '22222222-2222-4222-8222-222222222222';
const UNKNOWN = '99999999-9999-4999-8999-999999999999';

const errorsOf = (result: ReturnType<typeof validateFieldValues>) => (result.ok ? [] : result.errors);

describe('validateFieldValues', () => {
  it('returns the values parsed', () => {
    const name = makeField('string');
    const tags = makeField('list', { multiple: true });
    const amount = makeField('number');
    const result = validateFieldValues([name, tags, amount], {
      [name.id]: '  Иван ',
      [tags.id]: [],
      [amount.id]: 10.5,
    });
    expect(result).toEqual({ ok: true, values: { [name.id]: 'Иван', [tags.id]: null, [amount.id]: '10.5' } });
  });

  it('reports unknown fields and every bad value at once, at customFields.<id>', () => {
    const amount = makeField('number', { settings: { precision: 0 } });
    const site = makeField('url');
    const result = validateFieldValues([amount, site], {
      [amount.id]: '1.5',
      [site.id]: 'ftp://x.ru',
      [UNKNOWN]: 1,
    });
    expect(errorsOf(result)).toEqual([
      { field: `customFields.${UNKNOWN}`, reason: 'unknown field' },
      { field: `customFields.${amount.id}`, reason: 'must have at most 0 decimal places' },
      { field: `customFields.${site.id}`, reason: 'must be an http:// or https:// link' },
    ]);
  });

  it('explains a value of the wrong kind in the field’s own terms', () => {
    const amount = makeField('number');
    const address = makeField('address');
    const result = validateFieldValues([amount, address], {
      [amount.id]: { value: 1 },
      [address.id]: { text: 'Москва', city: 5 },
    });
    expect(errorsOf(result)).toEqual([
      { field: `customFields.${amount.id}`, reason: 'must be a decimal number like 1234.56' },
      { field: `customFields.${address.id}`, reason: expect.stringMatching(/^city: .*string/) },
    ]);
  });

  it('says which element of a multiple value is wrong', () => {
    const field = makeField('money', { multiple: true });
    const result = validateFieldValues([field], {
      [field.id]: [
        { amount: '1', currency: 'RUB' },
        { amount: '1.001', currency: 'RUB' },
      ],
    });
    expect(errorsOf(result)).toEqual([
      { field: `customFields.${field.id}`, reason: '[1].amount: must have at most 2 decimal places' },
    ]);
  });

  it('requires a value of a required field: absent, null and [] are all empty, false is not', () => {
    const required = makeField('string', { required: true });
    const list = makeField('list', { required: true, multiple: true });
    const flag = makeField('boolean', { required: true });
    for (const values of [{}, { [required.id]: null, [list.id]: [], [flag.id]: null }]) {
      expect(errorsOf(validateFieldValues([required, list, flag], values))).toEqual([
        { field: `customFields.${required.id}`, reason: 'required' },
        { field: `customFields.${list.id}`, reason: 'required' },
        { field: `customFields.${flag.id}`, reason: 'required' },
      ]);
    }
    const filled = { [required.id]: 'x', [list.id]: [OPTION_IDS[0]], [flag.id]: false };
    expect(validateFieldValues([required, list, flag], filled).ok).toBe(true);
  });

  it('enforces "required from stage X" exactly at X and every later stage of the pipeline', () => {
    const stageOrder = fc.uniqueArray(fc.uuid(), { minLength: 1, maxLength: 12 });
    const scenario = stageOrder.chain((order) =>
      fc.record({
        order: fc.constant(order),
        from: fc.integer({ min: 0, max: order.length - 1 }),
        current: fc.integer({ min: 0, max: order.length - 1 }),
        filled: fc.boolean(),
        otherPipelineStage: fc.option(fc.uuid().filter((id) => !order.includes(id))),
      }),
    );
    fc.assert(
      fc.property(scenario, ({ order, from, current, filled, otherPipelineStage }) => {
        const requiredFrom = [order[from] ?? '', ...(otherPipelineStage ? [otherPipelineStage] : [])];
        const field = makeField('date', { requiredFromStageIds: requiredFrom });
        const values = filled ? { [field.id]: '2024-03-01' } : {};
        const result = validateFieldValues([field], values, { stageId: order[current], stageOrder: order });
        const mustFail = !filled && current >= from;
        expect(result.ok).toBe(!mustFail);
        if (mustFail)
          expect(errorsOf(result)).toEqual([
            { field: `customFields.${field.id}`, reason: 'required at this stage' },
          ]);
      }),
    );
  });

  it('with several "from" stages, the earliest one counts', () => {
    const order = ['a', 'b', 'c', 'd'].map((s) => `${s.repeat(8)}-0000-4000-8000-000000000000`);
    const field = makeField('string', { requiredFromStageIds: [order[2], order[1]] });
    expect(validateFieldValues([field], {}, { stageId: order[0], stageOrder: order }).ok).toBe(true);
    expect(validateFieldValues([field], {}, { stageId: order[1], stageOrder: order }).ok).toBe(false);
  });

  it('needs no stage for contacts and companies, and refuses a stage outside the given order', () => {
    const [first, second] = ['a', 'b'].map((s) => `${s.repeat(8)}-0000-4000-8000-000000000000`);
    const field = makeField('string', { requiredFromStageIds: [first] });
    expect(validateFieldValues([field], {}).ok).toBe(true);
    expect(() => validateFieldValues([field], {}, { stageId: second, stageOrder: [first ?? ''] })).toThrow(
      /stageOrder/,
    );
  });

  it('does not require fields of other pipelines, but still checks and keeps their values', () => {
    const elsewhere = makeField('string', { required: true, pipelineIds: [OTHER_PIPELINE] });
    expect(validateFieldValues([elsewhere], {}, { pipelineId: PIPELINE }).ok).toBe(true);
    expect(validateFieldValues([elsewhere], {}, { pipelineId: OTHER_PIPELINE }).ok).toBe(false);
    expect(validateFieldValues([elsewhere], { [elsewhere.id]: ' kept ' }, { pipelineId: PIPELINE })).toEqual({
      ok: true,
      values: { [elsewhere.id]: 'kept' },
    });
    expect(validateFieldValues([elsewhere], { [elsewhere.id]: '' }, { pipelineId: PIPELINE }).ok).toBe(false);
  });
});

describe('applyFieldDefaults', () => {
  const now = new Date('2024-03-01T22:30:00Z');

  it('fills only absent fields: a value or an explicit null is the user’s choice', () => {
    const signed = makeField('date', { default: { kind: 'now' } });
    const source = makeField('string', { default: { kind: 'fixed', value: 'Сайт' } });
    const plain = makeField('string');
    const values = applyFieldDefaults([signed, source, plain], { [source.id]: null }, now, {
      timeZone: 'Europe/Moscow',
    });
    expect(values).toEqual({ [signed.id]: '2024-03-02', [source.id]: null });
  });

  it('leaves fields of other pipelines alone', () => {
    const field = makeField('boolean', {
      pipelineIds: [OTHER_PIPELINE],
      default: { kind: 'fixed', value: true },
    });
    expect(applyFieldDefaults([field], {}, now, { pipelineId: PIPELINE })).toEqual({});
    expect(applyFieldDefaults([field], {}, now, { pipelineId: OTHER_PIPELINE })).toEqual({
      [field.id]: true,
    });
  });

  it('produces values that validate, so a required field with a default never blocks creation', () => {
    const fields = [
      makeField('datetime', { required: true, default: { kind: 'now' } }),
      makeField('list', {
        required: true,
        multiple: true,
        settings: {
          options: [{ id: OPTION_IDS[0], label: 'A', position: 0 }],
          defaultOptionId: OPTION_IDS[0],
        },
      }),
      makeField('money', {
        required: true,
        default: { kind: 'fixed', value: { amount: '0', currency: 'RUB' } },
      }),
    ];
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        (at) => {
          expect(validateFieldValues(fields, applyFieldDefaults(fields, {}, at)).ok).toBe(true);
        },
      ),
    );
  });
});
