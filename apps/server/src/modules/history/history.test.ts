import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '@voronka/contracts';
import { toEntry } from './history.js';

const event = (payload: Record<string, unknown>): DomainEvent => ({
  id: '00000000-0000-4000-8000-000000000001',
  accountId: '00000000-0000-4000-8000-000000000002',
  type: 'user.updated',
  entity: 'user',
  entityId: 'u',
  actorUserId: null,
  source: 'ui',
  payload,
  occurredAt: '2026-11-23T12:00:00.000Z',
});

describe('toEntry', () => {
  it('keeps field changes apart from the other details', () => {
    expect(toEntry(event({ name: 'Вера', changes: { name: { from: 'В.', to: 'Вера' } } }))).toEqual({
      changes: { name: { from: 'В.', to: 'Вера' } },
      details: { name: 'Вера' },
    });
  });
  it('has no changes for events that are not changes', () => {
    expect(toEntry(event({ name: 'Вера', role: 'member' }))).toEqual({
      changes: null,
      details: { name: 'Вера', role: 'member' },
    });
  });
});
