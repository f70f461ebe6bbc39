import { describe, expect, it } from 'vitest';
import { recordsOf } from './index.js';

describe('recordsOf: the records an event is about (the SSE stream asks the rights about each)', () => {
  it('names the event’s own record', () => {
    expect(recordsOf({ entity: 'deal', entityId: 'd1', payload: { name: 'Окна' } })).toEqual([
      { entity: 'deal', id: 'd1' },
    ]);
  });

  it('names the record a timeline entry or task is on', () => {
    expect(
      recordsOf({ entity: 'timeline', entityId: 'e1', payload: { entity: 'deal', entityId: 'd1' } }),
    ).toEqual([
      { entity: 'timeline', id: 'e1' },
      { entity: 'deal', id: 'd1' },
    ]);
    expect(recordsOf({ entity: 'task', entityId: 't1', payload: { entity: null, entityId: null } })).toEqual([
      { entity: 'task', id: 't1' },
    ]);
  });

  it('names the deals an intake request, a copy or a link names, each once', () => {
    expect(
      recordsOf({ entity: 'intake_request', entityId: 'r1', payload: { dealId: 'd1', kind: 'new' } }),
    ).toEqual([
      { entity: 'intake_request', id: 'r1' },
      { entity: 'deal', id: 'd1' },
    ]);
    expect(
      recordsOf({
        entity: 'deal',
        entityId: 'd1',
        payload: { dealId: 'd1', targetDealId: 'd2', copyId: 'd3' },
      }),
    ).toEqual([
      { entity: 'deal', id: 'd1' },
      { entity: 'deal', id: 'd3' },
      { entity: 'deal', id: 'd2' },
    ]);
  });

  it('ignores what is not an id (no entity id, numbers, empty strings)', () => {
    expect(recordsOf({ entity: 'account', entityId: null, payload: { dealId: 7, copyId: '' } })).toEqual([]);
  });
});
