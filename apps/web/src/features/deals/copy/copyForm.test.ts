import { describe, expect, it } from 'vitest';
import type { CustomField } from '@voronka/contracts';
import { initialCopyState, toCopyOptions, withAnonymized, withPreset } from './copyForm';

const field = (id: string, type: CustomField['type'], multiple = false) =>
  ({ id, type, multiple, name: id }) as unknown as CustomField;
const fields = [field('area', 'number'), field('phone', 'phone'), field('services', 'list', true)];
const source = {
  pipelineId: 'p1',
  stageId: 's1',
  status: 'open' as const,
  responsibleUserId: 'u1',
  itemIds: ['i1', 'i2'],
};

describe('the copy dialog', () => {
  it('starts from the deal: its pipeline, stage, responsible, every item and field', () => {
    const state = initialCopyState(source, fields);
    expect(toCopyOptions(state, source.itemIds, fields)).toEqual({
      pipelineId: 'p1',
      stageId: 's1',
      responsibleUserId: 'u1',
      items: 'all',
      contacts: true,
      company: true,
      amount: true,
      tags: true,
      source: true,
      dates: true,
      customFields: 'all',
      anonymized: false,
    });
    // A won deal's copy starts in the pipeline's first stage.
    expect(initialCopyState({ ...source, status: 'won' }, fields).stageId).toBeNull();
  });

  it('anonymized clears contacts, company, amount, tags, source and personal fields, and never sends contacts', () => {
    const state = withAnonymized(
      { ...initialCopyState(source, fields), title: 'Копия {name}' },
      true,
      fields,
    );
    expect(state).toMatchObject({
      contacts: false,
      company: false,
      amount: false,
      tags: false,
      source: false,
    });
    expect(state.fields).toEqual(['area', 'services']);
    expect(state.title).toBe('');
    const options = toCopyOptions(state, source.itemIds, fields);
    expect(options).not.toHaveProperty('contacts');
    expect(options).toMatchObject({ anonymized: true, customFields: ['area', 'services'] });
  });

  it('a preset fills the form; what it leaves out stays as the deal has it', () => {
    const base = initialCopyState(source, fields);
    const state = withPreset(
      base,
      'preset',
      { pipelineId: 'p2', items: [], customFields: ['services'] },
      fields,
    );
    expect(state).toMatchObject({ pipelineId: 'p2', stageId: null, responsibleUserId: 'u1', items: [] });
    expect(toCopyOptions(state, source.itemIds, fields)).toMatchObject({
      pipelineId: 'p2',
      items: [],
      customFields: ['services'],
    });
    expect(withPreset(base, 'anon', { anonymized: true }, fields)).toMatchObject({
      contacts: false,
      fields: ['area', 'services'],
    });
  });
});
