import { describe, expect, it } from 'vitest';
import { bodyOf, emptyValues, formFieldOf, missing, valuesOf } from './ruleModel';

describe('robot form', () => {
  it('builds a robot body with timing, working hours and and/or conditions, and reads it back', () => {
    const values = {
      ...emptyValues(),
      name: 'Позвонить',
      text: 'Позвонить {{contact.name}}',
      timingKind: 'delay' as const,
      amount: 1,
      unit: 'days' as const,
      workingHours: 'account' as const,
      conditions: [{ field: 'amount', operator: 'gte' as const, value: '100000' }],
      groupOp: 'or' as const,
      group: [
        { field: 'tags', operator: 'contains' as const, value: 'vip' },
        { field: 'closeDate', operator: 'empty' as const, value: '' },
      ],
    };
    const body = bodyOf(values, { kind: 'robot', pipelineId: 'p', stageId: 's' });
    expect(body).toMatchObject({
      kind: 'robot',
      action: { type: 'create_task', text: 'Позвонить {{contact.name}}', responsibleUserId: null },
      timing: { kind: 'delay', amount: 1, unit: 'days', workingHours: 'account' },
      conditions: {
        op: 'and',
        items: [
          { field: 'amount', operator: 'gte', value: '100000' },
          {
            op: 'or',
            items: [
              { field: 'tags', operator: 'contains', value: 'vip' },
              { field: 'closeDate', operator: 'empty' },
            ],
          },
        ],
      },
    });
    const back = valuesOf({
      ...body,
      id: 'r',
      event: null,
      pipelineId: 'p',
      stageId: 's',
      field: null,
      position: 0,
      version: 1,
      createdAt: '',
      updatedAt: '',
    });
    expect(back.group).toHaveLength(2);
    expect(back.amount).toBe(1);
  });

  it('names missing inputs and maps server errors onto inputs', () => {
    expect(missing({ ...emptyValues(), actionType: 'call_webhook', url: 'ftp://x' })).toEqual([
      'name',
      'url',
    ]);
    expect(formFieldOf('action.url')).toBe('url');
    expect(formFieldOf('action.userIds.1')).toBe('userIds');
    expect(formFieldOf('nope')).toBeNull();
  });
});
