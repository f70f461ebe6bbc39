import crypto from 'node:crypto';
import type { CustomField } from '@voronka/contracts';
import { describe, expect, it } from 'vitest';
import { carriedValues, closedLeadVerdict, defaultTitle, personNameOf } from './lead-rules.js';

describe('lead title', () => {
  it('is built from the person and the company, else the first phone or e-mail', () => {
    expect(
      defaultTitle({ lastName: 'Петрова', firstName: 'Анна', middleName: 'С.', companyName: 'ООО Ромашка' }),
    ).toBe('Петрова Анна, ООО Ромашка');
    expect(defaultTitle({ firstName: 'Анна' })).toBe('Анна');
    expect(defaultTitle({ companyName: 'ИП Сидоров' })).toBe('ИП Сидоров');
    expect(defaultTitle({ phones: [{ value: '8 916 123-45-67' }], emails: [{ value: 'a@b.ru' }] })).toBe(
      '8 916 123-45-67',
    );
    expect(defaultTitle({ emails: [{ value: 'a@b.ru' }] })).toBe('a@b.ru');
    expect(defaultTitle({ lastName: null, phones: [] })).toBeNull();
    expect(defaultTitle({ companyName: 'Я'.repeat(300) })).toHaveLength(200);
    expect(personNameOf({ lastName: 'Петрова', firstName: 'Анна', middleName: null })).toBe('Петрова Анна');
  });
});

describe('what a closed lead may change', () => {
  it('lets open leads change anything and become junk, never converted by an edit', () => {
    expect(closedLeadVerdict('open', 'junk', ['statusId', 'amount'], true)).toEqual({ ok: true });
    expect(closedLeadVerdict('open', undefined, ['amount', 'phones'], false)).toEqual({ ok: true });
    expect(closedLeadVerdict('open', 'converted', ['statusId'], true)).toMatchObject({
      ok: false,
      status: 422,
      field: 'body.statusId',
    });
  });

  it('keeps a converted lead as it is, apart from its comment', () => {
    expect(closedLeadVerdict('converted', undefined, ['comment'], false)).toEqual({ ok: true });
    expect(closedLeadVerdict('converted', 'converted', ['comment', 'statusId'], false)).toEqual({ ok: true });
    expect(closedLeadVerdict('converted', 'open', ['statusId'], true)).toMatchObject({
      ok: false,
      status: 409,
      code: 'lead_converted',
    });
    expect(closedLeadVerdict('converted', undefined, ['amount'], false)).toMatchObject({
      ok: false,
      status: 409,
    });
  });

  it('keeps a junk lead read-only apart from its comment until it is reopened (in the same request too)', () => {
    expect(closedLeadVerdict('junk', undefined, ['comment'], false)).toEqual({ ok: true });
    expect(closedLeadVerdict('junk', undefined, ['amount', 'comment'], false)).toMatchObject({
      ok: false,
      code: 'lead_junk',
    });
    expect(closedLeadVerdict('junk', 'junk', ['statusId', 'firstName'], false)).toMatchObject({ ok: false });
    expect(closedLeadVerdict('junk', 'open', ['statusId', 'amount', 'firstName'], true)).toEqual({
      ok: true,
    });
  });
});

const field = (over: Partial<CustomField> & Pick<CustomField, 'type'>): CustomField =>
  ({
    id: crypto.randomUUID(),
    entity: 'lead',
    name: 'F',
    code: null,
    multiple: false,
    required: false,
    requiredFromStageIds: [],
    showInFilter: true,
    showInList: false,
    sort: 500,
    pipelineIds: null,
    settings: {},
    default: { kind: 'none' },
    ...over,
  }) as CustomField;

describe('custom-field values carried by a conversion', () => {
  const options = (labels: string[]) => ({
    options: labels.map((label, position) => ({ id: crypto.randomUUID(), label, position })),
    defaultOptionId: null,
    display: 'dropdown',
  });

  it('go to the field with the same code, type and multiplicity that applies to the pipeline', () => {
    const pipeline = crypto.randomUUID();
    const budget = field({ type: 'number', code: 'budget' });
    const note = field({ type: 'string', code: 'note' });
    const uncoded = field({ type: 'string' });
    const dealBudget = field({ type: 'number', code: 'budget', entity: 'deal' });
    const dealNoteOtherType = field({ type: 'text', code: 'note', entity: 'deal' });
    const dealUncoded = field({ type: 'string', entity: 'deal' });
    const values = { [budget.id]: '1500.5', [note.id]: 'x', [uncoded.id]: 'y' };
    expect(
      carriedValues([budget, note, uncoded], [dealBudget, dealNoteOtherType, dealUncoded], values, pipeline),
    ).toEqual({ [dealBudget.id]: '1500.5' });
    const otherPipeline = field({
      type: 'number',
      code: 'budget',
      entity: 'deal',
      pipelineIds: [crypto.randomUUID()],
    });
    expect(carriedValues([budget], [otherPipeline], values, pipeline)).toEqual({});
    expect(carriedValues([budget], [otherPipeline], values, null)).toEqual({});
  });

  it('translate list options by label and drop labels the target lacks', () => {
    const from = field({ type: 'list', code: 'city', settings: options(['Москва', 'Казань']) as never });
    const to = field({
      type: 'list',
      code: 'city',
      entity: 'deal',
      settings: options(['казань', 'Москва']) as never,
    });
    const [moscow, kazan] = (from.settings as { options: { id: string }[] }).options;
    const [toKazan, toMoscow] = (to.settings as { options: { id: string }[] }).options;
    expect(carriedValues([from], [to], { [from.id]: moscow?.id }, null)).toEqual({ [to.id]: toMoscow?.id });
    expect(carriedValues([from], [to], { [from.id]: kazan?.id }, null)).toEqual({ [to.id]: toKazan?.id });
    const many = field({
      type: 'list',
      code: 'cities',
      multiple: true,
      settings: options(['Москва', 'Тверь']) as never,
    });
    const manyTo = field({
      type: 'list',
      code: 'cities',
      multiple: true,
      entity: 'deal',
      settings: options(['Москва']) as never,
    });
    const ids = (many.settings as { options: { id: string }[] }).options.map((o) => o.id);
    const target = (manyTo.settings as { options: { id: string }[] }).options[0]?.id;
    expect(carriedValues([many], [manyTo], { [many.id]: ids }, null)).toEqual({ [manyTo.id]: [target] });
    expect(carriedValues([many], [manyTo], { [many.id]: ids.slice(1) }, null)).toEqual({});
  });
});
